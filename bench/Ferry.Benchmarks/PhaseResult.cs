namespace Ferry.Benchmarks;

/// <summary>
/// Everything measured at one job count (<see cref="Jobs"/>; less than <see cref="TargetJobs"/> only when seeding timed out): the seeding, the List Jobs walk, the operations measured beside the
/// ceiling, those that could not be measured (and why), and the server's memory when the phase ended (null if it
/// could not be read).
/// </summary>
internal sealed record PhaseResult(
    int TargetJobs, int Jobs, SeedOutcome Seed, ListWalk Walk, IReadOnlyList<PairedResult> Results,
    IReadOnlyList<NotMeasured> NotMeasured, long JobsAtEnd, MemorySample? MemoryAtEnd);
