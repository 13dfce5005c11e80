using Ferry.Cli;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Cli;

/// <summary>
/// The exit codes of <c>ferry job wait</c> for each way a job ends, the jobs driven there through the operator
/// commands: 0 completed with every drive completed, 3 closed or a drive with more info, 2 an unknown state.
/// </summary>
public sealed class JobWaitOutcomeTests
{
    private const string Account = "cliacct";

    [Fact]
    public async Task A_job_completed_with_every_drive_completed_is_exit_0()
    {
        await using var server = await FerryTestServer.StartAsync();
        await ToPackagingAsync(server, "done", ["complete-drive", "done", "DRIVE-done"]);
        Ok(await CliRun.DevAsync(server, "operator", "ship-back", "done", "--carrier", "UPS", "--tracking", "RET-1"));

        var result = await CliRun.DevAsync(server, "job", "wait", "done", "--account", Account, "--timeout", "30s");

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        Assert.Equal(["done: Completed 100% | DRIVE-done ShippedBack 100%", "Job done is Completed."], Lines(result.Output));
    }

    [Fact]
    public async Task A_job_closed_after_a_failed_drive_is_exit_3_naming_the_drive()
    {
        await using var server = await FerryTestServer.StartAsync();
        await ToPackagingAsync(server, "failed", ["fail-drive", "failed", "DRIVE-failed", "--copy-status", "ManifestNotFound"]);
        Ok(await CliRun.DevAsync(server, "operator", "ship-back", "failed", "--carrier", "UPS", "--tracking", "RET-2"));

        var result = await CliRun.DevAsync(server, "job", "wait", "failed", "--account", Account, "--timeout", "30s", "-o", "json");

        Assert.True(result.ExitCode == FerryCli.JobUnsuccessful, result.ToString());
        Assert.Equal("Closed", result.Json().GetProperty("state").GetString());
        Assert.Contains("job failed finished Closed: drive DRIVE-failed is ShippedBack (ManifestNotFound)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_completed_job_whose_drive_finished_with_warnings_is_exit_3()
    {
        await using var server = await FerryTestServer.StartAsync();
        await ToPackagingAsync(server, "warned", ["complete-drive", "warned", "DRIVE-warned", "--copy-status", "CompletedWithWarnings", "--more-info"]);
        Ok(await CliRun.DevAsync(server, "operator", "ship-back", "warned", "--carrier", "UPS", "--tracking", "RET-3"));

        var result = await CliRun.DevAsync(server, "job", "wait", "warned", "--account", Account, "--timeout", "30s");

        Assert.True(result.ExitCode == FerryCli.JobUnsuccessful, result.ToString());
        Assert.Contains("Job warned is Completed.", result.Output, StringComparison.Ordinal);
        Assert.Contains("CompletedWithWarnings", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reaching_a_non_final_state_given_in_any_case_is_exit_0()
    {
        await using var server = await FerryTestServer.StartAsync();
        await ToPackagingAsync(server, "mid", ["fail-drive", "mid", "DRIVE-mid", "--copy-status", "ManifestNotFound"]);

        var result = await CliRun.DevAsync(server, "job", "wait", "mid", "--account", Account, "--state", "packaging", "--timeout", "30s");

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        Assert.Contains("Job mid is Packaging.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_state_is_exit_2_listing_the_states()
    {
        await using var server = await FerryTestServer.StartAsync();
        await CliRun.CreateImportJobAsync(server, "bogus");

        var result = await CliRun.DevAsync(server, "job", "wait", "bogus", "--account", Account, "--state", "Bogus");

        Assert.True(result.ExitCode == FerryCli.UsageError, result.ToString());
        Assert.Contains("--state 'Bogus' is not a job state; use one of Creating, Shipping, Received, Transferring, Packaging, Completed, Closed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_of_job_wait_documents_the_exit_codes()
    {
        var output = new StringWriter();

        await FerryCli.RunAsync(["job", "wait", "--help"], output, new StringWriter());

        var help = string.Join(' ', output.ToString().Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Exit codes: 0 the job completed and every drive completed", help, StringComparison.Ordinal);
        Assert.Contains("4 timed out", help, StringComparison.Ordinal);
    }

    /// <summary>Creates an import job with one drive, ships it, receives the drive and runs <paramref name="copyStep"/> (an operator command).</summary>
    private static async Task ToPackagingAsync(FerryTestServer server, string job, string[] copyStep)
    {
        Ok(await CliRun.CreateImportJobAsync(server, job));
        Ok(await CliRun.DevAsync(server, "job", "ship", job, "--account", Account, "--carrier", "FedEx", "--tracking", "1"));
        Ok(await CliRun.DevAsync(server, "operator", "receive", job, "--drive", "DRIVE-" + job));
        Ok(await CliRun.DevAsync(server, ["operator", .. copyStep]));
    }

    private static CliResult Ok(CliResult result)
    {
        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        return result;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
