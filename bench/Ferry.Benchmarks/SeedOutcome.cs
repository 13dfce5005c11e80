namespace Ferry.Benchmarks;

/// <summary>
/// How seeding went: jobs created, time taken, whether the seed timeout cut it short, and the 5xx answers that were
/// retried (with the first one, request and body).
/// </summary>
internal sealed record SeedOutcome(long Created, TimeSpan Took, bool TimedOut, long ServerErrorsRetried, string? FirstServerError);
