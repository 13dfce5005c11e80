namespace Ferry.Benchmarks.Scale;

/// <summary>One side of a comparison: what is sent, through which generator, and which Ferry servers serve it.</summary>
internal sealed record Side(string Label, LoadGenerator Generator, LoadOperation Operation, IReadOnlyList<int> ServerPids);

/// <summary>What one side did over its slices: latency and throughput, and the CPU it took.</summary>
internal sealed record SideResult(string Label, LatencySummary Latency, CpuUse Cpu)
{
    /// <summary>CPU milliseconds of <paramref name="seconds"/> per successful request.</summary>
    public double PerRequestMs(double? seconds) => seconds is { } s && Latency.Successes > 0 ? s * 1000 / Latency.Successes : double.NaN;
}

/// <summary>
/// One operation measured on a baseline and a candidate in alternating slices of the same run (baseline, candidate,
/// …, baseline), so that every candidate slice sits between two baseline slices and both see the same machine.
/// </summary>
internal sealed record Comparison(string Title, SideResult Baseline, SideResult Candidate)
{
    public double ThroughputRatio => Baseline.Latency.RequestsPerSecond > 0 ? Candidate.Latency.RequestsPerSecond / Baseline.Latency.RequestsPerSecond : double.NaN;

    public double P50Ratio => Candidate.Latency.P50Ms / Baseline.Latency.P50Ms;

    public double P95Ratio => Candidate.Latency.P95Ms / Baseline.Latency.P95Ms;

    public double P99Ratio => Candidate.Latency.P99Ms / Baseline.Latency.P99Ms;

    public long Failures => Baseline.Latency.Failures + Candidate.Latency.Failures;

    /// <summary>Warms both sides up, then runs the alternating slices.</summary>
    public static async Task<Comparison> MeasureAsync(string title, Side baseline, Side candidate, ScaleBenchOptions options, CpuMeter meter, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  measuring {title}: {baseline.Label} vs {candidate.Label}…");
        if (options.Warmup > TimeSpan.Zero)
        {
            await baseline.Generator.RunSliceAsync(baseline.Operation, options.Warmup, cancellationToken);
            await candidate.Generator.RunSliceAsync(candidate.Operation, options.Warmup, cancellationToken);
        }

        var slice = options.Duration / options.Rounds;
        var baselineSlices = new List<(SliceResult, CpuUse)>();
        var candidateSlices = new List<(SliceResult, CpuUse)>();
        for (var round = 0; round < options.Rounds; round++)
        {
            baselineSlices.Add(await RunAsync(baseline, slice, meter, cancellationToken));
            candidateSlices.Add(await RunAsync(candidate, slice, meter, cancellationToken));
        }

        baselineSlices.Add(await RunAsync(baseline, slice, meter, cancellationToken));
        var result = new Comparison(title, Summarise(baseline, baselineSlices), Summarise(candidate, candidateSlices));
        var b = result.Baseline.Latency;
        var c = result.Candidate.Latency;
        Console.WriteLine(
            $"    {baseline.Label}: {b.RequestsPerSecond:N0} req/s p50 {b.P50Ms:0.00} ms p95 {b.P95Ms:0.00} ms | {candidate.Label}: {c.RequestsPerSecond:N0} req/s p50 {c.P50Ms:0.00} ms p95 {c.P95Ms:0.00} ms"
            + $" | req/s ratio {result.ThroughputRatio:0.00} p50 ratio {result.P50Ratio:0.00} | errors {result.Failures}");
        foreach (var failure in new[] { b.FirstFailure, c.FirstFailure }.OfType<string>())
        {
            Console.WriteLine($"    first failure: {failure}");
        }

        return result;
    }

    private static async Task<(SliceResult, CpuUse)> RunAsync(Side side, TimeSpan duration, CpuMeter meter, CancellationToken cancellationToken)
    {
        var before = meter.Read(side.ServerPids);
        var result = await side.Generator.RunSliceAsync(side.Operation, duration, cancellationToken);
        var after = meter.Read(side.ServerPids);
        return (result, CpuMeter.Between(before, after));
    }

    private static SideResult Summarise(Side side, List<(SliceResult Slice, CpuUse Cpu)> slices) => new(
        side.Label,
        LatencySummary.From(side.Operation.Name, [.. slices.Select(s => s.Slice)]),
        CpuUse.Sum([.. slices.Select(s => s.Cpu)], [.. slices.Select(s => s.Slice.Elapsed)]));
}
