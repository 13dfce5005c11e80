namespace Ferry.Benchmarks;

/// <summary>The whole run: settings, the two phases, and the server's memory at the end.</summary>
internal sealed record BenchReport(BenchOptions Options, IReadOnlyList<PhaseResult> Phases, MemorySample FinalMemory, long MaxSampledRssKiB, IReadOnlyList<string> ServerArguments)
{
    public const double GetJobMinRatio = 0.5;
    public const double ListP50MaxGrowth = 1.5;
    public const double PeakRssMaxMiB = 250;

    public PhaseResult Small => Phases[0];

    public PhaseResult Large => Phases[^1];

    public static PairedResult Find(PhaseResult phase, string prefix) => phase.Results.First(r => r.Title.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Get Job throughput at least half the ceiling's, at both job counts.</summary>
    public bool GetJobTargetMet => Phases.All(p => Find(p, "Get Job").Ratio >= GetJobMinRatio);

    /// <summary>List Jobs p50 at the large count divided by its p50 at the small count.</summary>
    public double ListP50Growth => Find(Large, "List Jobs").Operation.P50Ms / Find(Small, "List Jobs").Operation.P50Ms;

    public bool ListTargetMet => ListP50Growth <= ListP50MaxGrowth;

    public bool RssTargetMet => FinalMemory.PeakRssMiB <= PeakRssMaxMiB;

    /// <summary>Whether any measured request failed (the figures of such a run are suspect).</summary>
    public long Failures => Phases.SelectMany(p => p.Results).Sum(r => r.Operation.Failures + r.Ceiling.Failures);

    public bool AllTargetsMet => GetJobTargetMet && ListTargetMet && RssTargetMet && Failures == 0;
}
