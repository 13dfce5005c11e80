namespace Ferry.Benchmarks;

/// <summary>
/// Everything measured at one job count: the seeding, the List Jobs walk, the operations measured beside the
/// ceiling, those that could not be measured (and why), and the server's memory when the phase ended (null if it
/// could not be read).
/// </summary>
internal sealed record PhaseResult(
    int Jobs, TimeSpan SeedTime, long JobsSeeded, ListWalk Walk, IReadOnlyList<PairedResult> Results,
    IReadOnlyList<NotMeasured> NotMeasured, long JobsAtEnd, MemorySample? MemoryAtEnd);
