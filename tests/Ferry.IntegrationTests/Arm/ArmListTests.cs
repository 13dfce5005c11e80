using System.Net;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;
using static Ferry.IntegrationTests.Arm.ArmExamples;

namespace Ferry.IntegrationTests.Arm;

/// <summary>The two job lists over raw HTTP (docs/arm-api.md §7): paging by absolute next links, <c>$top</c>, <c>$filter</c>.</summary>
public sealed class ArmListTests
{
    private const string BySubscription = $"subscriptions/{Subscription}/providers/Microsoft.ImportExport/jobs";

    private static async Task<(FerryTestServer Server, HttpClient Client)> StartWithJobsAsync()
    {
        var server = await FerryTestServer.StartAsync(new FerryTestServerOptions { Settings = new Dictionary<string, string> { ["Ferry:Arm:PageSize"] = "2" } });
        var client = await server.CreateArmClientForAsync(Subscription);
        foreach (var (group, name, export) in new[] { ("rg-b", "job-2", false), ("RG-A", "job-3", true), ("rg-b", "Job-1", false), ("rg-a", "job-1", false), ("rg-b", "job-0", true) })
        {
            var body = export ? CreateExportBody() : CreateImportBody();
            if (name == "job-0")
            {
                body["location"] = "East US 2";
            }

            await client.ArmOkAsync(HttpMethod.Put, ArmRequests.JobPath(Subscription, group, name), HttpStatusCode.Created, body: body);
        }

        return (server, client);
    }

    private static async Task<List<JsonNode>> AllPagesAsync(HttpClient client, string first, string version = ArmRequests.Latest)
    {
        var pages = new List<JsonNode>();
        var page = await client.ArmOkAsync(HttpMethod.Get, first, apiVersion: version);
        pages.Add(page!);
        while (page!["nextLink"]?.GetValue<string>() is { } next)
        {
            Assert.StartsWith(client.BaseAddress!.ToString(), next, StringComparison.Ordinal);
            Assert.Contains("api-version=" + version, next, StringComparison.Ordinal);
            page = await client.ArmOkAsync(HttpMethod.Get, next, apiVersion: null);
            pages.Add(page!);
            Assert.True(pages.Count < 10, "The listing does not end.");
        }

        return pages;
    }

    private static IEnumerable<string> Names(IEnumerable<JsonNode> pages) =>
        pages.SelectMany(p => p["value"]!.AsArray()).Select(j => j!["id"]!.GetValue<string>().Split('/')[4] + "/" + j["name"]!.GetValue<string>());

    [Fact]
    public async Task Listing_by_subscription_follows_absolute_next_links_in_group_then_name_order()
    {
        var (server, client) = await StartWithJobsAsync();
        await using var _ = server;
        using var __ = client;

        var pages = await AllPagesAsync(client, BySubscription, "2020-08-01");

        Assert.Equal([2, 2, 1], pages.Select(p => p["value"]!.AsArray().Count));
        Assert.Equal(["rg-a/job-1", "RG-A/job-3", "rg-b/job-0", "rg-b/Job-1", "rg-b/job-2"], Names(pages));
        Assert.All(pages.SelectMany(p => p["value"]!.AsArray()), j => Assert.Null(j!["properties"]!["driveList"]));
    }

    [Fact]
    public async Task Listing_by_resource_group_matches_the_group_case_insensitively()
    {
        var (server, client) = await StartWithJobsAsync();
        await using var _ = server;
        using var __ = client;

        var pages = await AllPagesAsync(client, $"subscriptions/{Subscription}/resourceGroups/RG-B/providers/Microsoft.ImportExport/jobs");
        var empty = await client.ArmOkAsync(HttpMethod.Get, $"subscriptions/{Subscription}/resourceGroups/nobody/providers/Microsoft.ImportExport/jobs");

        Assert.Equal(["rg-b/job-0", "rg-b/Job-1", "rg-b/job-2"], Names(pages));
        Assert.Empty(empty!["value"]!.AsArray());
        Assert.Null(empty["nextLink"]);
    }

    [Fact]
    public async Task Top_caps_the_total_across_pages_and_the_next_link_carries_the_rest_of_it_and_the_filter()
    {
        var (server, client) = await StartWithJobsAsync();
        await using var _ = server;
        using var __ = client;

        var pages = await AllPagesAsync(client, BySubscription + "?$top=3&$filter=jobType%20eq%20%27import%27");
        var first = pages[0]["nextLink"]!.GetValue<string>();

        Assert.Equal(["rg-a/job-1", "rg-b/Job-1", "rg-b/job-2"], Names(pages));
        Assert.Contains("$top=1", first, StringComparison.Ordinal);
        Assert.Contains("$filter=jobType%20eq%20%27import%27", first, StringComparison.Ordinal);
        Assert.Null(pages[^1]["nextLink"]);
    }

    [Theory]
    [InlineData("state eq 'creating'", new[] { "rg-a/job-1", "RG-A/job-3", "rg-b/job-0", "rg-b/Job-1", "rg-b/job-2" })]
    [InlineData("state eq 'Shipping'", new string[0])]
    [InlineData("state eq 'Canceled'", new string[0])]
    [InlineData("jobType eq 'Export' and location eq 'eastus2'", new[] { "rg-b/job-0" })]
    [InlineData("name eq 'JOB-1'", new[] { "rg-a/job-1", "rg-b/Job-1" })]
    [InlineData("location eq 'West US' and name eq 'job-3'", new[] { "RG-A/job-3" })]
    [InlineData("location eq 'Atlantis'", new string[0])]
    [InlineData("jobType eq 'Import' and jobType eq 'Export'", new string[0])]
    public async Task Filter_selects_by_state_type_name_and_location(string filter, string[] expected)
    {
        var (server, client) = await StartWithJobsAsync();
        await using var _ = server;
        using var __ = client;

        var pages = await AllPagesAsync(client, BySubscription + "?$filter=" + Uri.EscapeDataString(filter));

        Assert.Equal(expected, Names(pages));
    }

    [Theory]
    [InlineData("$top=0", "$top")]
    [InlineData("$top=101", "$top")]
    [InlineData("$top=ten", "$top")]
    [InlineData("$filter=state%20ne%20%27Creating%27", "$filter")]
    [InlineData("$filter=owner%20eq%20%27me%27", "$filter")]
    [InlineData("$filter=state%20eq%20%27Sleeping%27", "$filter")]
    [InlineData("$skiptoken=not-a-token", "$skiptoken")]
    public async Task Invalid_list_parameter_is_400_BadRequest_naming_it(string query, string target)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = await server.CreateArmClientForAsync(Subscription);

        await client.ArmErrorAsync(HttpMethod.Get, BySubscription + "?" + query, HttpStatusCode.BadRequest, "BadRequest", target);
    }
}
