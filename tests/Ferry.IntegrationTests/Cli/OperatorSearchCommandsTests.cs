using Ferry.Cli;
using Ferry.IntegrationTests.Operator;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Cli;

/// <summary>
/// <c>ferry operator jobs list|counts</c> and <c>ferry operator transfers</c> against a real server holding jobs of three
/// subscriptions on both surfaces: the view spans every subscription unless <c>--subscription</c> is given.
/// </summary>
public sealed class OperatorSearchCommandsTests
{
    [Fact]
    public async Task An_operator_finds_jobs_across_subscriptions_by_tracking_number_state_drive_and_time_and_counts_them()
    {
        await using var server = await FerryTestServer.StartAsync();
        var seed = await JobSearchTests.SeedAsync(server);

        var byTracking = OperatorCommandsTests.Ok(await CliRun.DevAsync(server, "operator", "jobs", "list", "--tracking-number", "TRK-B1"));
        var rows = byTracking.Rows();
        Assert.Equal(["Job", "Surface", "Type", "State", "Location", "Created", "Tracking", "Drives"], rows[0]);
        var row = Assert.Single(rows.Skip(1));
        Assert.Equal(($"subscriptions/{seed.B}/jobs/clb1", "Classic", "Import", "Shipping", "North Europe", "trk-b1", "SER-B1"), (row[0], row[1], row[2], row[3], row[4], row[6], row[7]));

        var byState = OperatorCommandsTests.Ok(await CliRun.DevAsync(server, "operator", "jobs", "list", "--state", "Shipping,Completed", "-o", "json")).Json();
        Assert.Equal(["armc1", "armb2", "clb1", "cla1"], byState.EnumerateArray().Select(j => j.GetProperty("name").GetString()));
        var byDrive = OperatorCommandsTests.Ok(await CliRun.DevAsync(server, "operator", "jobs", "list", "--subscription", seed.C, "--surface", "arm", "--drive-id", "wd-c1", "-o", "json")).Json();
        Assert.Equal(["armc1"], byDrive.EnumerateArray().Select(j => j.GetProperty("name").GetString()));
        var recent = OperatorCommandsTests.Ok(await CliRun.DevAsync(server, "operator", "jobs", "list", "--created-after", seed.Created["armb2"].ToString("O"), "--type", "Import", "-o", "json")).Json();
        Assert.Equal(["armc1", "armb2"], recent.EnumerateArray().Select(j => j.GetProperty("name").GetString()));

        var firstPage = await CliRun.DevAsync(server, "operator", "jobs", "list", "--top", "2", "-o", "json");
        Assert.True(firstPage.ExitCode == FerryCli.Ok, firstPage.ToString());
        Assert.Equal(["armc1", "armc2"], firstPage.Json().EnumerateArray().Select(j => j.GetProperty("name").GetString()));
        Assert.Contains("--all", firstPage.Error, StringComparison.Ordinal);
        var everything = OperatorCommandsTests.Ok(await CliRun.DevAsync(server, "operator", "jobs", "list", "--top", "2", "--all", "-o", "json")).Json();
        Assert.Equal(["armc1", "armc2", "armb2", "clb1", "cla2", "cla1"], everything.EnumerateArray().Select(j => j.GetProperty("name").GetString()));

        var counts = OperatorCommandsTests.Ok(await CliRun.DevAsync(server, "operator", "jobs", "counts"));
        Assert.Equal(("2", "3", "1", "6"), (counts.Property("Creating"), counts.Property("Shipping"), counts.Property("Completed"), counts.Property("Total")));
        var countsJson = OperatorCommandsTests.Ok(await CliRun.DevAsync(server, "operator", "jobs", "counts", "--subscription", seed.A, "-o", "json")).Json();
        Assert.Equal((2, 1), (countsJson.GetProperty("total").GetInt32(), countsJson.GetProperty("byState").GetProperty("Creating").GetInt32()));

        var transfers = OperatorCommandsTests.Ok(await CliRun.DevAsync(server, "operator", "transfers", "-o", "json")).Json();
        Assert.Equal(0, transfers.GetArrayLength());

        var badState = await CliRun.DevAsync(server, "operator", "jobs", "list", "--state", "Shipped");
        Assert.True(badState.ExitCode == FerryCli.UsageError, badState.ToString());
        Assert.Contains("--state 'Shipped'", badState.Error, StringComparison.Ordinal);
        var badTop = await CliRun.DevAsync(server, "operator", "jobs", "list", "--top", "0");
        Assert.True(badTop.ExitCode == FerryCli.ServiceError, badTop.ToString());
        Assert.Contains("top", badTop.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transfers_lists_a_drive_being_copied()
    {
        await using var server = await FerryTestServer.StartAsync();
        await server.ShippedImportJobAsync("copying");
        OperatorCommandsTests.Ok(await CliRun.DevAsync(server, "operator", "receive", "copying", "--drive", "DRIVE0000"));
        OperatorCommandsTests.Ok(await CliRun.DevAsync(server, "operator", "start-copy", "copying", "DRIVE0000"));
        server.Clock.Advance(TimeSpan.FromSeconds(4));
        OperatorCommandsTests.Ok(await CliRun.DevAsync(server, "operator", "progress", "copying", "DRIVE0000", "--percent", "10", "--bytes", "4096"));

        var table = OperatorCommandsTests.Ok(await CliRun.DevAsync(server, "operator", "transfers"));

        var rows = table.Rows();
        Assert.Equal(["Job", "Drive", "Copied", "Total", "Progress", "Bytes/s", "Started", "Worker"], rows[0]);
        var row = Assert.Single(rows.Skip(1));
        Assert.Equal(($"subscriptions/{server.SubscriptionId}/jobs/copying", "DRIVE0000", "4096", "", "10%", "1024"), (row[0], row[1], row[2], row[3], row[4], row[5]));
    }
}
