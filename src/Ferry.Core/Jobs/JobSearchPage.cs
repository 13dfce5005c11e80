namespace Ferry.Core.Jobs;

/// <summary>One page of an operator search: jobs with their drives, newest first.</summary>
/// <param name="Jobs">The jobs, in descending store-key order.</param>
/// <param name="HasMore">Whether more matching jobs follow the last one.</param>
public sealed record JobSearchPage(IReadOnlyList<Job> Jobs, bool HasMore);
