using System.Diagnostics;

namespace Ferry.Benchmarks.Soak;

/// <summary>One reading of the server's memory and of the load's counters, at <see cref="Elapsed"/> from the start of the load.</summary>
internal sealed record SoakSample(TimeSpan Elapsed, long RssKiB, long AnonKiB, long FileKiB, long Requests, long Errors, int Transfers, long WebhookPosts);

/// <summary>
/// Reads the server's <c>VmRSS</c>, <c>RssAnon</c> and <c>RssFile</c> (<see cref="ProcStats.ReadResidentOrNull"/>) and
/// the load's counters at the start and then every interval, on the interval's grid (a late tick does not shift the
/// next ones).
/// </summary>
internal sealed class SoakSampler(int serverPid, TimeSpan interval, Func<(long Requests, long Errors, int Transfers, long WebhookPosts)> counters)
{
    private readonly List<SoakSample> _samples = [];

    public IReadOnlyList<SoakSample> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    /// <summary>Samples until <paramref name="cancellationToken"/> is cancelled, which ends the task normally; prints the last sample of each minute.</summary>
    public async Task RunAsync(long started, CancellationToken cancellationToken)
    {
        try
        {
            for (var tick = 0L; ; tick++)
            {
                var due = TimeSpan.FromTicks(interval.Ticks * tick) - Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, TimeProvider.System, cancellationToken);
                }

                // Printed once a minute: the last sample before each whole minute of the grid.
                var next = TimeSpan.FromTicks(interval.Ticks * (tick + 1));
                if (Take(started) is { } sample && (long)next.TotalSeconds / 60 > (long)(next - interval).TotalSeconds / 60)
                {
                    Console.WriteLine(
                        $"  {sample.Elapsed:mm\\:ss} RSS {sample.RssKiB / 1024.0:0.0} MiB (anon {sample.AnonKiB / 1024.0:0.0}), {sample.Requests:N0} requests, "
                        + $"{sample.Errors} errors, {sample.Transfers} transfers, {sample.WebhookPosts:N0} webhook POSTs");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancellation is how sampling stops.
        }
    }

    /// <summary>Takes one sample now; null when the server is gone.</summary>
    public SoakSample? Take(long started)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (ProcStats.ReadResidentOrNull(serverPid) is not { } memory)
        {
            return null;
        }

        var (requests, errors, transfers, posts) = counters();
        var sample = new SoakSample(elapsed, memory.RssKiB, memory.AnonKiB, memory.FileKiB, requests, errors, transfers, posts);
        lock (_samples)
        {
            _samples.Add(sample);
        }

        return sample;
    }
}
