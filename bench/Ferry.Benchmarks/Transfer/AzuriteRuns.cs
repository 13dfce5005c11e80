namespace Ferry.Benchmarks.Transfer;

/// <summary>
/// Gives every run of the import phase a fresh Azurite on the same port (the server's blob endpoint), stopped when
/// the run and its checks are done, and keeps the largest Azurite peak RSS seen.
/// </summary>
internal sealed class AzuriteRuns(TransferBenchOptions options, int port, string logDirectory)
{
    /// <summary>Azurite's arguments after <c>node</c> (the same for every run).</summary>
    public IReadOnlyList<string> Arguments { get; private set; } = [];

    /// <summary>The largest <c>VmHWM</c> of the Azurite processes so far (read just before each was stopped).</summary>
    public MemorySample? LargestPeak { get; private set; }

    /// <summary>Starts Azurite, runs <paramref name="run"/> against it, and stops it.</summary>
    public async Task<T> RunAsync<T>(string name, Func<AzuriteProcess, BlobStore, Task<T>> run, CancellationToken cancellationToken)
    {
        await using var azurite = await AzuriteProcess.StartAsync(options, port, Path.Combine(logDirectory, $"azurite-{name}.log"), TimeSpan.FromMinutes(3), cancellationToken);
        Arguments = azurite.Arguments;
        try
        {
            return await run(azurite, new BlobStore(azurite));
        }
        finally
        {
            if (azurite.ReadMemoryOrNull() is { } memory && memory.PeakRssKiB > (LargestPeak?.PeakRssKiB ?? 0))
            {
                LargestPeak = memory;
            }
        }
    }
}
