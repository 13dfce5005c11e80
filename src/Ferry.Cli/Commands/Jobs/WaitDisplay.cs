using Ferry.Client.Classic;
using Ferry.Client.Models;
using Spectre.Console;

namespace Ferry.Cli.Commands.Jobs;

/// <summary>Polls a <see cref="JobWaitOperation"/> every <paramref name="interval"/> and shows each reading: plain lines or live progress bars.</summary>
internal sealed class WaitDisplay(CliEnvironment env, TimeSpan interval, CancellationToken cancellationToken)
{
    /// <summary>Shows the job as read, then polls until the operation completes (throwing when it fails).</summary>
    public async Task WatchAsync(JobWaitOperation operation, Action<ImportExportJob> show)
    {
        show(operation.Job!);
        while (!operation.HasCompleted)
        {
            await Task.Delay(interval, env.Time, cancellationToken);
            await operation.UpdateStatusAsync(cancellationToken);
            show(operation.Job!);
        }
    }

    /// <summary>One line each time the job's summary changes (for pipes and logs).</summary>
    public Task PlainAsync(JobWaitOperation operation)
    {
        string? last = null;
        return WatchAsync(operation, job =>
        {
            var line = JobWaitCommand.Summary(job);
            if (line != last)
            {
                env.Output.WriteLine(line);
                env.Output.Flush();
                last = line;
            }
        });
    }

    /// <summary>A progress bar for the job and one per drive, updated in place (for terminals).</summary>
    public Task LiveAsync(JobWaitOperation operation) =>
        Output.Console(env).Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                await WatchAsync(operation, job =>
                {
                    Update(context, tasks, "\0job", $"{job.Name}: {job.Properties?.State}", job.Properties?.PercentComplete, IsFinal(job.Properties?.State));
                    foreach (var drive in job.DriveList ?? [])
                    {
                        Update(context, tasks, drive.DriveId, $"  {drive.DriveId}: {drive.State}", drive.PercentComplete, IsFinal(drive.State));
                    }
                });
                foreach (var task in tasks.Values)
                {
                    task.StopTask();
                }
            });

    private static void Update(ProgressContext context, Dictionary<string, ProgressTask> tasks, string key, string description, int? percent, bool final)
    {
        if (!tasks.TryGetValue(key, out var task))
        {
            task = tasks[key] = context.AddTask(Markup.Escape(description), maxValue: 100);
        }

        task.Description = Markup.Escape(description);
        task.Value = percent ?? (final ? 100 : task.Value);
    }

    private static bool IsFinal(string? state) => state is "Completed" or "CompletedMoreInfo" or "ShippedBack" or "Closed";
}
