using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Ferry.Server.Hosting;
using Microsoft.Extensions.Primitives;

namespace Ferry.Server.Operator;

/// <summary>
/// The operator's view across subscriptions (docs/operator-api.md §1.1): <c>GET /operator/jobs</c> searches the jobs of
/// every subscription and surface with keyset paging, <c>GET /operator/jobs/counts</c> counts them by state, and
/// <c>GET /operator/transfers</c> lists the drives being copied now. Every bad parameter is a 400 naming it.
/// </summary>
internal static class OperatorJobSearch
{
    public const int DefaultTop = 100;
    public const int MaxTop = 1000;
    public const string ContinuationToken = "continuationToken";

    private const string TokenPrefix = "j1:";
    private static readonly string[] _filters = ["state", "type", "location", "subscription", "surface", "createdFrom", "createdTo", "updatedFrom", "updatedTo", "trackingNumber", "driveId"];
    private static readonly string[] _paging = ["top", ContinuationToken];

    public static void Map(RouteGroupBuilder root)
    {
        root.MapGet("/jobs", SearchAsync).WithName("SearchJobs")
            .WithSummary("Jobs of every subscription and surface, newest first, filtered, in keyset pages.").Produces<JobSearchView>();
        root.MapGet("/jobs/counts", CountAsync).WithName("CountJobs")
            .WithSummary("How many jobs match the filters, by state.").Produces<JobCountsView>();
        root.MapGet("/transfers", TransfersAsync).WithName("ListTransfers")
            .WithSummary("The drives being copied now, with bytes and throughput.").Produces<ValueList<TransferView>>();
    }

    private static async Task<IResult> SearchAsync(HttpContext http, IJobStore store)
    {
        var parsed = Parse(http.Request.Query, paging: true);
        if (parsed.Error is { } invalid)
        {
            return ProblemDetailsRenderer.ToResult(invalid);
        }

        var page = await store.SearchJobsAsync(parsed.Value!, http.RequestAborted);
        var next = page.HasMore ? NextLink(http.Request, page.Jobs[^1].Id) : null;
        return TypedResults.Json(new JobSearchView([.. page.Jobs.Select(OperatorJobView.From)], next), FerryJson.Options);
    }

    private static async Task<IResult> CountAsync(HttpContext http, IJobStore store)
    {
        var parsed = Parse(http.Request.Query, paging: false);
        if (parsed.Error is { } invalid)
        {
            return ProblemDetailsRenderer.ToResult(invalid);
        }

        var counts = await store.CountJobsByStateAsync(parsed.Value!, http.RequestAborted);
        var byState = Enum.GetValues<JobState>().ToDictionary(s => s, s => counts.GetValueOrDefault(s));
        return TypedResults.Json(new JobCountsView(byState.Values.Sum(), byState), FerryJson.Options);
    }

    private static async Task<IResult> TransfersAsync(HttpContext http, IJobStore store, TimeProvider time)
    {
        if (http.Request.Query.Count > 0)
        {
            return ProblemDetailsRenderer.ToResult(FerryErrors.Invalid(http.Request.Query.Keys.First(), "/operator/transfers takes no query parameters."));
        }

        var now = time.GetUtcNow();
        var drives = await store.ListDrivesInTransferAsync(now, http.RequestAborted);
        return TypedResults.Json(new ValueList<TransferView>([.. drives.Select(d => TransferView.From(d, now))]), FerryJson.Options);
    }

    /// <summary>The search of a query string; unknown or repeated parameters and bad values are 400s naming the parameter.</summary>
    internal static Result<JobSearchQuery> Parse(IQueryCollection query, bool paging)
    {
        var known = paging ? [.. _filters, .. _paging] : _filters;
        if (query.Keys.FirstOrDefault(k => !known.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            return FerryErrors.Invalid(unknown, $"Unknown query parameter '{unknown}'; the parameters are {string.Join(", ", known)}.");
        }

        if (query.FirstOrDefault(p => p.Key != "state" && p.Value.Count != 1) is { Key: { } repeated })
        {
            return FerryErrors.Invalid(repeated, $"{repeated} may be given once.");
        }

        var search = new JobSearchQuery();
        if (query.TryGetValue("state", out var stateValues))
        {
            var states = new List<JobState>();
            foreach (var name in stateValues.SelectMany(v => (v ?? "").Split(',')).Select(s => s.Trim()))
            {
                if (!Enum.TryParse<JobState>(name, ignoreCase: true, out var state) || !Enum.IsDefined(state) || name.Any(char.IsDigit))
                {
                    return FerryErrors.Invalid("state", $"'{name}' is not a job state; give one or more of {string.Join(", ", Enum.GetNames<JobState>())}, repeated or comma-separated.");
                }

                states.Add(state);
            }

            search = search with { States = states };
        }

        if (Text(query, "type") is { } type)
        {
            if (!Enum.TryParse<JobType>(type, ignoreCase: true, out var parsedType) || !Enum.IsDefined(parsedType) || type.Any(char.IsDigit))
            {
                return FerryErrors.Invalid("type", "type is Import or Export.");
            }

            search = search with { Type = parsedType };
        }

        if (Text(query, "surface") is { } surface)
        {
            if (!Enum.TryParse<ApiSurface>(surface, ignoreCase: true, out var parsedSurface) || !Enum.IsDefined(parsedSurface) || surface.Any(char.IsDigit))
            {
                return FerryErrors.Invalid("surface", "surface is classic or arm.");
            }

            search = search with { Surface = parsedSurface };
        }

        foreach (var name in new[] { "location", "subscription", "trackingNumber", "driveId" })
        {
            if (query.ContainsKey(name) && string.IsNullOrWhiteSpace(Text(query, name)))
            {
                return FerryErrors.Invalid(name, $"{name}, when given, must not be blank.");
            }
        }

        search = search with
        {
            Location = Text(query, "location"),
            SubscriptionId = Text(query, "subscription")?.Trim(),
            TrackingNumber = Text(query, "trackingNumber"),
            DriveId = Text(query, "driveId"),
        };

        var instants = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var name in new[] { "createdFrom", "createdTo", "updatedFrom", "updatedTo" })
        {
            if (Text(query, name) is not { } text)
            {
                continue;
            }

            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) || !text.Contains('-', StringComparison.Ordinal))
            {
                return FerryErrors.Invalid(name, $"{name} is an ISO 8601 instant, e.g. 2026-12-07T09:30:00Z (a date alone is midnight UTC).");
            }

            instants[name] = instant;
        }

        search = search with
        {
            CreatedFrom = instants.TryGetValue("createdFrom", out var cf) ? cf : null,
            CreatedTo = instants.TryGetValue("createdTo", out var ct) ? ct : null,
            UpdatedFrom = instants.TryGetValue("updatedFrom", out var uf) ? uf : null,
            UpdatedTo = instants.TryGetValue("updatedTo", out var ut) ? ut : null,
        };

        if (Text(query, "top") is { } top)
        {
            if (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 1 or > MaxTop)
            {
                return FerryErrors.Invalid("top", $"top is a whole number from 1 to {MaxTop}.");
            }

            search = search with { PageSize = size };
        }
        else
        {
            search = search with { PageSize = DefaultTop };
        }

        if (Text(query, ContinuationToken) is { } token)
        {
            if (DecodeToken(token) is not { } before)
            {
                return FerryErrors.Invalid(ContinuationToken, "continuationToken is not a token this server issued; start the search again.");
            }

            search = search with { BeforeId = before };
        }

        return search;
    }

    internal static string EncodeToken(long lastId) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(TokenPrefix + lastId.ToString(CultureInfo.InvariantCulture)));

    internal static long? DecodeToken(string token)
    {
        if (token.Length > 64 || !Base64Url.IsValid(token))
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
        return text.StartsWith(TokenPrefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(TokenPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : null;
    }

    /// <summary>The absolute link of the next page: the same parameters, with the continuation token after <paramref name="lastId"/>.</summary>
    private static string NextLink(HttpRequest request, long lastId)
    {
        var link = new StringBuilder();
        link.Append(request.Scheme).Append("://").Append(request.Host.ToUriComponent()).Append(request.PathBase.ToUriComponent()).Append(request.Path.ToUriComponent());
        var separator = '?';
        foreach (var (name, values) in request.Query.Where(p => p.Key != ContinuationToken))
        {
            foreach (var value in values)
            {
                link.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value ?? ""));
                separator = '&';
            }
        }

        return link.Append(separator).Append(ContinuationToken).Append('=').Append(EncodeToken(lastId)).ToString();
    }

    private static string? Text(IQueryCollection query, string name) =>
        query.TryGetValue(name, out StringValues values) ? values[0] ?? "" : null;
}

/// <summary>One page of the operator's search: the jobs, newest first, and the link of the next page (absent on the last).</summary>
internal sealed record JobSearchView(IReadOnlyList<OperatorJobView> Value, string? NextLink);

/// <summary>How many jobs match, in all and per state (every state present, zeros included).</summary>
internal sealed record JobCountsView(int Total, IReadOnlyDictionary<JobState, int> ByState);

/// <summary>
/// A drive being copied now. The throughput is the average since the copy started (bytes copied over the time since
/// the drive entered Transferring), in bytes per second; a drive resumed after a restart counts its earlier bytes too.
/// </summary>
internal sealed record TransferView(
    ApiSurface Surface,
    string SubscriptionId,
    string? ResourceGroup,
    string JobName,
    JobType JobType,
    string DriveId,
    long BytesCopied,
    long? BytesTotal,
    int? PercentComplete,
    DateTimeOffset StartedAt,
    long BytesPerSecond,
    string? Worker)
{
    public static TransferView From(DriveInTransfer transfer, DateTimeOffset now)
    {
        var (job, drive, worker) = transfer;
        var elapsed = (now - drive.StateChangedAt).TotalSeconds;
        var rate = elapsed > 0 ? (long)(drive.BytesSucceeded / elapsed) : 0;
        return new TransferView(job.Surface, job.SubscriptionId, job.ResourceGroup.Length == 0 ? null : job.ResourceGroup, job.Name, job.Type,
            drive.DriveId, drive.BytesSucceeded, drive.BytesTotal, drive.PercentComplete, drive.StateChangedAt, rate, worker);
    }
}
