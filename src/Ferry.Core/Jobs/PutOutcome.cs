namespace Ferry.Core.Jobs;

/// <summary>The job after a Put, and whether it replaced an existing Creating job.</summary>
public sealed record PutOutcome(Job Job, bool Replaced);
