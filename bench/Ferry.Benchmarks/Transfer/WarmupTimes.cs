namespace Ferry.Benchmarks.Transfer;

/// <summary>What the untimed warm-up did: its dataset's size, and how long its upload and its import took.</summary>
internal sealed record WarmupTimes(long Bytes, int Files, TimeSpan Upload, TimeSpan Import);
