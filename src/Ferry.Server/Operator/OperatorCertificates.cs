using System.Globalization;
using Ferry.Core.Errors;
using Ferry.Core.Persistence;
using Ferry.Server.Hosting;

namespace Ferry.Server.Operator;

/// <summary>
/// <c>GET /operator/certificates</c> (docs/operator-api.md §1): the registered management certificates with their
/// expiry, soonest first, optionally only those expiring within a period of the server's clock (expired ones
/// included). Only public facts are stored and answered; a private key never reaches the server.
/// </summary>
internal static class OperatorCertificates
{
    public const string Path = "/certificates";
    public const string ExpiringWithin = "expiringWithin";

    public static void Map(RouteGroupBuilder root) => root.MapGet(Path, ListAsync)
        .WithName("ListCertificates").WithSummary("The registered management certificates, soonest expiry first.")
        .Produces<ValueList<CertificateView>>();

    private static async Task<IResult> ListAsync(HttpContext http, IJobStore store, TimeProvider time)
    {
        TimeSpan? window = null;
        if (http.Request.Query.TryGetValue(ExpiringWithin, out var values))
        {
            if (values.Count != 1 || !TimeSpan.TryParse(values[0], CultureInfo.InvariantCulture, out var parsed) || parsed < TimeSpan.Zero)
            {
                return ProblemDetailsRenderer.ToResult(FerryErrors.Invalid(ExpiringWithin,
                    "expiringWithin is a period as d.hh:mm:ss, e.g. 30.00:00:00 (a bare number counts days), given once and not negative."));
            }

            window = parsed;
        }

        var now = time.GetUtcNow();
        var limit = window is { } w && w < DateTimeOffset.MaxValue - now ? now + w : DateTimeOffset.MaxValue;
        var subscriptions = await store.ListSubscriptionsAsync(http.RequestAborted);
        var certificates = subscriptions
            .SelectMany(s => s.Certificates.Select(c => new CertificateView(s.Id, s.Enabled, c.Thumbprint, c.Subject, c.NotAfter, c.AddedAt, c.NotAfter < now)))
            .Where(c => c.NotAfter <= limit)
            .OrderBy(c => c.NotAfter).ThenBy(c => c.Thumbprint, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Json(new ValueList<CertificateView>(certificates), FerryJson.Options);
    }
}

/// <summary>A registered management certificate as the operator sees it: public facts only.</summary>
internal sealed record CertificateView(string SubscriptionId, bool SubscriptionEnabled, string Thumbprint, string Subject, DateTimeOffset NotAfter, DateTimeOffset AddedAt, bool Expired);
