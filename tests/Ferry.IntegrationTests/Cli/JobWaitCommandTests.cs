using Ferry.Cli;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Cli;

/// <summary>
/// <c>ferry job wait</c> against a real server: plain progress lines, completion, a job that disappears, a timeout;
/// the exit codes of the outcomes are in <see cref="JobWaitOutcomeTests"/>.
/// </summary>
public sealed class JobWaitCommandTests
{
    [Fact]
    public async Task Wait_prints_a_line_per_change_until_the_target_state()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FerryTestServer.StartAsync();
        await CliRun.CreateImportJobAsync(server, "job-w");
        var (output, read) = CliRun.SharedOutput();

        var waiting = CliRun.RunAsync(server, output, "job", "wait", "job-w", "--account", "cliacct", "--state", "Shipping", "--interval", "50ms", "--timeout", "60s");
        await CliRun.UntilAsync(() => read().Contains("job-w: Creating", StringComparison.Ordinal), ct);
        var shipped = await CliRun.RunAsync(server, "job", "ship", "job-w", "--account", "cliacct", "--carrier", "FedEx", "--tracking", "1");
        var result = await waiting;

        Assert.True(shipped.ExitCode == FerryCli.Ok, shipped.ToString());
        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        var lines = read().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["job-w: Creating | DRIVE-job-w Specified", "job-w: Shipping | DRIVE-job-w Specified", "Job job-w is Shipping."], lines);
    }

    [Fact]
    public async Task Wait_for_a_job_already_in_the_state_prints_the_job_as_json()
    {
        await using var server = await FerryTestServer.StartAsync();
        await CliRun.CreateImportJobAsync(server, "job-j");

        var result = await CliRun.RunAsync(server, "job", "wait", "job-j", "--account", "cliacct", "--state", "Creating", "-o", "json");

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        Assert.Equal("Creating", result.Json().GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_job_deleted_while_waiting_is_exit_1_with_ResourceNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FerryTestServer.StartAsync();
        await CliRun.CreateImportJobAsync(server, "job-gone");
        var (output, read) = CliRun.SharedOutput();

        var waiting = CliRun.RunAsync(server, output, "job", "wait", "job-gone", "--account", "cliacct", "--interval", "50ms", "--timeout", "60s");
        await CliRun.UntilAsync(() => read().Contains("job-gone: Creating", StringComparison.Ordinal), ct);
        await CliRun.RunAsync(server, "job", "delete", "job-gone", "--account", "cliacct");
        var result = await waiting;

        Assert.True(result.ExitCode == FerryCli.ServiceError, result.ToString());
        Assert.Contains("ResourceNotFound", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_gives_up_with_exit_4_after_the_timeout()
    {
        await using var server = await FerryTestServer.StartAsync();
        await CliRun.CreateImportJobAsync(server, "job-t");

        // The real clock, kept short: a job nobody moves never reaches Completed.
        var result = await CliRun.RunAsync(server, "job", "wait", "job-t", "--account", "cliacct", "--state", "Completed", "--interval", "50ms", "--timeout", "300ms");

        Assert.True(result.ExitCode == FerryCli.TimedOut, result.ToString());
        Assert.Contains("timed out", result.Error, StringComparison.Ordinal);
        Assert.Contains("Completed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiting_for_a_job_that_does_not_exist_is_exit_1()
    {
        await using var server = await FerryTestServer.StartAsync();

        var result = await CliRun.RunAsync(server, "job", "wait", "nope", "--account", "cliacct", "--timeout", "30s");

        Assert.True(result.ExitCode == FerryCli.ServiceError, result.ToString());
        Assert.Contains("ResourceNotFound", result.Error, StringComparison.Ordinal);
    }
}
