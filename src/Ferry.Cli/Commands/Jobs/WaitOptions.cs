using System.CommandLine;

namespace Ferry.Cli.Commands.Jobs;

/// <summary>
/// The options of the commands that wait for a job (<c>--state</c>, <c>--timeout</c>, <c>--interval</c>) and the wait
/// itself: validation, polling with progress, and the exit code of the outcome.
/// </summary>
internal sealed class WaitOptions
{
    public Option<string[]> States { get; } = new("--state")
    {
        Description = "A state to wait for (repeatable, case-insensitive): " + string.Join(", ", WaitOutcome.JobStates) + "; default Completed and Closed. The wait also ends when the job reaches Completed or Closed.",
    };

    public Option<TimeSpan?> Timeout { get; } = new("--timeout") { Description = "Give up after this long, e.g. 30s, 10m, 2h (default: never).", CustomParser = Durations.Parse };

    public Option<TimeSpan?> Interval { get; } = new("--interval") { Description = "Time between polls (default 2s).", CustomParser = Durations.Parse };

    public void AddTo(Command command)
    {
        command.Options.Add(States);
        command.Options.Add(Timeout);
        command.Options.Add(Interval);
    }

    /// <summary>
    /// Waits for job <paramref name="jobName"/>: reads it with <paramref name="read"/> (first read included), shows its
    /// progress, then calls <paramref name="finish"/> with the job in its target state and returns the exit code.
    /// </summary>
    public async Task<int> WaitAsync(CommandContext context, ParseResult parse, string jobName, Func<CancellationToken, Task<JobSnapshot>> read, Func<JobSnapshot, Task> finish, CancellationToken ct)
    {
        var targets = WaitOutcome.TargetStates(parse.GetValue(States));
        var limit = parse.GetValue(Timeout);
        using var deadline = limit is { } t ? new CancellationTokenSource(t, context.Env.Time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        JobSnapshot job;
        try
        {
            var display = new WaitDisplay(context.Env, parse.GetValue(Interval) ?? TimeSpan.FromSeconds(2));
            var mode = context.IsJson(parse) ? WaitDisplay.Mode.Silent : context.Env.Interactive ? WaitDisplay.Mode.Live : WaitDisplay.Mode.Plain;
            job = await display.RunAsync(mode, await read(linked.Token), targets, read, linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new CliException($"timed out after {limit} waiting for job {jobName} to reach {string.Join(" or ", targets)}.", FerryCli.TimedOut);
        }

        await finish(job);
        var code = WaitOutcome.ExitCode(job);
        if (code != FerryCli.Ok)
        {
            var reason = WaitOutcome.Reason(job);
            await context.Env.Error.WriteLineAsync($"ferry: job {jobName} finished {job.State}" + (reason.Length > 0 ? ": " + reason : string.Empty) + ".");
        }

        return code;
    }
}
