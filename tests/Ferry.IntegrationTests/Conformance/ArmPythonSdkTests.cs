using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Conformance;

/// <summary>
/// The ARM surface driven by Microsoft's Python SDK, <c>azure-mgmt-storageimportexport</c> (Debian's <c>python3-azure</c>),
/// over real HTTPS at each api-version the installed SDK supports (docs/arm-api.md §9): every call goes through the stock
/// client's models, serializer, pagers and error mapping. The SDK sends <c>cancelRequested: false</c> and
/// <c>backupDriveManifest: false</c> in every Update, so each Update here also checks docs/arm-api.md §3.6. The server's
/// page size is 2, so that the lists page. The SDK reports its values by its own attribute names (snake_case).
/// </summary>
public sealed class ArmPythonSdkTests
{
    private const string DriveId = "9CA995BB";
    private const string BitLockerKey = "238810-662376-448998-450120-652806-203390-606320-483076";

    [Fact]
    public async Task Operations_and_locations_are_read_through_the_python_sdk()
    {
        foreach (var apiVersion in await ArmPythonSdk.ApiVersionsAsync())
        {
            await using var server = await StartAsync();
            var run = await ArmPythonSdk.RunAsync(server, apiVersion, "catalogue");

            Assert.Equal(
                [
                    "Microsoft.ImportExport/locations/read", "Microsoft.ImportExport/jobs/write", "Microsoft.ImportExport/jobs/read",
                    "Microsoft.ImportExport/jobs/listBitLockerKeys/action", "Microsoft.ImportExport/jobs/delete", "Microsoft.ImportExport/register/action",
                ],
                run.OkStrings("operations.list"));
            var locations = Assert.IsType<JsonArray>(run.Ok("locations.list"), exactMatch: false);
            Assert.Contains(locations, l => l!["name"]!.GetValue<string>() == "West US");
            Assert.Contains(locations, l => l!["id"]!.GetValue<string>() == "/providers/Microsoft.ImportExport/locations/australiaeast");
            foreach (var step in new[] { "locations.get display name", "locations.get short name" })
            {
                // The SDK model flattens the location's properties.
                var westUs = run.OkObject(step);
                Assert.Equal("/providers/Microsoft.ImportExport/locations/westus", westUs["id"]!.GetValue<string>());
                Assert.Equal("West US", westUs["name"]!.GetValue<string>());
                Assert.Equal("Microsoft.ImportExport/locations", westUs["type"]!.GetValue<string>());
                Assert.Equal("Santa Clara", westUs["city"]!.GetValue<string>());
                Assert.Equal("95050", westUs["postal_code"]!.GetValue<string>());
                Assert.Equal(["FedEx"], westUs["supported_carriers"]!.AsArray().Select(c => c!.GetValue<string>()));
                Assert.Equal(["/providers/Microsoft.ImportExport/locations/westus"], westUs["alternate_locations"]!.AsArray().Select(c => c!.GetValue<string>()));
            }

            run.Failed("locations.get unknown", 404, "ResourceNotFound");
        }
    }

    [Fact]
    public async Task The_python_sdk_surfaces_an_unsupported_api_version_and_refused_tokens()
    {
        foreach (var apiVersion in await ArmPythonSdk.ApiVersionsAsync())
        {
            await using var server = await StartAsync();
            var run = await ArmPythonSdk.RunAsync(server, apiVersion, "refusals", new Dictionary<string, string>
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
    }

    [Fact]
    public async Task Jobs_are_created_read_updated_and_deleted_through_the_python_sdk()
    {
        foreach (var apiVersion in await ArmPythonSdk.ApiVersionsAsync())
        {
            await using var server = await StartAsync();
            var run = await ArmPythonSdk.RunAsync(server, apiVersion, "jobs");

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
            Assert.NotNull(job["system_data"]!["created_at"]);
            var properties = job["properties"]!;
            Assert.Equal("Creating", properties["state"]!.GetValue<string>());
            Assert.False(properties["cancel_requested"]!.GetValue<bool>());
            Assert.Equal("Import", properties["job_type"]!.GetValue<string>());
            Assert.Equal("Verbose", properties["log_level"]!.GetValue<string>());
            Assert.True(properties["backup_drive_manifest"]!.GetValue<bool>());
            Assert.Equal("waimportexport", properties["diagnostics_path"]!.GetValue<string>());
            Assert.Equal("Succeeded", properties["provisioning_state"]!.GetValue<string>());
            Assert.Equal("MicrosoftManaged", properties["encryption_key"]!["kek_type"]!.GetValue<string>());
            Assert.Equal("Test@contoso.com", properties["return_address"]!["email"]!.GetValue<string>());
            Assert.Equal("street2", properties["return_address"]!["street_address2"]!.GetValue<string>());
            Assert.Equal("989ffff", properties["return_shipping"]!["carrier_account_number"]!.GetValue<string>());
            Assert.Equal("Santa Clara", properties["shipping_information"]!["city"]!.GetValue<string>());
            AssertDriveWithoutKey(properties, "Specified");

            var again = run.OkObject("create import again");
            Assert.Equal(200, again["status"]!.GetValue<int>());
            Assert.Equal("Creating", again["result"]!["properties"]!["state"]!.GetValue<string>());

            var export = run.OkObject("create export");
            Assert.Equal(201, export["status"]!.GetValue<int>());
            var exportProperties = export["result"]!["properties"]!;
            Assert.Equal("Export", exportProperties["job_type"]!.GetValue<string>());
            Assert.Equal(["/"], exportProperties["export"]!["blob_path_prefix"]!.AsArray().Select(p => p!.GetValue<string>()));
            Assert.Null(exportProperties["drive_list"]);

            var got = run.OkObject("get");
            Assert.Equal("myJob", got["name"]!.GetValue<string>());
            AssertDriveWithoutKey(got["properties"]!, "Specified");

            // A tags-only update: the SDK adds cancelRequested: false (no change) and backupDriveManifest: false (a
            // change the SDK user did not ask for, allowed in Creating).
            var tagged = run.OkObject("update tags");
            Assert.Equal("test", tagged["tags"]!["env"]!.GetValue<string>());
            Assert.Equal("ferry", tagged["tags"]!["owner"]!.GetValue<string>());
            Assert.False(tagged["properties"]!["cancel_requested"]!.GetValue<bool>());
            Assert.False(tagged["properties"]!["backup_drive_manifest"]!.GetValue<bool>());
            Assert.Equal("Verbose", tagged["properties"]!["log_level"]!.GetValue<string>());

            var logged = run.OkObject("update logLevel and backupDriveManifest");
            Assert.Equal("Error", logged["properties"]!["log_level"]!.GetValue<string>());
            Assert.True(logged["properties"]!["backup_drive_manifest"]!.GetValue<bool>());
            Assert.Equal("Creating", logged["properties"]!["state"]!.GetValue<string>());
            Assert.Equal("test", logged["tags"]!["env"]!.GetValue<string>());

            var key = Assert.Single(Assert.IsType<JsonArray>(run.Ok("bitLockerKeys.list"), exactMatch: false))!;
            Assert.Equal(DriveId, key["drive_id"]!.GetValue<string>());
            Assert.Equal(BitLockerKey, key["bit_locker_key"]!.GetValue<string>());

            var shipped = run.OkObject("update to Shipping");
            Assert.Equal("Shipping", shipped["properties"]!["state"]!.GetValue<string>());
            Assert.Equal("787895108176", shipped["properties"]!["delivery_package"]!["tracking_number"]!.GetValue<string>());
            Assert.Equal(1, shipped["properties"]!["delivery_package"]!["drive_count"]!.GetValue<int>());

            var canceled = run.OkObject("update cancelRequested");
            Assert.True(canceled["properties"]!["cancel_requested"]!.GetValue<bool>());
            Assert.Equal("Creating", canceled["properties"]!["state"]!.GetValue<string>());

            run.Failed("get missing", 404, "ResourceNotFound");
            run.Failed("create invalid", 400, "BadRequest");
            run.Failed("delete Shipping", 409, "Conflict");
            Assert.Equal(200, run.OkObject("delete Creating")["status"]!.GetValue<int>());
            run.Failed("get deleted", 404, "ResourceNotFound");
        }
    }

    [Fact]
    public async Task Job_lists_page_filter_and_resume_through_the_python_sdk()
    {
        foreach (var apiVersion in await ArmPythonSdk.ApiVersionsAsync())
        {
            await using var server = await StartAsync();
            var run = await ArmPythonSdk.RunAsync(server, apiVersion, "lists");
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
            Assert.Equal(["rg-alpha/job-a"], run.OkStrings("listBySubscription name"));
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

            run.Failed("listBySubscription bad filter", 400, "BadRequest");
            run.Failed("listBySubscription bad top", 400, "BadRequest");
        }
    }

    /// <summary>
    /// One import job through every state (the data centre played on the operator surface), one closed as never
    /// received, and two whose cancellation was requested: in each state every Update the SDK can send. Values equal to
    /// the stored ones (and the SDK's own cancelRequested: false) pass in every state; each real change only in its
    /// window (docs/lifecycle.md §3), else 409 Conflict.
    /// </summary>
    [Fact]
    public async Task Updates_from_the_python_sdk_follow_the_state_windows_and_equal_values_pass_in_every_state()
    {
        foreach (var apiVersion in await ArmPythonSdk.ApiVersionsAsync())
        {
            await using var server = await StartAsync();
            using var op = server.CreateOperatorClient();
            const string Job = "window-rg/windowJob";
            const string Closed = "window-rg/closedJob";
            const string CancelledEarly = "window-rg/cancelledInCreating";
            const string CancelledLate = "window-rg/cancelledWhenReceived";
            foreach (var job in new[] { Job, Closed, CancelledEarly, CancelledLate })
            {
                Assert.Equal(201, (await RunAsync(server, apiVersion, "create-window-job", job)).OkObject("create import")["status"]!.GetValue<int>());
            }

            await WindowAsync(server, apiVersion, Job, "Creating");
            foreach (var job in new[] { Job, Closed, CancelledLate })
            {
                Assert.Equal("Shipping", (await RunAsync(server, apiVersion, "ship", job)).OkObject("update to Shipping")["properties"]!["state"]!.GetValue<string>());
            }

            await WindowAsync(server, apiVersion, Job, "Shipping");

            Assert.Equal("Received", (await StepAsync(op, server, Job, "receive", OperatorRequests.Package(DriveId)))["state"]!.GetValue<string>());
            await WindowAsync(server, apiVersion, Job, "Received");
            Assert.Equal("Transferring", (await StepAsync(op, server, Job, $"drives/{DriveId}/start"))["state"]!.GetValue<string>());
            await WindowAsync(server, apiVersion, Job, "Transferring");
            Assert.Equal("Packaging", (await StepAsync(op, server, Job, $"drives/{DriveId}/complete", new JsonObject { ["bytesSucceeded"] = 4096 }))["state"]!.GetValue<string>());
            await WindowAsync(server, apiVersion, Job, "Packaging");
            var back = new JsonObject { ["carrierName"] = "FedEx", ["trackingNumber"] = "RT-1001", ["driveCount"] = 1, ["shipDate"] = "1/20/2026 10:00:00 AM" };
            Assert.Equal("Completed", (await StepAsync(op, server, Job, "ship-back", back))["state"]!.GetValue<string>());
            await WindowAsync(server, apiVersion, Job, "Completed");

            Assert.Equal("Closed", (await StepAsync(op, server, Closed, "close"))["state"]!.GetValue<string>());
            await WindowAsync(server, apiVersion, Closed, "Closed");

            // A cancellation requested in Creating leaves the job in Creating; requested when Received, it packs the drives.
            await CancelWindowAsync(server, apiVersion, CancelledEarly, "Creating", "Creating");
            Assert.Equal("Received", (await StepAsync(op, server, CancelledLate, "receive", OperatorRequests.Package(DriveId)))["state"]!.GetValue<string>());
            await CancelWindowAsync(server, apiVersion, CancelledLate, "Received", "Packaging");

            // The completed job, seen and deleted through the SDK.
            var check = await RunAsync(server, apiVersion, "lifecycle-check", Job);
            var properties = check.OkObject("get")["properties"]!;
            Assert.Equal("Completed", properties["state"]!.GetValue<string>());
            var drive = Assert.Single(properties["drive_list"]!.AsArray())!;
            Assert.Equal("ShippedBack", drive["state"]!.GetValue<string>());
            Assert.Equal("Completed", drive["copy_status"]!.GetValue<string>());
            Assert.Null(drive["bit_locker_key"]);
            Assert.Equal("RT-1001", properties["return_package"]!["tracking_number"]!.GetValue<string>());
            Assert.Equal(BitLockerKey, Assert.Single(Assert.IsType<JsonArray>(check.Ok("bitLockerKeys.list"), exactMatch: false))!["bit_locker_key"]!.GetValue<string>());
            Assert.Equal(200, check.OkObject("delete")["status"]!.GetValue<int>());
            check.Failed("get deleted", 404, "ResourceNotFound");
        }
    }

    private static async Task WindowAsync(FerryTestServer server, string apiVersion, string job, string state)
    {
        var before = await ArmJobAsync(server, job);
        var run = await RunAsync(server, apiVersion, "window", job);
        Assert.Equal(state, run.Ok("state")!.GetValue<string>());
        var open = state is "Creating" or "Shipping" or "Received" or "Transferring";

        // Equal values, the SDK's defaults (cancelRequested: false, backupDriveManifest: false) and tags: every state.
        var tagged = run.OkObject("tags with the SDK defaults");
        Assert.Equal(state, tagged["tags"]!["state"]!.GetValue<string>());
        Assert.False(tagged["properties"]!["cancel_requested"]!.GetValue<bool>());
        Assert.Equal(state, tagged["properties"]!["state"]!.GetValue<string>());
        run.Ok("cancelRequested false");
        var same = run.OkObject("every member equal to the stored value")["properties"]!;
        Assert.Equal(state, same["state"]!.GetValue<string>());
        Assert.Equal(before["properties"]!["returnAddress"]!["email"]!.GetValue<string>(), same["return_address"]!["email"]!.GetValue<string>());
        Assert.Equal(before["properties"]!["logLevel"]!.GetValue<string>(), same["log_level"]!.GetValue<string>());
        if (state != "Creating")
        {
            if (state == "Shipping")
            {
                Assert.Equal("Shipping", run.OkObject("state Shipping")["properties"]!["state"]!.GetValue<string>());
            }
            else
            {
                run.Failed("state Shipping", 409, "Conflict");
            }
        }

        // Real changes, each in its window.
        foreach (var step in new[] { "change returnAddress", "change returnShipping", "change logLevel", "change backupDriveManifest" })
        {
            Expect(run, step, open);
        }

        run.Ok("restore backupDriveManifest");
        Expect(run, "change deliveryPackage", state is "Creating" or "Shipping");
        Expect(run, "change driveList", state == "Creating");
        Assert.Equal(!open, run.Has("cancelRequested true"));
        if (!open)
        {
            run.Failed("cancelRequested true", 409, "Conflict");
        }

        // What a refused change left: the job as the allowed steps made it, in the same state, not cancelled.
        var after = run.OkObject("get")["properties"]!;
        Assert.Equal(state, after["state"]!.GetValue<string>());
        Assert.False(after["cancel_requested"]!.GetValue<bool>());
        Assert.False(after["backup_drive_manifest"]!.GetValue<bool>());
        var email = before["properties"]!["returnAddress"]!["email"]!.GetValue<string>();
        Assert.Equal(open, email != after["return_address"]!["email"]!.GetValue<string>());
        var level = before["properties"]!["logLevel"]!.GetValue<string>();
        Assert.Equal(open, level != after["log_level"]!.GetValue<string>());
    }

    private static async Task CancelWindowAsync(FerryTestServer server, string apiVersion, string job, string state, string stateAfterCancel)
    {
        var run = await RunAsync(server, apiVersion, "cancel-window", job);
        Assert.Equal(state, run.Ok("state")!.GetValue<string>());
        var cancelled = run.OkObject("cancelRequested true")["properties"]!;
        Assert.True(cancelled["cancel_requested"]!.GetValue<bool>());
        Assert.Equal(stateAfterCancel, cancelled["state"]!.GetValue<string>());

        // cancelRequested: false (the SDK's default) does not withdraw it; true again is no change, even in Packaging.
        var tagged = run.OkObject("tags with the SDK defaults");
        Assert.True(tagged["properties"]!["cancel_requested"]!.GetValue<bool>());
        Assert.Equal("cancel", tagged["tags"]!["after"]!.GetValue<string>());
        Assert.Equal(stateAfterCancel, run.OkObject("cancelRequested true again")["properties"]!["state"]!.GetValue<string>());
        run.Failed("state Shipping", 409, "Conflict");
        var after = run.OkObject("get")["properties"]!;
        Assert.True(after["cancel_requested"]!.GetValue<bool>());
        Assert.Equal(stateAfterCancel, after["state"]!.GetValue<string>());
    }

    private static void Expect(ArmClientRun run, string step, bool allowed)
    {
        if (allowed)
        {
            run.Ok(step);
        }
        else
        {
            run.Failed(step, 409, "Conflict");
        }
    }

    private static Task<FerryTestServer> StartAsync() =>
        FerryTestServer.StartAsync(new FerryTestServerOptions(new Dictionary<string, string> { ["Ferry:Arm:PageSize"] = "2" }));

    private static Task<ArmClientRun> RunAsync(FerryTestServer server, string apiVersion, string scenario, string job) =>
        ArmPythonSdk.RunAsync(server, apiVersion, scenario, new Dictionary<string, string> { ["FERRY_ARM_JOB"] = job });

    /// <summary>The job as the ARM surface returns it, read with the test's own HTTP client.</summary>
    private static async Task<JsonNode> ArmJobAsync(FerryTestServer server, string job)
    {
        var (group, name) = (job.Split('/')[0], job.Split('/')[1]);
        using var client = server.CreateArmClient();
        using var response = await client.GetAsync(
            $"subscriptions/{server.SubscriptionId}/resourceGroups/{group}/providers/Microsoft.ImportExport/jobs/{name}?api-version=2021-01-01",
            TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {job}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static void AssertDriveWithoutKey(JsonNode properties, string state)
    {
        var drive = Assert.Single(properties["drive_list"]!.AsArray())!.AsObject();
        Assert.Equal(DriveId, drive["drive_id"]!.GetValue<string>());
        Assert.Equal(state, drive["state"]!.GetValue<string>());
        Assert.Equal("4228EC5D8E048CB9B515338C789314BE8D0B2FDBC7C7A0308E1C826242CDE74E", drive["manifest_hash"]!.GetValue<string>());
        Assert.False(drive.ContainsKey("bit_locker_key"), $"The drive carries its BitLocker key: {drive.ToJsonString()}");
    }

    private static List<(string[] Names, string? ContinuationToken)> Pages(ArmClientRun run, string step) =>
        Pages(Assert.IsType<JsonArray>(run.Ok(step), exactMatch: false));

    private static List<(string[] Names, string? ContinuationToken)> Pages(JsonArray pages) =>
        [.. pages.Select(p => (p!["names"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray(), p["continuationToken"]?.GetValue<string>()))];

    private static async Task<JsonNode> StepAsync(HttpClient op, FerryTestServer server, string job, string action, JsonNode? body = null)
    {
        var (group, name) = (job.Split('/')[0], job.Split('/')[1]);
        using var response = await op.PostAsync(
            $"operator/subscriptions/{server.SubscriptionId}/resourceGroups/{group}/jobs/{name}/{action}",
            body is null ? null : System.Net.Http.Json.JsonContent.Create(body), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{action} on {job}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
