namespace Ferry.Benchmarks.Soak;

/// <summary>What a soak run measured; the windows are read from <see cref="Samples"/>.</summary>
internal sealed record SoakReport(
    SoakBenchOptions Options,
    IReadOnlyList<SoakSample> Samples,
    TimeSpan LoadElapsed,
    IReadOnlyList<long> RequestsByOperation,
    long LoadErrors,
    IReadOnlyList<string> LoadFailures,
    int TransfersStarted,
    int TransfersCompleted,
    int TransferErrors,
    int TransfersSkipped,
    IReadOnlyList<TimeSpan> TransferTimes,
    IReadOnlyList<string> TransferFailures,
    long DatasetBytes,
    int DatasetFiles,
    WebhookOutcome? Webhooks,
    bool ServerExited,
    long PeakRssKiB,
    IReadOnlyList<string> ServerArguments)
{
    public TimeSpan MeasuredFrom => Options.Warmup;

    public TimeSpan MeasuredTo => Options.Warmup + Options.Duration;

    /// <summary>Samples of the first window after the warm-up: [warm-up, warm-up + window).</summary>
    public IReadOnlyList<SoakSample> FirstWindow => [.. Samples.Where(s => GridTime(s) >= MeasuredFrom && GridTime(s) < MeasuredFrom + Options.EffectiveWindow)];

    /// <summary>Samples of the last window of the measurement: [end − window, end].</summary>
    public IReadOnlyList<SoakSample> LastWindow => [.. Samples.Where(s => GridTime(s) >= MeasuredTo - Options.EffectiveWindow && GridTime(s) <= MeasuredTo)];

    public double FirstMeanMiB => Mean(FirstWindow, s => s.RssKiB);

    public double LastMeanMiB => Mean(LastWindow, s => s.RssKiB);

    public double FirstAnonMeanMiB => Mean(FirstWindow, s => s.AnonKiB);

    public double LastAnonMeanMiB => Mean(LastWindow, s => s.AnonKiB);

    /// <summary>Last window's mean RSS over the first's.</summary>
    public double Ratio => LastMeanMiB / FirstMeanMiB;

    /// <summary>The memory target: the last window's mean RSS at most 10% above the first's (less is no leak).</summary>
    public bool MemoryTargetMet => FirstWindow.Count > 0 && LastWindow.Count > 0 && Ratio <= 1.10;

    public long Requests => RequestsByOperation.Sum();

    /// <summary>Every error: failed requests, failed or skipped transfers, webhook events missing or malformed, a server that exited.</summary>
    public long Errors => LoadErrors + TransferErrors + TransfersSkipped + (Webhooks?.Errors ?? 0) + (ServerExited ? 1 : 0);

    public bool AllTargetsMet => Errors == 0 && MemoryTargetMet;

    /// <summary>A sample's time rounded to the second: samples are taken on the interval's grid, a few milliseconds off it.</summary>
    internal static TimeSpan GridTime(SoakSample sample) => TimeSpan.FromSeconds(Math.Round(sample.Elapsed.TotalSeconds));

    private static double Mean(IReadOnlyList<SoakSample> samples, Func<SoakSample, long> kib) => samples.Count == 0 ? double.NaN : samples.Average(s => kib(s)) / 1024.0;
}

/// <summary>How the webhook deliveries went: events the run caused and the receiver's view of them.</summary>
internal sealed record WebhookOutcome(
    int Expected, int Missing, IReadOnlyList<string> MissingExamples, long Posts, int DistinctEvents, long BadPosts, string? FirstBadPost, TimeSpan Drain,
    IReadOnlyDictionary<string, int> NewestDeliveryStatuses)
{
    public long Errors => Missing + BadPosts;
}
