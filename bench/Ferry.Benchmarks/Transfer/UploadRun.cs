namespace Ferry.Benchmarks.Transfer;

/// <summary>One baseline upload: its time, the CPU Azurite and the uploading benchmark process used meanwhile (null when unreadable), and what the container held.</summary>
internal sealed record UploadRun(TimeSpan Elapsed, TimeSpan? AzuriteCpu, TimeSpan ClientCpu, Verification Verification);
