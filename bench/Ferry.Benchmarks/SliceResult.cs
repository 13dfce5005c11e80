namespace Ferry.Benchmarks;

/// <summary>
/// What one timed slice of load produced: the latencies of successful requests (in <see cref="System.Diagnostics.Stopwatch"/>
/// ticks), the failures, and the wall time from the first request to the last response.
/// </summary>
internal sealed record SliceResult(string Operation, TimeSpan Elapsed, long[] SuccessLatencyTicks, long Failures, string? FirstFailure);
