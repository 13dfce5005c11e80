using System.Net;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Classic;

/// <summary>Optimistic concurrency through If-Match (docs/classic-api.md §2.9, docs/decisions.md D7).</summary>
public sealed class ConcurrencyTests
{
    private const string Account = "xttest";
    private const string Job = "MySampleJob";

    [Fact]
    public async Task Of_fifty_concurrent_updates_with_the_same_If_Match_exactly_one_succeeds_and_the_rest_are_412()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var etag = await client.GetETagAsync(server, Account, Job);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            using var response = await client.SendRawAsync(server, HttpMethod.Patch, ClassicRequests.JobPath(Account, Job), new RawRequest(
                $"{{\"Properties\":{{\"FriendlyName\":\"writer {i}\"}}}}",
                new Dictionary<string, string> { ["If-Match"] = etag }));
            return (Writer: i, response.StatusCode, ETag: response.Headers.TryGetValues("ETag", out var values) ? values.Single() : null);
        }));

        var winners = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Single(winners);
        Assert.Equal(49, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        var job = await client.GetJobJsonAsync(server, Account, Job);
        Assert.Equal($"writer {winners[0].Writer}", job["Properties"]!["FriendlyName"]!.GetValue<string>());
        Assert.Equal(winners[0].ETag, await client.GetETagAsync(server, Account, Job));
    }
}
