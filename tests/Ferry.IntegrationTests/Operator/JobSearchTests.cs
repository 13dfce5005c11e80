using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Ferry.Client.Models;
using Ferry.Client.Operator;
using Ferry.Core.Audit;
using Ferry.Core.Jobs;
using Ferry.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.IntegrationTests.Operator;

/// <summary>
/// The operator's view across subscriptions (docs/operator-api.md §1.1): <c>GET /operator/jobs</c> with every filter over
/// jobs of three subscriptions created through both surfaces, counts by state, keyset paging that stays stable while
/// jobs are created, drives in transfer, bad parameters, and the client library.
/// </summary>
public sealed class JobSearchTests
{
    private const string Account = "searchacct";
    private const string Group = "Ops-RG";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_filter_finds_its_jobs_across_three_subscriptions_and_both_surfaces_newest_first()
    {
        await using var server = await FerryTestServer.StartAsync();
        var seed = await SeedAsync(server);
        using var client = server.CreateOperatorClient();

        Assert.Equal(["armc1", "armc2", "armb2", "clb1", "cla2", "cla1"], await NamesAsync(client, ""));
        Assert.Equal(["armb2", "clb1"], await NamesAsync(client, "?subscription=" + seed.B));
        Assert.Equal(["armc1", "armc2", "armb2"], await NamesAsync(client, "?surface=arm"));
        Assert.Equal(["clb1", "cla2", "cla1"], await NamesAsync(client, "?surface=Classic"));
        Assert.Equal(["armb2", "clb1", "cla1"], await NamesAsync(client, "?state=Shipping"));
        Assert.Equal(["armc1", "armc2", "cla2"], await NamesAsync(client, "?state=Creating,Completed"));
        Assert.Equal(["armc1", "armc2", "cla2"], await NamesAsync(client, "?state=creating&state=Completed"));
        Assert.Equal(["armc2", "cla2"], await NamesAsync(client, "?type=Export"));
        Assert.Equal(["clb1"], await NamesAsync(client, "?location=North%20Europe"));
        Assert.Equal(["clb1"], await NamesAsync(client, "?trackingNumber=TRK-B1"));
        Assert.Equal(["armc1"], await NamesAsync(client, "?trackingNumber=trk-c1"));
        Assert.Equal(["armc1"], await NamesAsync(client, "?trackingNumber=RET-C1"));
        Assert.Empty(await NamesAsync(client, "?trackingNumber=NOPE"));
        Assert.Equal(["armc1"], await NamesAsync(client, "?driveId=wd-c1"));
        Assert.Equal(["clb1"], await NamesAsync(client, "?driveId=SER-B1"));
        Assert.Equal(["cla1"], await NamesAsync(client, "?driveId=DRIVE0000"));
        Assert.Equal(["armc1", "armc2", "armb2"], await NamesAsync(client, "?createdFrom=" + Iso(seed.Created["armb2"])));
        Assert.Equal(["cla2", "cla1"], await NamesAsync(client, "?createdTo=" + Iso(seed.Created["cla2"])));
        Assert.Equal(["armc1"], await NamesAsync(client, "?updatedFrom=" + Iso(seed.ShippedBackAt)));
        Assert.Equal(["armc2", "armb2", "clb1", "cla2", "cla1"], await NamesAsync(client, "?updatedTo=" + Iso(seed.ShippedBackAt - TimeSpan.FromSeconds(1))));
        Assert.Equal(["armc1"], await NamesAsync(client, $"?subscription={seed.C}&type=Import&surface=arm&state=Completed"));

        // The items are the operator's job view, drives and packages included, and the last page has no nextLink.
        var page = JsonNode.Parse(await client.GetStringAsync("operator/jobs?trackingNumber=RET-C1", Ct))!;
        Assert.Null(page["nextLink"]);
        var job = page["value"]![0]!;
        Assert.Equal(("Arm", seed.C, Group, "Completed"), (job["surface"]!.GetValue<string>(), job["subscriptionId"]!.GetValue<string>(), job["resourceGroup"]!.GetValue<string>(), job["state"]!.GetValue<string>()));
        Assert.Equal(("TRK-C1", "RET-C1"), (job["deliveryPackage"]!["trackingNumber"]!.GetValue<string>(), job["returnPackage"]!["trackingNumber"]!.GetValue<string>()));
        Assert.Equal("WD-C1", job["drives"]![0]!["driveId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Counts_by_state_take_the_same_filters_and_list_every_state()
    {
        await using var server = await FerryTestServer.StartAsync();
        var seed = await SeedAsync(server);
        using var client = server.CreateOperatorClient();

        var all = JsonNode.Parse(await client.GetStringAsync("operator/jobs/counts", Ct))!;
        var ofA = JsonNode.Parse(await client.GetStringAsync($"operator/jobs/counts?subscription={seed.A}", Ct))!;
        var tracked = JsonNode.Parse(await client.GetStringAsync("operator/jobs/counts?trackingNumber=trk-b2", Ct))!;

        Assert.Equal(6, all["total"]!.GetValue<int>());
        var byState = all["byState"]!.AsObject();
        Assert.Equal(Enum.GetNames<Ferry.Core.Jobs.JobState>(), byState.Select(p => p.Key));
        Assert.Equal((2, 3, 1, 0), (byState["Creating"]!.GetValue<int>(), byState["Shipping"]!.GetValue<int>(), byState["Completed"]!.GetValue<int>(), byState["Received"]!.GetValue<int>()));
        Assert.Equal((2, 1, 1), (ofA["total"]!.GetValue<int>(), ofA["byState"]!["Creating"]!.GetValue<int>(), ofA["byState"]!["Shipping"]!.GetValue<int>()));
        Assert.Equal((1, 1), (tracked["total"]!.GetValue<int>(), tracked["byState"]!["Shipping"]!.GetValue<int>()));

        using var paged = await client.GetAsync("operator/jobs/counts?top=5", Ct);
        var problem = await OperatorRequests.AssertProblemAsync(paged, HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal("top", problem["target"]!.GetValue<string>());
    }

    [Fact]
    public async Task Paging_is_stable_while_jobs_are_created_no_duplicate_and_no_preexisting_job_missing()
    {
        await using var server = await FerryTestServer.StartAsync();
        var (b, certificateB) = await server.AddSubscriptionAsync();
        using var classicA = server.CreateClient();
        using var classicB = server.CreateClient(certificateB);
        using var armA = server.CreateArmClient();
        var existing = new List<string>();
        for (var i = 0; i < 15; i++)
        {
            await ClassicPutAsync(server, classicA, server.SubscriptionId, ClassicRequests.ImportJob($"old-cl-{i:D2}"));
            await ArmPutAsync(armA, server.SubscriptionId, $"old-arm-{i:D2}", ArmImportBody(server.SubscriptionId, $"OLD-{i}"));
            existing.AddRange([$"old-cl-{i:D2}", $"old-arm-{i:D2}"]);
        }

        using var client = server.CreateOperatorClient();
        var seen = new List<string>();
        var created = new List<string>();
        var pages = 0;
        string? next = "operator/jobs?top=7";
        while (next is not null)
        {
            // Each page after the first is fetched while three new jobs are being created on another subscription.
            // The first page has no cursor yet, so a job created while it is read may or may not be on it; from the
            // second page on, every new job is newer than the cursor and must never appear.
            var fresh = pages == 0 ? [] : Enumerable.Range(created.Count, 3).Select(i => $"new-{i:D2}").ToList();
            created.AddRange(fresh);
            var fetch = client.GetStringAsync(next, Ct);
            await Task.WhenAll([fetch, .. fresh.Select(name => ClassicPutAsync(server, classicB, b, ClassicRequests.ImportJob(name)))]);
            var page = JsonNode.Parse(await fetch)!;
            var names = page["value"]!.AsArray().Select(j => j!["name"]!.GetValue<string>()).ToList();
            Assert.True(names.Count <= 7, $"page of {names.Count}");
            seen.AddRange(names);
            next = page["nextLink"]?.GetValue<string>();
            pages++;
        }

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Empty(existing.Except(seen));
        Assert.Empty(seen.Intersect(created)); // created after the first page: newer than every cursor
        Assert.Equal(12, created.Count);
        Assert.Equal(5, pages);
        Assert.Equal(existing.AsEnumerable().Reverse(), seen); // newest first

        // Every job created meanwhile is there on a fresh search.
        Assert.Equal(created.AsEnumerable().Order(StringComparer.Ordinal), (await NamesAsync(client, "?subscription=" + b + "&top=1000")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_drive_being_copied_is_listed_with_bytes_and_average_throughput_since_its_start()
    {
        await using var server = await FerryTestServer.StartAsync();
        await server.ShippedImportJobAsync("copying", drives: 2);
        using var client = server.CreateOperatorClient();
        Assert.Empty(await TransfersAsync(client));
        await client.StepOkAsync(server, "copying", "receive", OperatorRequests.Package("DRIVE0000", "DRIVE0001"));
        var startedAt = server.Clock.GetUtcNow();
        await client.StepOkAsync(server, "copying", "drives/DRIVE0000/start");
        server.Clock.Advance(TimeSpan.FromSeconds(10));
        await client.StepOkAsync(server, "copying", "drives/DRIVE0000/progress", new JsonObject { ["percentComplete"] = 25, ["bytesSucceeded"] = 3000 });

        var operatorDriven = Assert.Single(await TransfersAsync(client))!;
        Assert.Equal(["surface", "subscriptionId", "resourceGroup", "jobName", "jobType", "driveId", "bytesCopied", "bytesTotal", "percentComplete", "startedAt", "bytesPerSecond", "worker"],
            operatorDriven.AsObject().Select(p => p.Key));
        Assert.Equal(("Classic", server.SubscriptionId, "copying", "Import", "DRIVE0000"),
            (operatorDriven["surface"]!.GetValue<string>(), operatorDriven["subscriptionId"]!.GetValue<string>(), operatorDriven["jobName"]!.GetValue<string>(),
                operatorDriven["jobType"]!.GetValue<string>(), operatorDriven["driveId"]!.GetValue<string>()));
        Assert.Equal((3000L, 25, 300L), (operatorDriven["bytesCopied"]!.GetValue<long>(), operatorDriven["percentComplete"]!.GetValue<int>(), operatorDriven["bytesPerSecond"]!.GetValue<long>()));
        Assert.Equal(startedAt, operatorDriven["startedAt"]!.GetValue<DateTimeOffset>());
        Assert.Null(operatorDriven["bytesTotal"]);
        Assert.Null(operatorDriven["worker"]);

        // The transfer engine reports the copy's size with its progress.
        var dataCentre = server.Services.GetRequiredService<DataCentre>();
        var key = new JobKey(ApiSurface.Classic, server.SubscriptionId, "", "copying", null);
        var reported = await dataCentre.ReportProgressAsync(key, "DRIVE0000", 50, 6000, 12000, Actor.TransferEngine, Ct);
        Assert.Null(reported.Error);
        server.Clock.Advance(TimeSpan.FromSeconds(10));
        var engine = Assert.Single(await TransfersAsync(client))!;
        Assert.Equal((6000L, 12000L, 50, 300L), (engine["bytesCopied"]!.GetValue<long>(), engine["bytesTotal"]!.GetValue<long>(), engine["percentComplete"]!.GetValue<int>(), engine["bytesPerSecond"]!.GetValue<long>()));

        await client.StepOkAsync(server, "copying", "drives/DRIVE0000/complete");
        Assert.Empty(await TransfersAsync(client));
        using var withQuery = await client.GetAsync("operator/transfers?top=1", Ct);
        Assert.Equal("top", (await OperatorRequests.AssertProblemAsync(withQuery, HttpStatusCode.BadRequest, "BadRequest"))["target"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("state=Shipped", "state")]
    [InlineData("state=1", "state")]
    [InlineData("state=Shipping,", "state")]
    [InlineData("type=Imports", "type")]
    [InlineData("type=Import,Export", "type")]
    [InlineData("type=Import&type=Export", "type")]
    [InlineData("surface=rest", "surface")]
    [InlineData("surface=2", "surface")]
    [InlineData("createdFrom=yesterday", "createdFrom")]
    [InlineData("createdTo=1700000000", "createdTo")]
    [InlineData("updatedFrom=2026-13-01", "updatedFrom")]
    [InlineData("updatedTo=", "updatedTo")]
    [InlineData("trackingNumber=%20", "trackingNumber")]
    [InlineData("driveId=", "driveId")]
    [InlineData("subscription=", "subscription")]
    [InlineData("location=", "location")]
    [InlineData("top=0", "top")]
    [InlineData("top=1001", "top")]
    [InlineData("top=-5", "top")]
    [InlineData("top=ten", "top")]
    [InlineData("top=99999999999999999999", "top")]
    [InlineData("continuationToken=abc", "continuationToken")]
    [InlineData("continuationToken=ajE6LTE", "continuationToken")]
    [InlineData("continuationToken=", "continuationToken")]
    [InlineData("tracking=1", "tracking")]
    [InlineData("$top=5", "$top")]
    public async Task A_bad_parameter_is_a_400_naming_it_and_never_a_5xx(string query, string target)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateOperatorClient();

        using var response = await client.GetAsync("operator/jobs?" + query, Ct);

        var problem = await OperatorRequests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal(target, problem["target"]!.GetValue<string>());
    }

    [Fact]
    public async Task Needs_the_operator_token()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var customer = server.CreateClient();

        foreach (var path in new[] { "operator/jobs", "operator/jobs/counts", "operator/transfers" })
        {
            using var response = await customer.GetAsync(path, Ct);
            await OperatorRequests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Unauthorized");
        }
    }

    [Fact]
    public async Task The_client_library_pages_counts_and_lists_transfers()
    {
        await using var server = await FerryTestServer.StartAsync();
        var seed = await SeedAsync(server);
        var client = new FerryOperatorClient(server.BaseAddress, server.Credentials.OperatorToken!, new FerryOperatorClientOptions { ServerCertificate = server.ServerCertificate });

        var pages = new List<IReadOnlyList<string>>();
        await foreach (var page in client.GetJobsAsync(new OperatorJobQuery { PageSize = 2 }, Ct).AsPages())
        {
            pages.Add([.. page.Values.Select(j => j.Name)]);
        }

        var shipping = new OperatorJobQuery { SubscriptionId = seed.B };
        shipping.States.Add(Ferry.Client.Models.JobState.Shipping);
        var found = new List<OperatorJob>();
        await foreach (var job in client.GetJobsAsync(new OperatorJobQuery { TrackingNumber = "ret-c1", Surface = JobSurface.Arm }, Ct))
        {
            found.Add(job);
        }

        OperatorJobCounts counts = await client.GetJobCountsAsync(shipping, Ct);
        IReadOnlyList<OperatorTransfer> transfers = (await client.GetTransfersAsync(Ct)).Value;
        var refused = await Assert.ThrowsAsync<RequestFailedException>(async () =>
        {
            await foreach (var _ in client.GetJobsAsync(new OperatorJobQuery { PageSize = 5000 }, Ct))
            {
            }
        });

        Assert.Equal([["armc1", "armc2"], ["armb2", "clb1"], ["cla2", "cla1"]], pages);
        var c1 = Assert.Single(found);
        Assert.Equal(new OperatorJobReference(seed.C, "armc1", Group), c1.Reference);
        Assert.Equal("RET-C1", c1.ReturnPackage!.TrackingNumber);
        Assert.Equal((2, 2), (counts.Total, counts.ByState[Ferry.Client.Models.JobState.Shipping]));
        Assert.Empty(transfers);
        Assert.Equal((400, "BadRequest"), (refused.Status, refused.ErrorCode));
    }

    /// <summary>The jobs of three subscriptions, through both surfaces, newest last; the clock moves a minute before each.</summary>
    internal static async Task<Seed> SeedAsync(FerryTestServer server)
    {
        var (b, certificateB) = await server.AddSubscriptionAsync();
        var (c, _) = await server.AddSubscriptionAsync();
        var a = server.SubscriptionId;
        using var classicA = server.CreateClient();
        using var classicB = server.CreateClient(certificateB);
        using var armB = await server.CreateArmClientForAsync(b);
        using var armC = await server.CreateArmClientForAsync(c);
        var created = new Dictionary<string, DateTimeOffset>();
        DateTimeOffset Tick(string name)
        {
            server.Clock.Advance(TimeSpan.FromMinutes(1));
            return created[name] = server.Clock.GetUtcNow();
        }

        Tick("cla1");
        await ClassicPutAsync(server, classicA, a, ClassicRequests.ImportJob("cla1"), tracking: "TRK-A1");
        Tick("cla2");
        await ClassicPutAsync(server, classicA, a, ClassicRequests.ExportJob("cla2"));
        Tick("clb1");
        var clb1 = ClassicRequests.ImportJob("clb1", location: "North Europe");
        clb1["DriveList"]![0]!["DriveId"] = "SER-B1";
        await ClassicPutAsync(server, classicB, b, clb1, tracking: "trk-b1");
        Tick("armb2");
        await ArmPutAsync(armB, b, "armb2", ArmImportBody(b, "WD-B2"), tracking: "TRK-B2");
        Tick("armc2");
        var export = Arm.ArmExamples.CreateExportBody();
        export["properties"]!["storageAccountId"] = StorageAccountId(c);
        await ArmPutAsync(armC, c, "armc2", export);
        Tick("armc1");
        await ArmPutAsync(armC, c, "armc1", ArmImportBody(c, "WD-C1"), tracking: "TRK-C1");
        using var operatorClient = server.CreateOperatorClient();
        var job = $"operator/subscriptions/{c}/resourceGroups/{Group}/jobs/armc1";
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        foreach (var (step, payload) in new (string, JsonNode?)[]
        {
            ("receive", OperatorRequests.Package("WD-C1")),
            ("drives/WD-C1/complete", new JsonObject { ["bytesSucceeded"] = 2048 }),
        })
        {
            using var response = await operatorClient.PostAsync($"{job}/{step}", payload is null ? null : JsonContent.Create(payload), Ct);
            Assert.True(response.IsSuccessStatusCode, $"{step}: {await response.Content.ReadAsStringAsync(Ct)}");
        }

        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var shippedBackAt = server.Clock.GetUtcNow();
        using (var back = await operatorClient.PostAsync($"{job}/ship-back", JsonContent.Create(new JsonObject { ["carrierName"] = "UPS", ["trackingNumber"] = "RET-C1" }), Ct))
        {
            Assert.True(back.IsSuccessStatusCode, await back.Content.ReadAsStringAsync(Ct));
        }

        return new Seed(a, b, c, created, shippedBackAt);
    }

    internal static async Task ClassicPutAsync(FerryTestServer server, HttpClient client, string subscription, JsonObject body, string? tracking = null)
    {
        var path = $"{server.BaseAddress}{subscription}/services/importexport/storageaccounts/{Account}/jobs/{body["Name"]}";
        using (var put = await client.SendAsync(Classic(HttpMethod.Put, path, body), Ct))
        {
            Assert.True(put.StatusCode == HttpStatusCode.Created, await put.Content.ReadAsStringAsync(Ct));
        }

        if (tracking is not null)
        {
            var update = ClassicRequests.ShippingUpdate();
            update["Properties"]!["DeliveryPackage"]!["TrackingNumber"] = tracking;
            using var ship = await client.SendAsync(Classic(HttpMethod.Patch, path, update), Ct);
            Assert.True(ship.StatusCode == HttpStatusCode.OK, await ship.Content.ReadAsStringAsync(Ct));
        }
    }

    private static async Task ArmPutAsync(HttpClient arm, string subscription, string name, JsonObject body, string? tracking = null)
    {
        var path = ArmRequests.JobPath(subscription, Group, name);
        await arm.ArmOkAsync(HttpMethod.Put, path, HttpStatusCode.Created, body: body);
        if (tracking is not null)
        {
            await arm.ArmOkAsync(HttpMethod.Patch, path, body: new JsonObject
            {
                ["properties"] = new JsonObject { ["state"] = "Shipping", ["deliveryPackage"] = new JsonObject { ["carrierName"] = "FedEx", ["trackingNumber"] = tracking } },
            });
        }
    }

    private static JsonObject ArmImportBody(string subscription, string driveId)
    {
        var body = Arm.ArmExamples.CreateImportBody(Arm.ArmExamples.Drive(driveId: driveId));
        body["properties"]!["storageAccountId"] = StorageAccountId(subscription);
        return body;
    }

    private static string StorageAccountId(string subscription) =>
        $"/subscriptions/{subscription}/resourceGroups/{Group}/providers/Microsoft.Storage/storageAccounts/opsstore";

    private static HttpRequestMessage Classic(HttpMethod method, string uri, JsonNode body)
    {
        var request = new HttpRequestMessage(method, uri) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("x-ms-version", ClassicRequests.V2);
        return request;
    }

    private static async Task<List<string>> NamesAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("operator/jobs" + query, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {text}");
        return [.. JsonNode.Parse(text)!["value"]!.AsArray().Select(j => j!["name"]!.GetValue<string>())];
    }

    private static async Task<JsonArray> TransfersAsync(HttpClient client) =>
        JsonNode.Parse(await client.GetStringAsync("operator/transfers", Ct))!["value"]!.AsArray();

    private static string Iso(DateTimeOffset instant) => Uri.EscapeDataString(instant.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    internal sealed record Seed(string A, string B, string C, IReadOnlyDictionary<string, DateTimeOffset> Created, DateTimeOffset ShippedBackAt);
}
