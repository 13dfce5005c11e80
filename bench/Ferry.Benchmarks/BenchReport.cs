namespace Ferry.Benchmarks;

/// <summary>The whole run: settings, the two phases, and the server's memory at the end.</summary>
internal sealed record BenchReport(BenchOptions Options, IReadOnlyList<PhaseResult> Phases, MemorySample FinalMemory, long MaxSampledRssKiB, IReadOnlyList<string> ServerArguments, string DataDirectory)
{
    public const double GetJobMinRatio = 0.5;
    public const double ListP50MaxGrowth = 1.5;
    public const double PeakRssMaxMiB = 250;

    public PhaseResult Small => Phases[0];

    public PhaseResult Large => Phases[^1];

    /// <summary>The result of the operation whose title starts with <paramref name="prefix"/>, or null when it was not measured.</summary>
    public static PairedResult? FindOrNull(PhaseResult phase, string prefix) => phase.Results.FirstOrDefault(r => r.Title.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Get Job throughput at least half the ceiling's, at both job counts (a missing figure misses).</summary>
    public bool GetJobTargetMet => Phases.All(p => FindOrNull(p, "Get Job")?.Ratio >= GetJobMinRatio);

    /// <summary>List Jobs p50 at the large count divided by its p50 at the small count; null when either is missing.</summary>
    public double? ListP50Growth =>
        FindOrNull(Large, "List Jobs") is { } large && FindOrNull(Small, "List Jobs") is { } small && large.Operation.Successes > 0 && small.Operation.Successes > 0
            ? large.Operation.P50Ms / small.Operation.P50Ms
            : null;

    public bool ListTargetMet => ListP50Growth <= ListP50MaxGrowth;

    public bool RssTargetMet => FinalMemory.PeakRssMiB <= PeakRssMaxMiB;

    /// <summary>Requests that failed under load, plus operations that could not be measured at all.</summary>
    public long Failures => Phases.SelectMany(p => p.Results).Sum(r => r.Operation.Failures + r.Ceiling.Failures) + Phases.Sum(p => p.NotMeasured.Count);

    public bool AllTargetsMet => GetJobTargetMet && ListTargetMet && RssTargetMet && Failures == 0;
}
