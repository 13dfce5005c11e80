using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Conformance;

/// <summary>
/// The ARM surface driven by Microsoft's own JS client, <c>@azure/arm-storageimportexport</c> 2.1.0, over real HTTPS at
/// each api-version it can be pointed at (docs/arm-api.md §9): every call goes through the stock client's serializers,
/// status-code checks, pagers and error mapping. The server's page size is 2, so that the lists page.
/// </summary>
public sealed class ArmJsClientTests
{
    private const string DriveId = "9CA995BB";
    private const string BitLockerKey = "238810-662376-448998-450120-652806-203390-606320-483076";

    [Theory]
    [MemberData(nameof(ArmRequests.Versions), MemberType = typeof(ArmRequests))]
    public async Task Operations_and_locations_are_read_through_the_js_client(string apiVersion)
    {
        await using var server = await StartAsync();
        var run = await RunAsync(server, apiVersion, "catalogue");

        Assert.Equal(
            [
                "Microsoft.ImportExport/locations/read", "Microsoft.ImportExport/jobs/write", "Microsoft.ImportExport/jobs/read",
                "Microsoft.ImportExport/jobs/listBitLockerKeys/action", "Microsoft.ImportExport/jobs/delete", "Microsoft.ImportExport/register/action",
            ],
            run.OkStrings("operations.list"));
        var locations = Assert.IsType<JsonArray>(run.Ok("locations.list"), exactMatch: false);
        var names = locations.Select(l => l!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("West US", names);
        Assert.Contains("Australia East", names);
        Assert.Contains(locations, l => l!["id"]!.GetValue<string>() == "/providers/Microsoft.ImportExport/locations/australiaeast");
        foreach (var step in new[] { "locations.get display name", "locations.get short name" })
        {
            // The SDK model flattens the location's properties.
            var westUs = run.OkObject(step);
            Assert.Equal("/providers/Microsoft.ImportExport/locations/westus", westUs["id"]!.GetValue<string>());
            Assert.Equal("West US", westUs["name"]!.GetValue<string>());
            Assert.Equal("Microsoft.ImportExport/locations", westUs["type"]!.GetValue<string>());
            Assert.Equal("Santa Clara", westUs["city"]!.GetValue<string>());
            Assert.Equal("95050", westUs["postalCode"]!.GetValue<string>());
            Assert.Equal(["FedEx"], westUs["supportedCarriers"]!.AsArray().Select(c => c!.GetValue<string>()));
            Assert.Equal(["/providers/Microsoft.ImportExport/locations/westus"], westUs["alternateLocations"]!.AsArray().Select(c => c!.GetValue<string>()));
        }

        run.Failed("locations.get unknown", 404, "ResourceNotFound");
    }

    [Theory]
    [MemberData(nameof(ArmRequests.Versions), MemberType = typeof(ArmRequests))]
    public async Task The_js_client_surfaces_an_unsupported_api_version_and_refused_tokens(string apiVersion)
    {
        await using var server = await StartAsync();
        var run = await ArmJsClient.RunAsync(server, apiVersion, "refusals", new Dictionary<string, string>
        {
            ["FERRY_ARM_FOREIGN_TOKEN"] = server.MintArmToken([Guid.NewGuid().ToString()]),
            ["FERRY_ARM_EXPIRED_TOKEN"] = server.MintArmToken([server.SubscriptionId], TimeSpan.FromHours(1), server.Clock.GetUtcNow().AddHours(-2)),
        });

        run.Failed("unsupported api-version", 400, "InvalidApiVersionParameter");
        run.Failed("unsupported api-version on a job", 400, "InvalidApiVersionParameter");
        run.Failed("forged token", 401, "AuthenticationFailed");
        run.Failed("forged token on a job", 401, "AuthenticationFailed");
        Assert.Contains("expired", run.Failed("expired token", 401, "AuthenticationFailed"), StringComparison.Ordinal);
        run.Failed("token for another subscription", 403, "AuthorizationFailed");
    }

    [Theory]
    [MemberData(nameof(ArmRequests.Versions), MemberType = typeof(ArmRequests))]
    public async Task Jobs_are_created_read_updated_and_deleted_through_the_js_client(string apiVersion)
    {
        await using var server = await StartAsync();
        var run = await RunAsync(server, apiVersion, "jobs");

        var created = run.OkObject("create import");
        Assert.Equal(201, created["status"]!.GetValue<int>());
        Assert.Equal(
            $"{server.BaseAddress}subscriptions/{server.SubscriptionId}/resourceGroups/myResourceGroup/providers/Microsoft.ImportExport/jobs/myJob?api-version={apiVersion}",
            created["url"]!.GetValue<string>());
        var job = created["result"]!.AsObject();
        Assert.Equal($"/subscriptions/{server.SubscriptionId}/resourceGroups/myResourceGroup/providers/Microsoft.ImportExport/jobs/myJob", job["id"]!.GetValue<string>());
        Assert.Equal("myJob", job["name"]!.GetValue<string>());
        Assert.Equal("Microsoft.ImportExport/jobs", job["type"]!.GetValue<string>());
        Assert.Equal("West US", job["location"]!.GetValue<string>());
        Assert.Equal("None", job["identity"]!["type"]!.GetValue<string>());
        Assert.NotNull(job["systemData"]!["createdAt"]);
        var properties = job["properties"]!;
        Assert.Equal("Creating", properties["state"]!.GetValue<string>());
        Assert.False(properties["cancelRequested"]!.GetValue<bool>());
        Assert.Equal("Import", properties["jobType"]!.GetValue<string>());
        Assert.Equal("/subscriptions/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx/resourceGroups/myResourceGroup/providers/Microsoft.ClassicStorage/storageAccounts/test", properties["storageAccountId"]!.GetValue<string>());
        Assert.Equal("Verbose", properties["logLevel"]!.GetValue<string>());
        Assert.True(properties["backupDriveManifest"]!.GetValue<bool>());
        Assert.Equal("waimportexport", properties["diagnosticsPath"]!.GetValue<string>());
        Assert.Equal("Succeeded", properties["provisioningState"]!.GetValue<string>());
        Assert.Equal("MicrosoftManaged", properties["encryptionKey"]!["kekType"]!.GetValue<string>());
        Assert.Equal("Test@contoso.com", properties["returnAddress"]!["email"]!.GetValue<string>());
        Assert.Equal("street2", properties["returnAddress"]!["streetAddress2"]!.GetValue<string>());
        Assert.Equal("989ffff", properties["returnShipping"]!["carrierAccountNumber"]!.GetValue<string>());
        Assert.Equal("Santa Clara", properties["shippingInformation"]!["city"]!.GetValue<string>());
        Assert.Equal("", properties["shippingInformation"]!["additionalInformation"]!.GetValue<string>());
        AssertDriveWithoutKey(properties, "Specified");
        Assert.StartsWith("0:1048576:FB6B6ED5", properties["driveList"]![0]!["driveHeaderHash"]!.GetValue<string>(), StringComparison.Ordinal);

        var again = run.OkObject("create import again");
        Assert.Equal(200, again["status"]!.GetValue<int>());
        Assert.Equal("Creating", again["result"]!["properties"]!["state"]!.GetValue<string>());
        AssertDriveWithoutKey(again["result"]!["properties"]!, "Specified");

        var export = run.OkObject("create export");
        Assert.Equal(201, export["status"]!.GetValue<int>());
        var exportProperties = export["result"]!["properties"]!;
        Assert.Equal("Export", exportProperties["jobType"]!.GetValue<string>());
        Assert.Equal(["/"], exportProperties["export"]!["blobPathPrefix"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Null(exportProperties["driveList"]);

        var got = run.OkObject("get");
        Assert.Equal("myJob", got["name"]!.GetValue<string>());
        Assert.Equal("Creating", got["properties"]!["state"]!.GetValue<string>());
        AssertDriveWithoutKey(got["properties"]!, "Specified");

        var tagged = run.OkObject("update tags");
        Assert.Equal("test", tagged["tags"]!["env"]!.GetValue<string>());
        Assert.Equal("ferry", tagged["tags"]!["owner"]!.GetValue<string>());
        Assert.Equal("Verbose", tagged["properties"]!["logLevel"]!.GetValue<string>());
        Assert.Equal("Creating", tagged["properties"]!["state"]!.GetValue<string>());

        var logged = run.OkObject("update logLevel and backupDriveManifest");
        Assert.Equal("Error", logged["properties"]!["logLevel"]!.GetValue<string>());
        Assert.False(logged["properties"]!["backupDriveManifest"]!.GetValue<bool>());
        Assert.Equal("Creating", logged["properties"]!["state"]!.GetValue<string>());
        Assert.Equal("test", logged["tags"]!["env"]!.GetValue<string>());

        var keys = Assert.IsType<JsonArray>(run.Ok("bitLockerKeys.list"), exactMatch: false);
        var key = Assert.Single(keys)!;
        Assert.Equal(DriveId, key["driveId"]!.GetValue<string>());
        Assert.Equal(BitLockerKey, key["bitLockerKey"]!.GetValue<string>());

        var shipped = run.OkObject("update to Shipping");
        Assert.Equal("Shipping", shipped["properties"]!["state"]!.GetValue<string>());
        Assert.Equal("787895108176", shipped["properties"]!["deliveryPackage"]!["trackingNumber"]!.GetValue<string>());
        Assert.Equal(1, shipped["properties"]!["deliveryPackage"]!["driveCount"]!.GetValue<int>());
        Assert.Equal("Test@contoso.com", shipped["properties"]!["returnAddress"]!["email"]!.GetValue<string>());

        var canceled = run.OkObject("update cancelRequested");
        Assert.True(canceled["properties"]!["cancelRequested"]!.GetValue<bool>());
        Assert.Equal("Creating", canceled["properties"]!["state"]!.GetValue<string>());

        run.Failed("get missing", 404, "ResourceNotFound");
        run.Failed("create invalid", 400, "BadRequest");
        run.Failed("delete Shipping", 409, "Conflict");
        Assert.Equal(200, run.OkObject("delete Creating")["status"]!.GetValue<int>());
        run.Failed("get deleted", 404, "ResourceNotFound");
    }

    [Theory]
    [MemberData(nameof(ArmRequests.Versions), MemberType = typeof(ArmRequests))]
    public async Task Job_lists_page_filter_and_resume_through_the_js_client(string apiVersion)
    {
        await using var server = await StartAsync();
        var run = await RunAsync(server, apiVersion, "lists");
        run.Ok("create five jobs");
        string[] all = ["rg-alpha/job-a", "rg-alpha/Job-B", "rg-alpha/job-c", "rg-beta/job-d", "rg-beta/job-e"];

        Assert.Equal(all, run.OkStrings("listBySubscription"));
        var items = Assert.IsType<JsonArray>(run.Ok("listBySubscription items"), exactMatch: false);
        Assert.All(items, i => Assert.False(i!["hasDriveList"]!.GetValue<bool>()));
        Assert.Equal(["Creating", "Shipping", "Creating", "Creating", "Creating"], items.Select(i => i!["state"]!.GetValue<string>()));
        Assert.Equal(["Export", "Import", "Import", "Import", "Export"], items.Select(i => i!["jobType"]!.GetValue<string>()));

        var pages = Pages(run, "listBySubscription byPage");
        Assert.Equal([all[..2], all[2..4], all[4..]], pages.Select(p => p.Names));
        Assert.All(pages[..^1], p => Assert.NotNull(p.ContinuationToken));
        Assert.Null(pages[^1].ContinuationToken);

        Assert.Equal(all[..3], run.OkStrings("listBySubscription top 3"));
        Assert.Equal([all[..2], all[2..3]], Pages(run, "listBySubscription top 3 byPage").Select(p => p.Names));
        Assert.Equal(["rg-alpha/job-a", "rg-alpha/job-c", "rg-beta/job-d", "rg-beta/job-e"], run.OkStrings("listBySubscription state Creating"));
        Assert.Equal(["rg-alpha/job-a", "rg-beta/job-e"], run.OkStrings("listBySubscription jobType Export"));
        var resumed = run.OkObject("listBySubscription resumed");
        Assert.Equal(all[..2], resumed["first"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal([all[2..4], all[4..]], Pages(resumed["rest"]!.AsArray()).Select(p => p.Names));

        string[] alpha = ["rg-alpha/job-a", "rg-alpha/Job-B", "rg-alpha/job-c"];
        Assert.Equal(alpha, run.OkStrings("listByResourceGroup"));
        Assert.Equal([alpha[..2], alpha[2..]], Pages(run, "listByResourceGroup byPage").Select(p => p.Names));
        Assert.Equal(alpha[..1], run.OkStrings("listByResourceGroup top 1"));
        Assert.Equal(["rg-alpha/job-a", "rg-alpha/job-c"], run.OkStrings("listByResourceGroup state Creating"));
        Assert.Equal(["rg-beta/job-e"], run.OkStrings("listByResourceGroup jobType Export"));
        var groupResumed = run.OkObject("listByResourceGroup resumed");
        Assert.Equal(alpha[..2], groupResumed["first"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal([alpha[2..]], Pages(groupResumed["rest"]!.AsArray()).Select(p => p.Names));
        Assert.Empty(run.OkStrings("listByResourceGroup unknown group"));
    }

    [Theory]
    [MemberData(nameof(ArmRequests.Versions), MemberType = typeof(ArmRequests))]
    public async Task An_import_job_created_and_shipped_with_the_js_client_comes_back_completed(string apiVersion)
    {
        await using var server = await StartAsync();
        var shipping = await RunAsync(server, apiVersion, "lifecycle-ship");
        Assert.Equal(201, shipping.OkObject("create import")["status"]!.GetValue<int>());
        Assert.Equal("Shipping", shipping.OkObject("update to Shipping")["properties"]!["state"]!.GetValue<string>());

        // The data centre, through the operator surface.
        using var op = server.CreateOperatorClient();
        var job = $"subscriptions/{server.SubscriptionId}/resourceGroups/lifecycle-rg/jobs/lifeJob";
        Assert.Equal("Received", (await StepAsync(op, job, "receive", OperatorRequests.Package(DriveId)))["state"]!.GetValue<string>());
        Assert.Equal("Transferring", (await StepAsync(op, job, $"drives/{DriveId}/start"))["state"]!.GetValue<string>());
        Assert.Equal("Packaging", (await StepAsync(op, job, $"drives/{DriveId}/complete", new JsonObject { ["bytesSucceeded"] = 4096 }))["state"]!.GetValue<string>());
        var back = new JsonObject { ["carrierName"] = "FedEx", ["trackingNumber"] = "RT-1001", ["driveCount"] = 1, ["shipDate"] = "1/20/2026 10:00:00 AM" };
        Assert.Equal("Completed", (await StepAsync(op, job, "ship-back", back))["state"]!.GetValue<string>());

        var check = await RunAsync(server, apiVersion, "lifecycle-check");
        var properties = check.OkObject("get")["properties"]!;
        Assert.Equal("Completed", properties["state"]!.GetValue<string>());
        var drive = Assert.Single(properties["driveList"]!.AsArray())!;
        Assert.Equal(DriveId, drive["driveId"]!.GetValue<string>());
        Assert.Equal("ShippedBack", drive["state"]!.GetValue<string>());
        Assert.Equal("Completed", drive["copyStatus"]!.GetValue<string>());
        Assert.Null(drive["bitLockerKey"]);
        var returned = properties["returnPackage"]!;
        Assert.Equal("FedEx", returned["carrierName"]!.GetValue<string>());
        Assert.Equal("RT-1001", returned["trackingNumber"]!.GetValue<string>());
        Assert.Equal(1, returned["driveCount"]!.GetValue<int>());
        Assert.Equal("1/20/2026 10:00:00 AM", returned["shipDate"]!.GetValue<string>());
        Assert.Equal("787895108176", properties["deliveryPackage"]!["trackingNumber"]!.GetValue<string>());
        var key = Assert.Single(Assert.IsType<JsonArray>(check.Ok("bitLockerKeys.list"), exactMatch: false))!;
        Assert.Equal(BitLockerKey, key["bitLockerKey"]!.GetValue<string>());
        Assert.Equal(200, check.OkObject("delete Completed")["status"]!.GetValue<int>());
        check.Failed("get deleted", 404, "ResourceNotFound");
    }

    private static Task<FerryTestServer> StartAsync() =>
        FerryTestServer.StartAsync(new FerryTestServerOptions(new Dictionary<string, string> { ["Ferry:Arm:PageSize"] = "2" }));

    private static Task<ArmClientRun> RunAsync(FerryTestServer server, string apiVersion, string scenario) =>
        ArmJsClient.RunAsync(server, apiVersion, scenario);

    private static void AssertDriveWithoutKey(JsonNode properties, string state)
    {
        var drive = Assert.Single(properties["driveList"]!.AsArray())!.AsObject();
        Assert.Equal(DriveId, drive["driveId"]!.GetValue<string>());
        Assert.Equal(state, drive["state"]!.GetValue<string>());
        Assert.Equal("4228EC5D8E048CB9B515338C789314BE8D0B2FDBC7C7A0308E1C826242CDE74E", drive["manifestHash"]!.GetValue<string>());
        Assert.Equal(@"\8a0c23f7-14b7-470a-9633-fcd46590a1bc.manifest", drive["manifestFile"]!.GetValue<string>());
        Assert.False(drive.ContainsKey("bitLockerKey"), $"The drive carries its BitLocker key: {drive.ToJsonString()}");
    }

    private static List<(string[] Names, string? ContinuationToken)> Pages(ArmClientRun run, string step) =>
        Pages(Assert.IsType<JsonArray>(run.Ok(step), exactMatch: false));

    private static List<(string[] Names, string? ContinuationToken)> Pages(JsonArray pages) =>
        [.. pages.Select(p => (p!["names"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray(), p["continuationToken"]?.GetValue<string>()))];

    private static async Task<JsonNode> StepAsync(HttpClient op, string job, string action, JsonNode? body = null)
    {
        using var response = await op.PostAsync($"operator/{job}/{action}", body is null ? null : System.Net.Http.Json.JsonContent.Create(body), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
