namespace Ferry.Benchmarks;

/// <summary>
/// One operation measured beside the ceiling (Get Service Document) in alternating slices of the same run, with the
/// account's job count before and after.
/// </summary>
internal sealed record PairedResult(string Title, LatencySummary Operation, LatencySummary Ceiling, long JobsBefore, long JobsAfter)
{
    /// <summary>Operation throughput as a fraction of the ceiling's.</summary>
    public double Ratio => Ceiling.RequestsPerSecond > 0 ? Operation.RequestsPerSecond / Ceiling.RequestsPerSecond : double.NaN;
}
