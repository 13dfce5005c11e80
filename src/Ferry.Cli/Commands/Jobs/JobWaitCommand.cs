using System.CommandLine;
using Ferry.Client.Classic;
using Ferry.Client.Models;

namespace Ferry.Cli.Commands.Jobs;

/// <summary>
/// <c>job wait NAME --state S</c>: follows the job through the client's <see cref="JobWaitOperation"/> until it reaches a
/// target state, showing job and drive progress live on a terminal and one line per change elsewhere. Exit 0 when the
/// state is reached, 1 when the job disappears or the timeout passes.
/// </summary>
internal static class JobWaitCommand
{
    public static Command Create(CommandContext context)
    {
        var (name, account) = (JobOptions.NewName(), JobOptions.NewAccount());
        var states = new Option<string[]>("--state") { Description = "A state to wait for (repeatable); default Completed and Closed." };
        var timeout = new Option<TimeSpan?>("--timeout") { Description = "Give up after this long, e.g. 30s, 10m, 2h (default: never).", CustomParser = Durations.Parse };
        var interval = new Option<TimeSpan?>("--interval") { Description = "Time between polls (default 2s).", CustomParser = Durations.Parse };
        var command = new Command("wait", "Wait for a job to reach a state, showing its progress.") { name, account, states, timeout, interval };
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var (accountName, jobName) = (parse.GetValue(account)!, parse.GetValue(name)!);
            var targets = parse.GetValue(states) is { Length: > 0 } given ? given : null;
            var limit = parse.GetValue(timeout);
            using var deadline = limit is { } t ? new CancellationTokenSource(t, context.Env.Time) : new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            try
            {
                var client = await context.Connection.ClassicClientAsync(parse, linked.Token);
                var operation = await client.StartWaitForJobAsync(accountName, jobName, targets, linked.Token);
                var display = new WaitDisplay(context.Env, parse.GetValue(interval) ?? TimeSpan.FromSeconds(2), linked.Token);
                await (context.IsJson(parse) ? display.WatchAsync(operation, _ => { }) : context.Env.Interactive ? display.LiveAsync(operation) : display.PlainAsync(operation));
                var view = JobView.From(accountName, operation.Value, operation.GetRawResponse().Headers.ETag?.ToString());
                await context.WriteMessageAsync(parse, view, $"Job {jobName} is {view.State}.");
                return FerryCli.Ok;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                var goal = string.Join(" or ", targets ?? ClassicImportExportClient.FinalJobStates);
                throw new CliException($"timed out after {limit} waiting for job {jobName} to reach {goal}.", FerryCli.ServiceError);
            }
        });
        return command;
    }

    /// <summary>A one-line summary of the job and its drives, e.g. <c>job1: Transferring 40% | WD-1 Transferring 40%</c>.</summary>
    public static string Summary(ImportExportJob job)
    {
        var p = job.Properties;
        var head = $"{job.Name}: {p?.State}" + (p?.PercentComplete is { } pc ? $" {pc}%" : string.Empty) + (p?.CancelRequested == true ? " (cancel requested)" : string.Empty);
        var drives = (job.DriveList ?? []).Select(d => $"{d.DriveId} {d.State}" + (d.PercentComplete is { } dp ? $" {dp}%" : string.Empty));
        return string.Join(" | ", new[] { head }.Concat(drives));
    }
}
