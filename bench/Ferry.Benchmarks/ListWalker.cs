using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Ferry.Benchmarks;

/// <summary>
/// Walks the whole List Jobs chain of one account by following <c>odata.nextLink</c>, checks that it returns every
/// job once in name order, and keeps each nextLink so that pages deep in the list can be requested again under load.
/// </summary>
internal sealed class ListWalker(HttpClient client, ClassicClient classic)
{
    private static readonly TimeSpan _walkTimeout = TimeSpan.FromMinutes(15);

    /// <summary>Walks the chain; <paramref name="expectedJobs"/> bounds the number of pages and must match what is listed.</summary>
    public async Task<ListWalk> WalkAsync(long expectedJobs, CancellationToken cancellationToken)
    {
        var nextLinks = new List<Uri>();
        var latencies = new List<long>();
        var maxPages = expectedJobs + 2;
        var started = Stopwatch.GetTimestamp();
        var uri = classic.JobsCollection;
        long items = 0, reportedCount = -1;
        var firstPageSize = 0;
        string? previousName = null;
        while (true)
        {
            if (latencies.Count >= maxPages || Stopwatch.GetElapsedTime(started) > _walkTimeout)
            {
                throw new BenchmarkFailedException($"List Jobs walk stopped after {latencies.Count:N0} pages and {items:N0} jobs (bound hit); last URL {uri}.");
            }

            using var request = ClassicClient.Get(uri);
            var sent = Stopwatch.GetTimestamp();
            using var page = await Probe.SendAsync(client, request, HttpStatusCode.OK, cancellationToken);
            latencies.Add(Stopwatch.GetTimestamp() - sent);
            var value = page.Value();
            if (reportedCount < 0)
            {
                reportedCount = page.Count();
                firstPageSize = value.GetArrayLength();
                page.Require(reportedCount == expectedJobs, $"odata.count is {reportedCount}, expected {expectedJobs}");
            }

            foreach (var job in value.EnumerateArray())
            {
                var name = job.ValueKind == JsonValueKind.Object && job.TryGetProperty("Name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                page.Require(name is not null, "a job without a Name");
                page.Require(previousName is null || string.Compare(previousName, name, StringComparison.OrdinalIgnoreCase) < 0,
                    $"job '{name}' follows '{previousName}': the list is not in strictly increasing name order");
                previousName = name;
                items++;
            }

            var next = page.NextLinkOrNull();
            if (next is null)
            {
                break;
            }

            page.Require(value.GetArrayLength() > 0, "an empty page with an odata.nextLink");
            uri = CheckedNextLink(next, page);
            nextLinks.Add(uri);
        }

        if (items != expectedJobs)
        {
            throw new BenchmarkFailedException($"The List Jobs chain returned {items:N0} jobs over {latencies.Count:N0} pages; the account holds {expectedJobs:N0}.");
        }

        var slice = new SliceResult("List Jobs walk", Stopwatch.GetElapsedTime(started), [.. latencies], 0, null);
        return new ListWalk(latencies.Count, firstPageSize, LatencySummary.From(slice.Operation, [slice]), nextLinks);
    }

    /// <summary>The URI of <paramref name="link"/> with <c>$top</c> set to <paramref name="top"/> (replacing <c>$top</c> or <c>top</c>).</summary>
    public static Uri WithTop(Uri link, int top)
    {
        var kept = link.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(part =>
            {
                var key = Uri.UnescapeDataString(part.Split('=')[0]);
                return !key.Equals("$top", StringComparison.OrdinalIgnoreCase) && !key.Equals("top", StringComparison.OrdinalIgnoreCase);
            });
        var query = string.Join('&', kept.Append($"$top={top}"));
        return new UriBuilder(link) { Query = query }.Uri;
    }

    // Load goes only to the server under test: a nextLink must point at the same host, port and path.
    private Uri CheckedNextLink(string next, ProbeResponse page)
    {
        var ok = Uri.TryCreate(next, UriKind.Absolute, out var uri);
        page.Require(ok, $"odata.nextLink '{next}' is not an absolute URL");
        var expected = classic.JobsCollection;
        page.Require(
            uri!.Scheme == expected.Scheme && uri.Host == expected.Host && uri.Port == expected.Port
            && string.Equals(uri.AbsolutePath, expected.AbsolutePath, StringComparison.OrdinalIgnoreCase),
            $"odata.nextLink '{next}' does not point at {expected}");
        return uri;
    }
}
