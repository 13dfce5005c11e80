namespace Ferry.Benchmarks.Transfer;

/// <summary>How one import ended: the time from receive to the drive's end, the drive's state and copy status, and the bytes the server counted.</summary>
internal sealed record ImportOutcome(TimeSpan Elapsed, string DriveState, string CopyStatus, long BytesSucceeded);
