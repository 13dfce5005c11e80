using System.Diagnostics;

namespace Ferry.Benchmarks;

/// <summary>Throughput and latency of one operation over one or more slices. Only successful requests count.</summary>
internal sealed record LatencySummary(string Operation, long Successes, long Failures, TimeSpan Elapsed, double P50Ms, double P95Ms, double P99Ms, double MeanMs, double MaxMs, string? FirstFailure)
{
    /// <summary>Successful requests per second of measured wall time.</summary>
    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Successes / Elapsed.TotalSeconds : 0;

    public static LatencySummary From(string operation, IReadOnlyCollection<SliceResult> slices)
    {
        var all = new long[slices.Sum(s => s.SuccessLatencyTicks.Length)];
        var offset = 0;
        foreach (var slice in slices)
        {
            slice.SuccessLatencyTicks.CopyTo(all, offset);
            offset += slice.SuccessLatencyTicks.Length;
        }

        Array.Sort(all);
        var elapsed = TimeSpan.FromTicks(slices.Sum(s => s.Elapsed.Ticks));
        var failures = slices.Sum(s => s.Failures);
        var firstFailure = slices.Select(s => s.FirstFailure).FirstOrDefault(f => f is not null);
        if (all.Length == 0)
        {
            return new LatencySummary(operation, 0, failures, elapsed, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, firstFailure);
        }

        return new LatencySummary(
            operation, all.Length, failures, elapsed,
            Milliseconds(Percentile(all, 0.50)), Milliseconds(Percentile(all, 0.95)), Milliseconds(Percentile(all, 0.99)),
            Milliseconds((long)all.Average()), Milliseconds(all[^1]), firstFailure);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static long Percentile(long[] sorted, double p)
    {
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
