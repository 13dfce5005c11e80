namespace Ferry.Benchmarks;

/// <summary>How seeding went: jobs created, time taken, and whether the seed timeout cut it short.</summary>
internal sealed record SeedOutcome(long Created, TimeSpan Took, bool TimedOut);
