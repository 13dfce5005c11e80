using System.Net;
using Ferry.Cli;
using Ferry.Cli.Commands;
using Ferry.Cli.Commands.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.UnitTests.Cli;

/// <summary>The wait commands' pure parts: <c>--state</c> validation, exit codes of outcomes, throughput and time left.</summary>
public sealed class JobWaitTests
{
    private static readonly DateTimeOffset _start = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Completed", "Completed", "Completed", FerryCli.Ok)]
    [InlineData("Completed", "ShippedBack", "Completed", FerryCli.Ok)]
    [InlineData("Completed", "ShippedBack", "CompletedWithWarnings", FerryCli.JobUnsuccessful)]
    [InlineData("Completed", "CompletedMoreInfo", "CompletedWithWarnings", FerryCli.JobUnsuccessful)]
    [InlineData("Closed", "ShippedBack", "CompletedWithErrors", FerryCli.JobUnsuccessful)]
    [InlineData("Closed", "NeverReceived", null, FerryCli.JobUnsuccessful)]
    [InlineData("Closed", "ShippedBack", "Completed", FerryCli.JobUnsuccessful)]
    [InlineData("Received", "Received", null, FerryCli.Ok)]
    [InlineData("Shipping", "Specified", null, FerryCli.Ok)]
    public void The_state_reached_maps_to_an_exit_code(string jobState, string driveState, string? copyStatus, int expected)
    {
        var job = new JobSnapshot("job1", jobState, null, false, [new DriveSnapshot("WD-1", "Completed", "Completed", 100, null), new DriveSnapshot("WD-2", driveState, copyStatus, null, null)]);

        Assert.Equal(expected, WaitOutcome.ExitCode(job));
    }

    [Fact]
    public void A_completed_job_reports_which_drive_made_it_unsuccessful()
    {
        var job = new JobSnapshot("job1", "Closed", 50, false, [new DriveSnapshot("WD-1", "ShippedBack", "Completed", null, null), new DriveSnapshot("WD-2", "NeverReceived", null, null, null)]);

        Assert.Equal("drive WD-2 is NeverReceived", WaitOutcome.Reason(job));
    }

    [Fact]
    public void States_are_matched_case_insensitively_and_spelled_as_the_service_does()
    {
        Assert.Equal(["Received", "Completed"], WaitOutcome.TargetStates(["received", "COMPLETED", "Received"]));
        Assert.Equal(["Completed", "Closed"], WaitOutcome.TargetStates([]));
    }

    [Fact]
    public void An_unknown_state_is_a_usage_error_listing_the_states()
    {
        var e = Assert.Throws<CliException>(() => WaitOutcome.TargetStates(["Bogus"]));

        Assert.Equal(FerryCli.UsageError, e.ExitCode);
        Assert.Contains("'Bogus'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Creating, Shipping, Received, Transferring, Packaging, Completed, Closed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_wait_with_an_unknown_state_exits_2_without_calling_the_service()
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK, "{}");

        var result = await cli.CustomerAsync("job", "wait", "job1", "--account", "acct", "--state", "Bogus");

        Assert.True(result.ExitCode == FerryCli.UsageError, result.ToString());
        Assert.Contains("not a job state", result.Error, StringComparison.Ordinal);
        Assert.Empty(cli.Handler.Requests);
    }

    [Fact]
    public void Throughput_and_time_left_come_from_the_change_between_two_polls()
    {
        var before = new ProgressReading(_start, 10, 100L << 20);
        var after = new ProgressReading(_start.AddSeconds(10), 20, 200L << 20);

        var rate = ProgressRate.Between(before, after);

        Assert.Equal(10.0 * (1 << 20), rate.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(80), rate.Remaining);
        Assert.Equal("10.0 MiB/s, 1m 20s left", rate.ToString());
    }

    [Fact]
    public void Without_a_previous_poll_or_movement_nothing_is_estimated_and_a_finished_bar_has_no_time_left()
    {
        var now = new ProgressReading(_start, 40, null);

        Assert.Equal(default, ProgressRate.Between(null, now));
        Assert.Null(ProgressRate.Between(now with { At = _start.AddSeconds(-5) }, now).Remaining);
        Assert.Equal(TimeSpan.Zero, ProgressRate.Between(null, new ProgressReading(_start, 100, 5)).Remaining);
        Assert.Equal(string.Empty, ProgressRate.Between(null, new ProgressReading(_start, 100, 5)).ToString());
    }

    [Fact]
    public void A_finished_drive_shows_100_percent_and_an_estimated_total_while_copying()
    {
        Assert.Equal(100, new DriveSnapshot("WD-1", "ShippedBack", "Completed", null, null).DisplayPercent);
        Assert.Null(new DriveSnapshot("WD-1", "ShippedBack", "CompletedWithErrors", null, null).DisplayPercent);
        Assert.Equal("1.0 GiB of ~4.0 GiB", ProgressText.DriveBytes(new DriveSnapshot("WD-1", "Transferring", "InProgress", 25, 1L << 30)));
        Assert.Equal("4.0 GiB", ProgressText.DriveBytes(new DriveSnapshot("WD-1", "Completed", "Completed", 100, 4L << 30)));
    }

    [Fact]
    public async Task Plain_progress_prints_a_line_per_change_with_throughput_and_time_left_on_the_environment_clock()
    {
        var time = new FakeTimeProvider(_start);
        var output = new StringWriter();
        var env = new CliEnvironment(output, new StringWriter(), Interactive: false) { Time = time };
        JobSnapshot Job(string state, int percent, long bytes) =>
            new("job1", state, percent, false, [new DriveSnapshot("WD-1", state == "Packaging" ? "Completed" : "Transferring", "InProgress", percent, bytes)]);
        var polls = new Queue<JobSnapshot>([Job("Transferring", 10, 100L << 20), Job("Transferring", 10, 100L << 20), Job("Transferring", 20, 200L << 20), Job("Packaging", 100, 1000L << 20)]);

        var last = await new WaitDisplay(env, TimeSpan.Zero).RunAsync(WaitDisplay.Mode.Plain, polls.Dequeue(), ["Packaging"], _ =>
        {
            time.Advance(TimeSpan.FromSeconds(10));
            return Task.FromResult(polls.Dequeue());
        }, TestContext.Current.CancellationToken);

        Assert.Equal("Packaging", last.State);
        Assert.Equal(
        [
            "job1: Transferring 10% | WD-1 Transferring 10% 100.0 MiB of ~1000.0 MiB",
            "job1: Transferring 20% (10.0 MiB/s, 1m 20s left) | WD-1 Transferring 20% 200.0 MiB of ~1000.0 MiB (10.0 MiB/s, 1m 20s left)",
            "job1: Packaging 100% | WD-1 Completed 100% 1000.0 MiB",
        ], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task A_wait_for_a_state_the_job_skips_ends_at_the_final_state_with_exit_3()
    {
        var output = new StringWriter();
        var env = new CliEnvironment(output, new StringWriter(), Interactive: false) { Time = new FakeTimeProvider(_start) };
        var polls = new Queue<JobSnapshot>([new("job1", "Shipping", null, false, []), new("job1", "Closed", null, false, [new DriveSnapshot("WD-1", "NeverReceived", null, null, null)])]);

        var last = await new WaitDisplay(env, TimeSpan.Zero).RunAsync(WaitDisplay.Mode.Silent, polls.Dequeue(), ["Received"], _ => Task.FromResult(polls.Dequeue()), TestContext.Current.CancellationToken);

        Assert.Equal("Closed", last.State);
        Assert.Equal(FerryCli.JobUnsuccessful, WaitOutcome.ExitCode(last));
        Assert.Empty(output.ToString());
    }
}
