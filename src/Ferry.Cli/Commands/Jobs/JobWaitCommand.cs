using System.CommandLine;
using Ferry.Client.Models;

namespace Ferry.Cli.Commands.Jobs;

/// <summary>
/// <c>job wait NAME --account A [--state S]… [--timeout T] [--interval I]</c>: polls Get Job until the job reaches a
/// target state, showing job and drive progress live on a terminal and one line per change elsewhere.
/// </summary>
internal static class JobWaitCommand
{
    public static Command Create(CommandContext context)
    {
        var (name, account, wait) = (JobOptions.NewName(), JobOptions.NewAccount(), new WaitOptions());
        var command = new Command("wait", "Wait for a job to reach a state (default Completed or Closed), showing its progress. " + WaitOutcome.ExitCodesHelp) { name, account };
        wait.AddTo(command);
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var (accountName, jobName) = (parse.GetValue(account)!, parse.GetValue(name)!);
            WaitOutcome.TargetStates(parse.GetValue(wait.States));
            var client = await context.Connection.ClassicClientAsync(parse, ct);
            JobView? last = null;
            return await wait.WaitAsync(context, parse, jobName, async token =>
            {
                var response = await client.GetJobAsync(accountName, jobName, token);
                last = JobView.From(accountName, response.Value, response.GetRawResponse().Headers.ETag?.ToString());
                return Snapshot(response.Value);
            }, job => context.WriteMessageAsync(parse, last!, $"Job {jobName} is {job.State}."), ct);
        });
        return command;
    }

    public static JobSnapshot Snapshot(ImportExportJob job)
    {
        var p = job.Properties;
        return new JobSnapshot(
            job.Name ?? string.Empty, p?.State, p?.PercentComplete, p?.CancelRequested == true,
            [.. (job.DriveList ?? []).Select(d => new DriveSnapshot(d.DriveId, d.State, d.CopyStatus, d.PercentComplete, null))]);
    }
}
