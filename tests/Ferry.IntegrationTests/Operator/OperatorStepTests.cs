using System.Net;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Operator;

/// <summary>
/// The data-centre steps over the operator surface: the lifecycle they drive, and every refusal answered as problem
/// details that changes nothing (same ETag, same audit trail).
/// </summary>
public sealed class OperatorStepTests
{
    private const string Job = "job1";

    [Fact]
    public async Task An_import_job_goes_from_Shipping_to_Completed_and_every_step_is_in_its_history()
    {
        await using var server = await FerryTestServer.StartAsync();
        await server.ShippedImportJobAsync(Job, drives: 2);
        using var op = server.CreateOperatorClient();

        var received = await op.StepOkAsync(server, Job, "receive", OperatorRequests.Package("DRIVE0000", "DRIVE0001", "EXTRA9"));
        Assert.Equal("Received", received["state"]!.GetValue<string>());
        Assert.Equal(["EXTRA9"], received["extraDrives"]!.AsArray().Select(d => d!.GetValue<string>()));
        var started = await op.StepOkAsync(server, Job, "drives/DRIVE0000/start");
        Assert.Equal("Transferring", started["state"]!.GetValue<string>());
        Assert.Equal("InProgress", started["drives"]![0]!["copyStatus"]!.GetValue<string>());
        var progress = await op.StepOkAsync(server, Job, "drives/DRIVE0000/progress", new JsonObject { ["percentComplete"] = 50, ["bytesSucceeded"] = 1024 });
        Assert.Equal(25, progress["percentComplete"]!.GetValue<int>());
        await op.StepOkAsync(server, Job, "drives/DRIVE0000/complete", new JsonObject { ["bytesSucceeded"] = 2048 });
        var packaging = await op.StepOkAsync(server, Job, "drives/DRIVE0001/complete");
        Assert.Equal("Packaging", packaging["state"]!.GetValue<string>());
        Assert.Equal(100, packaging["percentComplete"]!.GetValue<int>());
        var completed = await op.StepOkAsync(server, Job, "ship-back", new JsonObject { ["carrierName"] = "FedEx", ["trackingNumber"] = "T-1" });

        Assert.Equal("Completed", completed["state"]!.GetValue<string>());
        Assert.All(completed["drives"]!.AsArray(), d => Assert.Equal("ShippedBack", d!["state"]!.GetValue<string>()));
        Assert.Equal(3, completed["returnPackage"]!["driveCount"]!.GetValue<int>());
        Assert.Equal("2026-01-05", completed["returnPackage"]!["shipDate"]!.GetValue<string>());
        var history = await op.HistoryAsync(server, Job);
        var sequence = history.Select(e => e!["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal(sequence.Order(), sequence);
        Assert.Equal(sequence.Count, sequence.Distinct().Count());
        var jobStates = history.Where(e => e!["driveId"] is null && e["newState"] is not null).Select(e => e!["newState"]!.GetValue<string>());
        Assert.Equal(["Creating", "Shipping", "Received", "Transferring", "Packaging", "Completed"], jobStates);
        var drive0 = history.Where(e => e!["driveId"]?.GetValue<string>() == "DRIVE0000" && e["newState"] is not null).Select(e => e!["newState"]!.GetValue<string>());
        Assert.Equal(["Received", "Transferring", "Completed", "ShippedBack"], drive0);
        Assert.Contains(history, e => e!["action"]!.GetValue<string>() == "Progress" && e["actorKind"]!.GetValue<string>() == "Operator");
        Assert.Equal(server.SubscriptionId, history[0]!["actor"]!.GetValue<string>());
        Assert.Equal("Subscription", history[0]!["actorKind"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failed_drive_closes_the_job_at_ship_back()
    {
        await using var server = await FerryTestServer.StartAsync();
        await server.ShippedImportJobAsync(Job, drives: 2);
        using var op = server.CreateOperatorClient();
        await op.StepOkAsync(server, Job, "receive", OperatorRequests.Package("DRIVE0000", "DRIVE0001"));

        var failed = await op.StepOkAsync(server, Job, "drives/DRIVE0000/fail", new JsonObject { ["copyStatus"] = "ManifestNotFound" });
        Assert.Equal("CompletedMoreInfo", failed["drives"]![0]!["state"]!.GetValue<string>());
        Assert.Equal("ManifestNotFound", failed["drives"]![0]!["copyStatus"]!.GetValue<string>());
        await op.StepOkAsync(server, Job, "drives/DRIVE0001/complete");
        var closed = await op.StepOkAsync(server, Job, "ship-back", new JsonObject { ["carrierName"] = "DHL", ["trackingNumber"] = "T-2", ["driveCount"] = 2, ["shipDate"] = "2026-01-06" });

        Assert.Equal("Closed", closed["state"]!.GetValue<string>());
        Assert.Equal("2026-01-06", closed["returnPackage"]!["shipDate"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_drive_missing_from_the_package_is_never_received_and_the_job_closes()
    {
        await using var server = await FerryTestServer.StartAsync();
        await server.ShippedImportJobAsync(Job, drives: 2);
        using var op = server.CreateOperatorClient();

        var received = await op.StepOkAsync(server, Job, "receive", OperatorRequests.Package("DRIVE0001"));
        Assert.Equal("NeverReceived", received["drives"]![0]!["state"]!.GetValue<string>());
        await op.StepOkAsync(server, Job, "drives/DRIVE0001/complete");
        var closed = await op.StepOkAsync(server, Job, "ship-back", new JsonObject { ["carrierName"] = "FedEx", ["trackingNumber"] = "T-3" });

        Assert.Equal("Closed", closed["state"]!.GetValue<string>());
        Assert.Equal("NeverReceived", closed["drives"]![0]!["state"]!.GetValue<string>());
        Assert.Equal("ShippedBack", closed["drives"]![1]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_export_job_gets_its_drives_at_receipt()
    {
        await using var server = await FerryTestServer.StartAsync();
        await server.ShippedExportJobAsync(Job);
        using var op = server.CreateOperatorClient();

        var received = await op.StepOkAsync(server, Job, "receive", OperatorRequests.Package("BLANK1", "BLANK2"));
        Assert.Equal(["BLANK1", "BLANK2"], received["drives"]!.AsArray().Select(d => d!["driveId"]!.GetValue<string>()));
        Assert.All(received["drives"]!.AsArray(), d => Assert.Equal("Received", d!["state"]!.GetValue<string>()));
        await op.StepOkAsync(server, Job, "drives/BLANK1/complete");
        await op.StepOkAsync(server, Job, "drives/BLANK2/complete");
        var completed = await op.StepOkAsync(server, Job, "ship-back", new JsonObject { ["carrierName"] = "FedEx", ["trackingNumber"] = "T-4" });

        Assert.Equal("Completed", completed["state"]!.GetValue<string>());
        Assert.DoesNotContain("BitLocker", completed.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        using var customer = server.CreateClient();
        var job = await customer.GetJobJsonAsync(server, OperatorRequests.Account, Job);
        var key = job["DriveList"]![0]!["BitLockerKey"]!.GetValue<string>();
        Assert.Matches("^([0-9]{6}-){7}[0-9]{6}$", key);
        Assert.All(key.Split('-'), group => Assert.Equal(0, int.Parse(group, System.Globalization.CultureInfo.InvariantCulture) % 11));
    }

    [Fact]
    public async Task A_job_none_of_whose_drives_arrived_is_closed_by_the_operator()
    {
        await using var server = await FerryTestServer.StartAsync();
        await server.ShippedImportJobAsync(Job);
        using var op = server.CreateOperatorClient();

        var missing = await op.StepOkAsync(server, Job, "drives/DRIVE0000/never-received");
        Assert.Equal("Shipping", missing["state"]!.GetValue<string>());
        var closed = await op.StepOkAsync(server, Job, "close");

        Assert.Equal("Closed", closed["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_late_drive_moves_a_Shipping_job_to_Received()
    {
        await using var server = await FerryTestServer.StartAsync();
        await server.ShippedImportJobAsync(Job);
        using var op = server.CreateOperatorClient();
        await op.StepOkAsync(server, Job, "drives/DRIVE0000/never-received");

        var received = await op.StepOkAsync(server, Job, "drives/DRIVE0000/receive", new JsonObject { ["contentPath"] = "/bay/DRIVE0000" });

        Assert.Equal("Received", received["state"]!.GetValue<string>());
        Assert.Equal("/bay/DRIVE0000", received["drives"]![0]!["contentPath"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string?, string> IllegalSteps() => new()
    {
        // Preparation (after Shipping), step, body, expected wording.
        { "missing", "drives/DRIVE0000/start", null, "Received drive" },
        { "missing", "drives/DRIVE0000/complete", null, "Received drive" },
        { "", "ship-back", """{"carrierName":"FedEx","trackingNumber":"1"}""", "Packaging" },
        { "receive", "receive", """{"drives":[{"driveId":"DRIVE0000"}]}""", "Shipping job" },
        { "receive", "close", null, "Shipping job" },
        { "receive", "drives/DRIVE0000/never-received", null, "Specified drive" },
        { "receive", "drives/DRIVE0000/progress", """{"percentComplete":5}""", "Transferring" },
        { "receive", "drives/DRIVE0000/receive", null, "Specified or NeverReceived" },
        { "complete", "drives/DRIVE0000/start", null, "Packaging" },
        { "complete", "drives/DRIVE0000/complete", null, "Packaging" },
        { "shipped", "drives/DRIVE0000/fail", """{"copyStatus":"DiskNotFound"}""", "Completed" },
        { "shipped", "ship-back", """{"carrierName":"FedEx","trackingNumber":"1"}""", "Packaging" },
    };

    [Theory]
    [MemberData(nameof(IllegalSteps))]
    public async Task An_illegal_step_is_a_409_that_changes_nothing(string preparation, string step, string? body, string mentions)
    {
        await using var server = await FerryTestServer.StartAsync();
        await server.ShippedImportJobAsync(Job);
        using var op = server.CreateOperatorClient();
        if (preparation == "missing")
        {
            await op.StepOkAsync(server, Job, "drives/DRIVE0000/never-received");
        }

        if (preparation is "receive" or "complete" or "shipped")
        {
            await op.StepOkAsync(server, Job, "receive", OperatorRequests.Package("DRIVE0000"));
        }

        if (preparation is "complete" or "shipped")
        {
            await op.StepOkAsync(server, Job, "drives/DRIVE0000/complete");
        }

        if (preparation == "shipped")
        {
            await op.StepOkAsync(server, Job, "ship-back", new JsonObject { ["carrierName"] = "FedEx", ["trackingNumber"] = "1" });
        }

        var before = await op.ViewAsync(server, Job);
        var historyBefore = await op.HistoryAsync(server, Job);

        using var response = await op.StepAsync(server, Job, step, body is null ? null : JsonNode.Parse(body));

        await OperatorRequests.AssertProblemAsync(response, HttpStatusCode.Conflict, "Conflict", mentions);
        Assert.Equal(before.ToJsonString(), (await op.ViewAsync(server, Job)).ToJsonString());
        Assert.Equal(historyBefore.Count, (await op.HistoryAsync(server, Job)).Count);
    }

    [Fact]
    public async Task A_cancelled_job_starts_no_copy_and_goes_to_Packaging_at_receipt()
    {
        await using var server = await FerryTestServer.StartAsync();
        await server.ShippedImportJobAsync(Job);
        using var customer = server.CreateClient();
        using var cancel = await customer.SendAsync(server, HttpMethod.Patch, ClassicRequests.JobPath(OperatorRequests.Account, Job),
            body: new JsonObject { ["Properties"] = new JsonObject { ["CancelRequested"] = true } });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        using var op = server.CreateOperatorClient();

        var packaging = await op.StepOkAsync(server, Job, "receive", OperatorRequests.Package("DRIVE0000"));
        Assert.Equal("Packaging", packaging["state"]!.GetValue<string>());
        Assert.Equal("Received", packaging["drives"]![0]!["state"]!.GetValue<string>());
        using var start = await op.StepAsync(server, Job, "drives/DRIVE0000/start");
        await OperatorRequests.AssertProblemAsync(start, HttpStatusCode.Conflict, "Conflict");
        var completed = await op.StepOkAsync(server, Job, "ship-back", new JsonObject { ["carrierName"] = "FedEx", ["trackingNumber"] = "1" });

        Assert.Equal("Completed", completed["state"]!.GetValue<string>());
        Assert.Equal("ShippedBack", completed["drives"]![0]!["state"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string> BadRequests() => new()
    {
        { "receive", """{"drives":[]}""", "drives" },
        { "receive", """{"drives":[{"driveId":"A"},{"driveId":"a"}]}""", "driveId" },
        { "receive", """{"drives":[{"driveId":"A","colour":"red"}]}""", "drives[0].colour" },
        { "receive", """{"drives":""", "body" },
        { "receive", """{"drives":[{"driveId":42}]}""", "drives[0].driveId" },
        { "drives/DRIVE0000/fail", """{"copyStatus":"Completed"}""", "copyStatus" },
        { "drives/DRIVE0000/fail", """{"copyStatus":"Sunny"}""", "copyStatus" },
        { "drives/DRIVE0000/complete", """{"copyStatus":"ManifestNotFound"}""", "copyStatus" },
        { "drives/DRIVE0000/progress", """{"percentComplete":101}""", "percentComplete" },
        { "drives/DRIVE0000/progress", """{}""", "percentComplete" },
        { "ship-back", """{"carrierName":"FedEx"}""", "trackingNumber" },
        { "close", """{"force":true}""", "force" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_a_400_naming_the_field_and_changes_nothing(string step, string body, string target)
    {
        await using var server = await FerryTestServer.StartAsync();
        await server.ShippedImportJobAsync(Job);
        using var op = server.CreateOperatorClient();
        var before = await op.ViewAsync(server, Job);

        using var response = await op.PostAsync($"{OperatorRequests.JobPath(server, Job)}/{step}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await OperatorRequests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal(target, problem["target"]?.GetValue<string>());
        Assert.Equal(before.ToJsonString(), (await op.ViewAsync(server, Job)).ToJsonString());
    }

    [Fact]
    public async Task Unknown_jobs_and_drives_are_404()
    {
        await using var server = await FerryTestServer.StartAsync();
        await server.ShippedImportJobAsync(Job);
        using var op = server.CreateOperatorClient();

        using var noJob = await op.StepAsync(server, "nosuchjob", "close");
        using var noDrive = await op.StepAsync(server, Job, "drives/NOSUCH/start");

        await OperatorRequests.AssertProblemAsync(noJob, HttpStatusCode.NotFound, "ResourceNotFound", "nosuchjob");
        await OperatorRequests.AssertProblemAsync(noDrive, HttpStatusCode.NotFound, "ResourceNotFound", "NOSUCH");
    }
}
