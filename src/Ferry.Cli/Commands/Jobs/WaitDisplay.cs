using Spectre.Console;

namespace Ferry.Cli.Commands.Jobs;

/// <summary>
/// Polls a job every <paramref name="interval"/> until it reaches a target state, and shows each reading: live progress
/// bars on a terminal, one plain line per change elsewhere, nothing for JSON. Throughput and time left are computed
/// between consecutive polls on <see cref="CliEnvironment.Time"/>.
/// </summary>
internal sealed class WaitDisplay(CliEnvironment env, TimeSpan interval)
{
    private const string JobKey = "\0job";
    private readonly Dictionary<string, ProgressReading> _previous = new(StringComparer.Ordinal);

    public enum Mode
    {
        Silent,
        Plain,
        Live,
    }

    /// <summary>
    /// Shows <paramref name="first"/>, then polls with <paramref name="poll"/> until a target is reached or the job
    /// is in a final state (a job Closed while waiting for Received never gets there); returns the last reading.
    /// </summary>
    public async Task<JobSnapshot> RunAsync(Mode mode, JobSnapshot first, IReadOnlyList<string> targets, Func<CancellationToken, Task<JobSnapshot>> poll, CancellationToken cancellationToken)
    {
        switch (mode)
        {
            case Mode.Live:
                JobSnapshot last = first;
                await Output.Console(env).Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
                    .StartAsync(async context =>
                    {
                        var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                        last = await WatchAsync(first, targets, poll, job => ShowLive(context, tasks, job), cancellationToken);
                        foreach (var task in tasks.Values)
                        {
                            task.StopTask();
                        }
                    });
                return last;
            case Mode.Plain:
                string? lastKey = null;
                return await WatchAsync(first, targets, poll, job =>
                {
                    var (key, line) = Summary(job, Rates(job));
                    if (key != lastKey)
                    {
                        env.Output.WriteLine(line);
                        env.Output.Flush();
                        lastKey = key;
                    }
                }, cancellationToken);
            default:
                return await WatchAsync(first, targets, poll, job => Rates(job), cancellationToken);
        }
    }

    /// <summary>
    /// A line for the job and its drives, e.g. <c>job1: Transferring 40% (1m 30s left) | WD-1 Transferring 40% 2.0 GiB of ~5.0 GiB (10.0 MiB/s, 1m 30s left)</c>,
    /// and the same without throughput and time left (what decides whether anything changed).
    /// </summary>
    public static (string Key, string Line) Summary(JobSnapshot job, IReadOnlyDictionary<string, ProgressRate> rates)
    {
        var head = $"{job.Name}: {job.State}" + (job.PercentComplete is { } pc ? $" {pc}%" : string.Empty) + (job.CancelRequested ? " (cancel requested)" : string.Empty);
        var keyParts = new List<string> { head };
        var lineParts = new List<string> { head + Rate(rates, JobKey) };
        foreach (var d in job.Drives)
        {
            var drive = $"{d.DriveId} {d.State}" + (d.DisplayPercent is { } dp ? $" {dp}%" : string.Empty) + (ProgressText.DriveBytes(d) is { Length: > 0 } bytes ? " " + bytes : string.Empty);
            keyParts.Add(drive);
            lineParts.Add(drive + Rate(rates, d.DriveId));
        }

        return (string.Join(" | ", keyParts), string.Join(" | ", lineParts));
    }

    private static string Rate(IReadOnlyDictionary<string, ProgressRate> rates, string key) =>
        rates.TryGetValue(key, out var rate) && rate.ToString() is { Length: > 0 } text ? $" ({text})" : string.Empty;

    private async Task<JobSnapshot> WatchAsync(JobSnapshot first, IReadOnlyList<string> targets, Func<CancellationToken, Task<JobSnapshot>> poll, Action<JobSnapshot> show, CancellationToken cancellationToken)
    {
        var job = first;
        show(job);
        while (!WaitOutcome.Reached(job, targets) && !WaitOutcome.IsFinal(job.State))
        {
            await Task.Delay(interval, env.Time, cancellationToken);
            job = await poll(cancellationToken);
            show(job);
        }

        return job;
    }

    /// <summary>The rate of the job and each drive since the previous poll; remembers this poll for the next.</summary>
    private Dictionary<string, ProgressRate> Rates(JobSnapshot job)
    {
        var now = env.Time.GetUtcNow();
        var drivesWithBytes = job.Drives.Where(d => d.BytesSucceeded is not null).ToList();
        long? jobBytes = drivesWithBytes.Count > 0 ? drivesWithBytes.Sum(d => d.BytesSucceeded!.Value) : null;
        var readings = new List<(string Key, ProgressReading Reading)> { (JobKey, new ProgressReading(now, job.PercentComplete, jobBytes)) };
        readings.AddRange(job.Drives.Select(d => (d.DriveId, new ProgressReading(now, d.DisplayPercent, d.BytesSucceeded))));
        var rates = new Dictionary<string, ProgressRate>(StringComparer.Ordinal);
        foreach (var (key, reading) in readings)
        {
            rates[key] = ProgressRate.Between(_previous.TryGetValue(key, out var before) ? before : null, reading);
            _previous[key] = reading;
        }

        return rates;
    }

    private void ShowLive(ProgressContext context, Dictionary<string, ProgressTask> tasks, JobSnapshot job)
    {
        var rates = Rates(job);
        Update(context, tasks, JobKey, $"{job.Name}: {job.State}" + Rate(rates, JobKey), job.PercentComplete, WaitOutcome.IsFinal(job.State));
        foreach (var d in job.Drives)
        {
            var bytes = ProgressText.DriveBytes(d) is { Length: > 0 } text ? " " + text : string.Empty;
            Update(context, tasks, d.DriveId, $"  {d.DriveId}: {d.State}{bytes}" + Rate(rates, d.DriveId), d.DisplayPercent, false);
        }
    }

    private static void Update(ProgressContext context, Dictionary<string, ProgressTask> tasks, string key, string description, int? percent, bool final)
    {
        if (!tasks.TryGetValue(key, out var task))
        {
            task = tasks[key] = context.AddTask(Markup.Escape(description), maxValue: 100);
        }

        task.Description = Markup.Escape(description);
        task.Value = percent ?? (final ? 100 : task.Value);
    }
}
