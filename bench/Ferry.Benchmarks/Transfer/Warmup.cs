namespace Ferry.Benchmarks.Transfer;

/// <summary>The warm-up dataset, the folder of its prepared drive and the drive's DriveList entry.</summary>
internal sealed record Warmup(Dataset Dataset, string Folder, PreparedDrive Drive);
