namespace Ferry.Benchmarks.Transfer;

/// <summary>One run of <c>ferry drive prepare</c>: its wall time, its CPU (null when unknown), the <c>sync</c> after it, and the drive it reported.</summary>
internal sealed record PrepareRun(TimeSpan Elapsed, TimeSpan? Cpu, TimeSpan SyncElapsed, PreparedDrive Drive);
