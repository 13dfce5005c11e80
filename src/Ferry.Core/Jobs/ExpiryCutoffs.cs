namespace Ferry.Core.Jobs;

/// <summary>
/// The instants at or before which a job is past its deadline: Creating jobs last touched at or before
/// <paramref name="CreatingTouchedBefore"/> (T1) and finished jobs that entered their state at or before
/// <paramref name="FinishedBefore"/> (T3). Such jobs are invisible even before the sweeper deletes them.
/// </summary>
public sealed record ExpiryCutoffs(DateTimeOffset CreatingTouchedBefore, DateTimeOffset FinishedBefore)
{
    /// <summary>Cutoffs for the instant <paramref name="now"/>.</summary>
    public static ExpiryCutoffs At(DateTimeOffset now, JobRulesOptions rules) =>
        new(now - rules.CreatingExpiry, now - rules.RetainFinishedFor);

    /// <summary>Whether <paramref name="job"/> is past a deadline.</summary>
    public bool IsExpired(Job job) =>
        (job.State == JobState.Creating && job.LastTouchedAt <= CreatingTouchedBefore)
        || (JobTransitions.IsFinished(job.State) && job.StateChangedAt <= FinishedBefore);
}
