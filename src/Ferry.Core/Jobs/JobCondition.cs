namespace Ferry.Core.Jobs;

/// <summary>
/// The effective conditional headers of a request (after the surface applied its combination rules).
/// Evaluated by <see cref="JobService"/> against the job as read in the same attempt as the write.
/// </summary>
/// <param name="IfMatch">An ETag or <c>*</c>: the job must exist (and match).</param>
/// <param name="IfNoneMatch">An ETag or <c>*</c>: the job must differ (or, with <c>*</c>, not exist).</param>
/// <param name="IfModifiedSince">The job must have changed after this instant (second precision).</param>
/// <param name="IfUnmodifiedSince">The job must not have changed after this instant (second precision).</param>
public sealed record JobCondition(
    string? IfMatch = null,
    string? IfNoneMatch = null,
    DateTimeOffset? IfModifiedSince = null,
    DateTimeOffset? IfUnmodifiedSince = null)
{
    /// <summary>No condition.</summary>
    public static JobCondition None { get; } = new();

    /// <summary>Whether the condition holds for <paramref name="job"/> (null when the job does not exist).</summary>
    public bool IsMetBy(Job? job)
    {
        if (IfMatch is not null)
        {
            if (job is null || (IfMatch != "*" && IfMatch != JobETag.Format(job.LastModifiedAt)))
            {
                return false;
            }
        }

        if (IfNoneMatch is not null && job is not null
            && (IfNoneMatch == "*" || IfNoneMatch == JobETag.Format(job.LastModifiedAt)))
        {
            return false;
        }

        if (IfUnmodifiedSince is { } unmodified && (job is null || Seconds(job.LastModifiedAt) > Seconds(unmodified)))
        {
            return false;
        }

        if (IfModifiedSince is { } modified && job is not null && Seconds(job.LastModifiedAt) <= Seconds(modified))
        {
            return false;
        }

        return true;
    }

    private static long Seconds(DateTimeOffset instant) => instant.ToUnixTimeSeconds();
}
