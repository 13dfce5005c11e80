using Ferry.Core.Errors;
using Ferry.Server.Hosting;

namespace Ferry.Server.Classic;

/// <summary>
/// Runs before every customer-extension handler: the management certificate must be registered for the path's
/// subscription (<see cref="ClassicAuthenticator"/>), else a 403 problem; an unreachable database becomes a 503 problem with
/// <c>Retry-After</c> (docs/architecture.md §8.5), any other unexpected failure a 500 problem.
/// </summary>
internal sealed partial class FerryExtensionsGuard(ClassicAuthenticator authenticator, DatabaseOutage outage, ILogger<FerryExtensionsGuard> logger) : IEndpointFilter
{
    /// <summary>The path's subscription id in canonical form, or empty when it is not a GUID (which no certificate matches).</summary>
    public static string Subscription(string pathSubscriptionId) =>
        Guid.TryParse(pathSubscriptionId, out var id) ? id.ToString() : "";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            var subscriptionId = Subscription(http.GetRouteValue("subscriptionId") as string ?? "");
            if ((await authenticator.AuthenticateAsync(http, subscriptionId) ?? ClientInput.CheckPathAndQuery(http.Request)) is { } refused)
            {
                return ProblemDetailsRenderer.ToResult(refused);
            }

            return await next(context);
        }
        catch (OperationCanceledException gone) when (ClientDisconnectedException.IsClientGone(gone, http))
        {
            // The client went away; nothing to answer.
            return TypedResults.Empty;
        }
        catch (BadHttpRequestException refusal) when (!http.Response.HasStarted)
        {
            return ProblemDetailsRenderer.ToResult(ClientInput.FromKestrel(refusal));
        }
        catch (Exception e) when (!http.Response.HasStarted && DatabaseFailures.IsTransient(e))
        {
            return ProblemDetailsRenderer.ToResult(outage.Refuse(http, e));
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            LogUnexpected(e, http.Request.Method, http.Request.Path.Value ?? "");
            return ProblemDetailsRenderer.ToResult(new FerryError(FerryErrors.InternalError, "The server failed to process the request."));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure of {Method} {Path}")]
    private partial void LogUnexpected(Exception exception, string method, string path);
}
