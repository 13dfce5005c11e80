namespace Ferry.Core.Jobs;

/// <summary>One page of jobs (without drives).</summary>
/// <param name="Jobs">The jobs, ordered by name key.</param>
/// <param name="HasMore">Whether more matching jobs follow the last one.</param>
/// <param name="Total">The number of all matching jobs, when it was asked for; else null.</param>
public sealed record JobListPage(IReadOnlyList<Job> Jobs, bool HasMore, int? Total);
