using Ferry.Cli;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Cli;

/// <summary>
/// <c>ferry operator …</c> and the customer job commands against a real server, connected by nothing but
/// <c>--data-dir</c> (the server's <c>dev-credentials.json</c> gives endpoint, certificates and operator token): the
/// whole lifecycle as a user would type it, and the failure paths with their exit codes.
/// </summary>
public sealed class OperatorCommandsTests
{
    private const string Account = "cliacct";
    private const string Job = "life";

    [Fact]
    public async Task An_import_job_goes_from_create_to_Completed_through_the_cli_and_its_history_shows_every_state()
    {
        await using var server = await FerryTestServer.StartAsync();

        var created = Ok(await CreateAsync(server, Job, "WD-1", "WD-2"));
        Assert.Equal("Creating", created.Property("State"));
        Assert.Equal(["Specified", "Specified"], DriveStates(created, "WD-1", "WD-2"));
        var shipped = Ok(await CliRun.DevAsync(server, "job", "ship", Job, "--account", Account, "--carrier", "FedEx", "--tracking", "999999999999"));
        Assert.Equal("Shipping", shipped.Property("State"));
        Assert.Equal("FedEx 999999999999", shipped.Property("Delivery package"));

        var received = Ok(await CliRun.DevAsync(server, "operator", "receive", Job, "--drive", "WD-1", "--drive", "WD-2"));
        Assert.Equal("Received", received.Property("State"));
        Assert.Equal($"subscriptions/{server.SubscriptionId}/jobs/{Job}", received.Property("Job"));
        Assert.Equal(["Received", "Received"], DriveStates(received, "WD-1", "WD-2"));
        var first = Ok(await CliRun.DevAsync(server, "operator", "complete-drive", Job, "WD-1"));
        Assert.Equal(("Transferring", "50%"), (first.Property("State"), first.Property("Progress")));
        Assert.Equal(["Completed", "Received"], DriveStates(first, "WD-1", "WD-2"));
        var second = Ok(await CliRun.DevAsync(server, "operator", "complete-drive", Job, "WD-2"));
        Assert.Equal(("Packaging", "100%"), (second.Property("State"), second.Property("Progress")));
        var back = Ok(await CliRun.DevAsync(server, "operator", "ship-back", Job, "--carrier", "UPS", "--tracking", "RET-1"));
        Assert.Equal("Completed", back.Property("State"));
        Assert.Equal("UPS RET-1, 2 drive(s), shipped 2026-01-05", back.Property("Return package"));
        Assert.Equal(["ShippedBack", "ShippedBack"], DriveStates(back, "WD-1", "WD-2"));

        var table = Ok(await CliRun.DevAsync(server, "job", "show", Job, "--account", Account));
        Assert.Equal("Completed", table.Property("State"));
        Assert.Equal(["ShippedBack", "ShippedBack"], DriveStates(table, "WD-1", "WD-2"));
        var json = Ok(await CliRun.DevAsync(server, "job", "show", Job, "--account", Account, "--output", "json")).Json();
        Assert.Equal("Completed", json.GetProperty("state").GetString());
        Assert.Equal(("UPS", "RET-1", 2), (json.GetProperty("returnPackage").GetProperty("carrierName").GetString(),
            json.GetProperty("returnPackage").GetProperty("trackingNumber").GetString(), json.GetProperty("returnPackage").GetProperty("driveCount").GetInt32()));
        Assert.Equal(
            [("WD-1", "ShippedBack", "Completed"), ("WD-2", "ShippedBack", "Completed")],
            json.GetProperty("drives").EnumerateArray().Select(d => (d.GetProperty("driveId").GetString(), d.GetProperty("state").GetString(), d.GetProperty("copyStatus").GetString())));

        string[] lifecycle = ["Creating", "Shipping", "Received", "Transferring", "Packaging", "Completed"];
        var history = Ok(await CliRun.DevAsync(server, "job", "history", Job));
        Assert.Equal(lifecycle, JobStates(history));
        var historyJson = Ok(await CliRun.DevAsync(server, "job", "history", Job, "-o", "json")).Json().EnumerateArray().ToList();
        Assert.Equal(lifecycle, historyJson.Where(e => e.GetProperty("driveId").GetString() is null && e.GetProperty("newState").GetString() is not null).Select(e => e.GetProperty("newState").GetString()));
        var sequence = historyJson.Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(sequence.Order().Distinct(), sequence);
        Assert.Equal(("Subscription", server.SubscriptionId, "Create"), (historyJson[0].GetProperty("actorKind").GetString(), historyJson[0].GetProperty("actor").GetString(), historyJson[0].GetProperty("action").GetString()));

        var operatorHistory = Ok(await CliRun.DevAsync(server, "operator", "history", Job));
        Assert.Equal(lifecycle, JobStates(operatorHistory));
        Assert.Equal(history.Rows(), operatorHistory.Rows());
        var shipBack = operatorHistory.Rows().Single(r => r[3] == "ShipBack" && r[4] == string.Empty);
        Assert.Equal(("Operator operator", "Packaging -> Completed", "shipped back"), (shipBack[2], shipBack[5], shipBack[6]));
        Assert.Equal(
            ["Received", "Transferring", "Completed", "ShippedBack"],
            operatorHistory.Rows().Where(r => r[4] == "WD-2").Select(r => r[5].Split(" -> ")[1]));
    }

    [Fact]
    public async Task A_failed_drive_makes_ship_back_close_the_job()
    {
        await using var server = await FerryTestServer.StartAsync();
        await ShippedAsync(server, Job, "WD-1", "WD-2");
        Ok(await CliRun.DevAsync(server, "operator", "receive", Job, "--drive", "WD-1", "--drive", "WD-2"));

        var failed = Ok(await CliRun.DevAsync(server, "operator", "fail-drive", Job, "WD-1", "--copy-status", "ManifestNotFound", "-o", "json")).Json();
        var drive = failed.GetProperty("drives")[0];
        Assert.Equal(("WD-1", "CompletedMoreInfo", "ManifestNotFound"), (drive.GetProperty("driveId").GetString(), drive.GetProperty("state").GetString(), drive.GetProperty("copyStatus").GetString()));
        Ok(await CliRun.DevAsync(server, "operator", "complete-drive", Job, "WD-2"));
        var closed = Ok(await CliRun.DevAsync(server, "operator", "ship-back", Job, "--carrier", "DHL", "--tracking", "RET-2"));

        Assert.Equal("Closed", closed.Property("State"));
        Assert.Equal(["ShippedBack", "ShippedBack"], DriveStates(closed, "WD-1", "WD-2"));
        Assert.Equal(["ManifestNotFound", "Completed"], CopyStatuses(closed, "WD-1", "WD-2"));
        Assert.Equal("Closed", Ok(await CliRun.DevAsync(server, "job", "show", Job, "--account", Account)).Property("State"));
        var history = Ok(await CliRun.DevAsync(server, "job", "history", Job));
        Assert.Equal(["Creating", "Shipping", "Received", "Transferring", "Packaging", "Closed"], JobStates(history));
        var failure = history.Rows().Single(r => r[3] == "FailDrive" && r[4] == "WD-1");
        Assert.Equal("Transferring -> CompletedMoreInfo", failure[5]);
    }

    [Fact]
    public async Task A_drive_never_received_then_close_makes_the_job_Closed()
    {
        await using var server = await FerryTestServer.StartAsync();
        await ShippedAsync(server, Job, "WD-1");

        var missing = Ok(await CliRun.DevAsync(server, "operator", "never-received", Job, "WD-1"));
        Assert.Equal("Shipping", missing.Property("State"));
        Assert.Equal(["NeverReceived"], DriveStates(missing, "WD-1"));
        var closed = Ok(await CliRun.DevAsync(server, "operator", "close", Job));

        Assert.Equal("Closed", closed.Property("State"));
        var json = Ok(await CliRun.DevAsync(server, "operator", "show", Job, "-o", "json")).Json();
        Assert.Equal("Closed", json.GetProperty("state").GetString());
        Assert.Equal("NeverReceived", json.GetProperty("drives")[0].GetProperty("state").GetString());
        Assert.Equal(["Creating", "Shipping", "Closed"], JobStates(Ok(await CliRun.DevAsync(server, "operator", "history", Job))));
    }

    [Fact]
    public async Task An_operator_step_the_job_is_not_ready_for_is_exit_1_with_Conflict_and_the_reason_and_changes_nothing()
    {
        await using var server = await FerryTestServer.StartAsync();
        await ShippedAsync(server, Job, "WD-1");
        var before = Ok(await CliRun.DevAsync(server, "operator", "history", Job)).Output;

        var refused = await CliRun.DevAsync(server, "operator", "ship-back", Job, "--carrier", "FedEx", "--tracking", "RET-3");

        Assert.True(refused.ExitCode == FerryCli.ServiceError, refused.ToString());
        Assert.Contains("Conflict (HTTP 409)", refused.Error, StringComparison.Ordinal);
        Assert.Contains($"Job '{Job}' is in state Shipping; drives are shipped back only from Packaging.", refused.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, refused.Output);
        Assert.Equal(before, Ok(await CliRun.DevAsync(server, "operator", "history", Job)).Output);
        Assert.Equal("Shipping", Ok(await CliRun.DevAsync(server, "job", "show", Job, "--account", Account)).Property("State"));
    }

    [Fact]
    public async Task An_unknown_job_is_exit_1_with_ResourceNotFound_for_the_operator_and_the_customer()
    {
        await using var server = await FerryTestServer.StartAsync();

        var operatorShow = await CliRun.DevAsync(server, "operator", "show", "nope");
        var operatorStep = await CliRun.DevAsync(server, "operator", "complete-drive", "nope", "WD-1");
        var customerShow = await CliRun.DevAsync(server, "job", "show", "nope", "--account", Account);
        var customerHistory = await CliRun.DevAsync(server, "job", "history", "nope");

        foreach (var result in new[] { operatorShow, operatorStep, customerShow, customerHistory })
        {
            Assert.True(result.ExitCode == FerryCli.ServiceError, result.ToString());
            Assert.Contains("ResourceNotFound", result.Error, StringComparison.Ordinal);
            Assert.Equal(string.Empty, result.Output);
        }

        Assert.Contains("Job 'nope' was not found", operatorShow.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_operator_token_is_exit_1_with_Unauthorized()
    {
        await using var server = await FerryTestServer.StartAsync();
        await ShippedAsync(server, Job, "WD-1");

        var show = await CliRun.DevAsync(server, "operator", "show", Job, "--operator-token", "wrong");
        var step = await CliRun.DevAsync(server, "operator", "receive", Job, "--drive", "WD-1", "--operator-token", "wrong");

        foreach (var result in new[] { show, step })
        {
            Assert.True(result.ExitCode == FerryCli.ServiceError, result.ToString());
            Assert.Contains("Unauthorized (HTTP 401)", result.Error, StringComparison.Ordinal);
        }

        Assert.Equal("Shipping", Ok(await CliRun.DevAsync(server, "operator", "show", Job)).Property("State"));
    }

    [Fact]
    public async Task Usage_errors_are_exit_2_and_reach_no_server_state()
    {
        await using var server = await FerryTestServer.StartAsync();
        await ShippedAsync(server, Job, "WD-1");

        var noDrive = await CliRun.DevAsync(server, "operator", "receive", Job);
        var badStatus = await CliRun.DevAsync(server, "operator", "complete-drive", Job, "WD-1", "--copy-status", "Sometimes");
        var unconfirmed = await CliRun.DevAsync(server, "operator", "reset");

        Assert.True(noDrive.ExitCode == FerryCli.UsageError, noDrive.ToString());
        Assert.Contains("--drive", noDrive.Error, StringComparison.Ordinal);
        Assert.True(badStatus.ExitCode == FerryCli.UsageError, badStatus.ToString());
        Assert.True(unconfirmed.ExitCode == FerryCli.UsageError, unconfirmed.ToString());
        Assert.Contains("--yes", unconfirmed.Error, StringComparison.Ordinal);
        Assert.Equal(["Creating", "Shipping"], JobStates(Ok(await CliRun.DevAsync(server, "operator", "history", Job))));
    }

    /// <summary><c>job create</c> of an import job with the given drives.</summary>
    internal static Task<CliResult> CreateAsync(FerryTestServer server, string job, params string[] driveIds) =>
        CliRun.DevAsync(server, [
            "job", "create", job, "--account", Account, "--type", "import", "--location", "West US", "--account-key", CliRun.AccountKey,
            .. driveIds.SelectMany(id => new[] { "--drive", $"{id},{CliRun.BitLockerKey},\\DriveManifest.xml,B306C4B34DAA0E99957A4B9C779D2FA2" }),
            "--return-name", "John Doe", "--return-address", "One Microsoft Way, Redmond", "--return-phone", "1-800-000-0000", "--return-email", "john@example.com",
        ]);

    /// <summary><c>job create</c> then <c>job ship</c>.</summary>
    internal static async Task ShippedAsync(FerryTestServer server, string job, params string[] driveIds)
    {
        Ok(await CreateAsync(server, job, driveIds));
        Ok(await CliRun.DevAsync(server, "job", "ship", job, "--account", Account, "--carrier", "FedEx", "--tracking", "1"));
    }

    internal static CliResult Ok(CliResult result)
    {
        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        Assert.Equal(string.Empty, result.Error);
        return result;
    }

    /// <summary>The State column of the drive table's rows of <paramref name="driveIds"/>.</summary>
    private static string[] DriveStates(CliResult result, params string[] driveIds) =>
        [.. driveIds.Select(id => result.Rows().Single(r => r.Length > 2 && r[0] == id)[1])];

    /// <summary>The Copy status column of the drive table's rows of <paramref name="driveIds"/>.</summary>
    private static string[] CopyStatuses(CliResult result, params string[] driveIds) =>
        [.. driveIds.Select(id => result.Rows().Single(r => r.Length > 2 && r[0] == id)[2])];

    /// <summary>The job's successive states in a history table: the new state of each job row (no drive) that changes state.</summary>
    internal static string[] JobStates(CliResult history) =>
        [.. history.Rows().Skip(1).Where(r => r[4] == string.Empty && r[5].Contains("->", StringComparison.Ordinal)).Select(r => r[5].Split(" -> ")[1])];
}
