namespace Ferry.Benchmarks;

/// <summary>
/// Everything measured at one job count: the seeding, the List Jobs walk, the three operations beside the ceiling,
/// and the server's memory when the phase ended (null if it could not be read).
/// </summary>
internal sealed record PhaseResult(int Jobs, TimeSpan SeedTime, long JobsSeeded, ListWalk Walk, IReadOnlyList<PairedResult> Results, long JobsAtEnd, MemorySample? MemoryAtEnd);
