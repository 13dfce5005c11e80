namespace Ferry.Benchmarks.Transfer;

/// <summary>One baseline download: its time, the CPU Azurite and the downloading benchmark process used meanwhile (null when unreadable), and how many files came down wrong or not at all.</summary>
internal sealed record DownloadRun(TimeSpan Elapsed, TimeSpan? AzuriteCpu, TimeSpan ClientCpu, int WrongFiles);
