namespace Ferry.Benchmarks;

/// <summary>Samples the server's <c>VmRSS</c> every 250 ms and keeps the largest value seen.</summary>
internal sealed class MemorySampler(ServerProcess server)
{
    private long _maxRssKiB;

    public long MaxRssKiB => Interlocked.Read(ref _maxRssKiB);

    /// <summary>Samples until <paramref name="cancellationToken"/> is cancelled, which ends the task normally.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (server.ReadMemoryOrNull() is { } sample && sample.RssKiB > Interlocked.Read(ref _maxRssKiB))
                {
                    Interlocked.Exchange(ref _maxRssKiB, sample.RssKiB);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancellation is how sampling stops.
        }
    }
}
