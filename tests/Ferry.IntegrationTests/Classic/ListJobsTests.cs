using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Ferry.Core.Jobs;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Classic;

/// <summary>List Jobs (docs/classic-api.md §3.8): filters, $top, paging with odata.nextLink, item shape.</summary>
public sealed class ListJobsTests
{
    private const string Account = "xttest";

    [Fact]
    public async Task The_type_filter_is_case_insensitive()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("ImportOne"));
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("ImportTwo"));
        await client.PutJobAsync(server, Account, ClassicRequests.ExportJob("ExportOne"));

        Assert.Equal(["ImportOne", "ImportTwo"], ClassicRequests.Names(await client.ListJobsAsync(server, Account, "type=import")));
        Assert.Equal(["ImportOne", "ImportTwo"], ClassicRequests.Names(await client.ListJobsAsync(server, Account, "type=IMPORT")));
        Assert.Equal(["ExportOne"], ClassicRequests.Names(await client.ListJobsAsync(server, Account, "type=Export")));
        Assert.Equal("1", (await client.ListJobsAsync(server, Account, "type=export"))["odata.count"]!.GetValue<string>());
    }

    [Fact]
    public async Task From_and_to_are_inclusive_bounds_on_the_creation_time()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var first = server.Clock.GetUtcNow();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("JobA"));
        server.Clock.Advance(TimeSpan.FromHours(1));
        var second = server.Clock.GetUtcNow();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("JobB"));
        server.Clock.Advance(TimeSpan.FromHours(1));
        var third = server.Clock.GetUtcNow();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("JobC"));
        using var touch = await client.SendAsync(server, HttpMethod.Patch, ClassicRequests.JobPath(Account, "JobA"), body: new JsonObject { ["Properties"] = new JsonObject { ["FriendlyName"] = "touched later" } });
        Assert.Equal(HttpStatusCode.OK, touch.StatusCode);

        Assert.Equal(["JobB", "JobC"], ClassicRequests.Names(await client.ListJobsAsync(server, Account, $"from={Stamp(second)}")));
        Assert.Equal(["JobA", "JobB"], ClassicRequests.Names(await client.ListJobsAsync(server, Account, $"to={Stamp(second)}")));
        Assert.Equal(["JobB"], ClassicRequests.Names(await client.ListJobsAsync(server, Account, $"from={Stamp(second)}&to={Stamp(second)}")));
        Assert.Equal(["JobA"], ClassicRequests.Names(await client.ListJobsAsync(server, Account, $"from={Stamp(first)}&to={Stamp(second.AddTicks(-1))}")));
        Assert.Empty(ClassicRequests.Names(await client.ListJobsAsync(server, Account, $"from={Stamp(third.AddTicks(1))}")));
    }

    [Fact]
    public async Task The_states_filter_takes_a_comma_separated_list_of_states()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        foreach (var name in new[] { "JobCreating", "JobShipping", "JobCompleted", "JobReceived" })
        {
            await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(name));
        }

        await server.MoveJobAsync("JobShipping", JobState.Shipping);
        await server.MoveJobAsync("JobCompleted", JobState.Completed);
        await server.MoveJobAsync("JobReceived", JobState.Received);

        Assert.Equal(["JobCompleted", "JobShipping"], ClassicRequests.Names(await client.ListJobsAsync(server, Account, "states=Shipping,Completed")));
        Assert.Equal(["JobCreating"], ClassicRequests.Names(await client.ListJobsAsync(server, Account, "states=Creating")));
        Assert.Equal(["JobReceived"], ClassicRequests.Names(await client.ListJobsAsync(server, Account, "states=Received")));
        Assert.Empty(ClassicRequests.Names(await client.ListJobsAsync(server, Account, "states=Canceled,Closed")));
        Assert.Equal(["JobCompleted"], ClassicRequests.Names(await client.ListJobsAsync(server, Account, "states=Completed&type=import")));
    }

    [Theory]
    [InlineData("states=shipping", "states")]
    [InlineData("states=Shipping,Bogus", "states")]
    [InlineData("states=Shipping, Completed", "states")]
    [InlineData("type=transfer", "type")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-45T00:00:00Z", "to")]
    [InlineData("$top=-1", "$top")]
    [InlineData("$top=abc", "$top")]
    [InlineData("top=1.5", "$top")]
    [InlineData("$skiptoken=not-a-token", "$skiptoken")]
    [InlineData("$skiptoken=YWJj", "$skiptoken")]
    public async Task An_invalid_query_value_is_a_400_naming_the_parameter(string query, string mentions)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("OneJob"));

        using var response = await client.SendAsync(server, HttpMethod.Get, $"storageaccounts/{Account}/jobs?{query}");

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", mentions);
    }

    [Theory]
    [InlineData("$top")]
    [InlineData("top")]
    public async Task Top_limits_the_jobs_returned_but_not_the_count(string parameter)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        foreach (var name in new[] { "Echo", "alpha", "Delta", "bravo", "Charlie" })
        {
            await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(name));
        }

        var list = await client.ListJobsAsync(server, Account, $"{parameter}=2");

        Assert.Equal(["alpha", "bravo"], ClassicRequests.Names(list));
        Assert.Equal("5", list["odata.count"]!.GetValue<string>());
        Assert.Null(list["odata.nextLink"]);
    }

    [Fact]
    public async Task Top_zero_returns_no_jobs_and_the_total_count()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("OneJob"));

        var list = await client.ListJobsAsync(server, Account, "$top=0");

        Assert.Empty(ClassicRequests.Names(list));
        Assert.Equal("1", list["odata.count"]!.GetValue<string>());
    }

    [Fact]
    public async Task Following_odata_nextLink_returns_every_job_exactly_once_in_name_order()
    {
        await using var server = await StartWithPageSizeAsync(3);
        using var client = server.CreateClient();
        var names = new[] { "Mike", "alpha", "Kilo", "echo", "Bravo", "juliet", "Charlie", "hotel", "Golf", "delta", "India" };
        foreach (var name in names)
        {
            await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(name));
        }

        await client.PutJobAsync(server, "otheraccount", ClassicRequests.ImportJob("Zulu"));
        var seen = new List<string>();
        var pages = 0;
        string? next = $"{server.ClassicBase}/storageaccounts/{Account}/jobs";
        while (next is not null)
        {
            var page = await GetAbsoluteAsync(client, next);
            pages++;
            var pageNames = ClassicRequests.Names(page);
            Assert.InRange(pageNames.Count, 1, 3);
            Assert.Equal("11", page["odata.count"]!.GetValue<string>());
            seen.AddRange(pageNames);
            next = page["odata.nextLink"]?.GetValue<string>();
            Assert.True(pages <= 10, "The next links do not end.");
        }

        Assert.Equal(4, pages);
        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), seen);
    }

    [Fact]
    public async Task The_next_link_carries_the_filters_and_the_remaining_top()
    {
        await using var server = await StartWithPageSizeAsync(3);
        using var client = server.CreateClient();
        for (var i = 1; i <= 8; i++)
        {
            await client.PutJobAsync(server, Account, ClassicRequests.ImportJob($"Import{i}"));
        }

        await client.PutJobAsync(server, Account, ClassicRequests.ExportJob("Export1"));

        var first = await client.ListJobsAsync(server, Account, "type=import&states=Creating&$top=5");
        var link = first["odata.nextLink"]!.GetValue<string>();
        var second = await GetAbsoluteAsync(client, link);

        Assert.Equal(["Import1", "Import2", "Import3"], ClassicRequests.Names(first));
        Assert.Equal("8", first["odata.count"]!.GetValue<string>());
        Assert.StartsWith($"{server.ClassicBase}/storageaccounts/{Account}/jobs?", link, StringComparison.Ordinal);
        Assert.Contains("type=import", link, StringComparison.Ordinal);
        Assert.Contains("states=Creating", link, StringComparison.Ordinal);
        Assert.Contains("$skiptoken=", link, StringComparison.Ordinal);
        Assert.Contains("$top=2", link, StringComparison.Ordinal);
        Assert.Equal(["Import4", "Import5"], ClassicRequests.Names(second));
        Assert.Null(second["odata.nextLink"]);
    }

    [Fact]
    public async Task List_items_carry_Name_and_Properties_but_never_DriveList_Export_or_secrets()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var import = ClassicRequests.ImportJob("ImportJob");
        import["Properties"]!["Description"] = "described";
        await client.PutJobAsync(server, Account, import);
        await client.PutJobAsync(server, Account, ClassicRequests.ExportJob("ExportJob"));

        using var response = await client.SendAsync(server, HttpMethod.Get, $"storageaccounts/{Account}/jobs");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = JsonNode.Parse(text)!;
        Assert.Equal(server.ClassicBase + "/$metadata#Microsoft.Cis.Services.ImportExport.Public.ImportExportData.Jobs", list["odata.metadata"]!.GetValue<string>());
        Assert.Equal("2", list["odata.count"]!.GetValue<string>());
        foreach (var item in list["value"]!.AsArray())
        {
            var members = item!.AsObject().Select(m => m.Key).ToArray();
            Assert.Equal(["odata.id", "odata.editLink", "Name", "Properties"], members);
            Assert.False(item["Properties"]!.AsObject().ContainsKey("StorageAccountKey"));
            Assert.Equal("Creating", item["Properties"]!["State"]!.GetValue<string>());
            Assert.False(item["Properties"]!["CancelRequested"]!.GetValue<bool>());
        }

        Assert.Equal("described", list["value"]![1]!["Properties"]!["Description"]!.GetValue<string>());
        Assert.DoesNotContain(ClassicRequests.AccountKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ClassicRequests.SampleKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_jobs_of_the_addressed_storage_account_are_listed()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("Mine"));
        await client.PutJobAsync(server, "otheraccount", ClassicRequests.ImportJob("Theirs"));

        var list = await client.ListJobsAsync(server, "XTTEST");

        Assert.Equal(["Mine"], ClassicRequests.Names(list));
        Assert.Equal("1", list["odata.count"]!.GetValue<string>());
    }

    private static async Task<JsonNode> GetAbsoluteAsync(HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("x-ms-version", ClassicRequests.V2);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static string Stamp(DateTimeOffset instant) =>
        Uri.EscapeDataString(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));

    private static Task<FerryTestServer> StartWithPageSizeAsync(int size) =>
        FerryTestServer.StartAsync(new FerryTestServerOptions(Settings: new Dictionary<string, string>
        {
            ["Ferry:Classic:MaxPageSize"] = size.ToString(CultureInfo.InvariantCulture),
        }));
}
