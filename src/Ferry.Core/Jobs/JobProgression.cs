using Ferry.Core.Audit;

namespace Ferry.Core.Jobs;

/// <summary>
/// The moves the lifecycle makes by itself after any change (docs/lifecycle.md §1.1, §4.1), and the derived values:
/// job progress and whether ship-back found errors.
/// </summary>
public static class JobProgression
{
    /// <summary>
    /// Applies every automatic move that now holds: a Shipping job whose drives are all accounted for (none still
    /// Specified, at least one in the data centre) is Received; a cancelled Received or Transferring job with no
    /// drive copying goes to Packaging; a Transferring job with no drive left to copy goes to Packaging.
    /// </summary>
    public static void Settle(Job job, JobChangeLog log)
    {
        if (job.State == JobState.Shipping && job.Drives.Count > 0
            && job.Drives.All(d => d.State != DriveState.Specified)
            && job.Drives.Any(d => d.State != DriveState.NeverReceived))
        {
            log.MoveJob(JobState.Received, AuditAction.Settle, "every drive accounted for");
        }

        if (job.State is JobState.Received or JobState.Transferring && job.CancelRequested
            && job.Drives.All(d => d.State != DriveState.Transferring))
        {
            log.MoveJob(JobState.Packaging, AuditAction.Settle, "cancel requested: remaining copies skipped");
        }

        if (job.State == JobState.Transferring && job.Drives.All(d => !IsLeftToCopy(d)))
        {
            log.MoveJob(JobState.Packaging, AuditAction.Settle, "no drive left to copy");
        }

        job.PercentComplete = Percent(job);
    }

    /// <summary>Whether a drive still has to arrive, start or finish copying.</summary>
    public static bool IsLeftToCopy(Drive drive) =>
        drive.State is DriveState.Specified or DriveState.Received or DriveState.Transferring;

    /// <summary>
    /// Ship-back errors (docs/decisions.md D30): a drive never received, or finished with a copy status other than Completed or
    /// CompletedWithWarnings.
    /// </summary>
    public static bool HasErrors(Job job) => job.Drives.Any(d =>
        d.State == DriveState.NeverReceived
        || d.CopyStatus is { } status && status is not (CopyStatus.Completed or CopyStatus.CompletedWithWarnings or CopyStatus.InProgress));

    /// <summary>Job progress from Transferring on: the mean of its drives' percentages, never-received drives excluded.</summary>
    private static int? Percent(Job job)
    {
        if (job.State is JobState.Creating or JobState.Shipping or JobState.Received)
        {
            return job.PercentComplete;
        }

        var counted = job.Drives.Where(d => d.State != DriveState.NeverReceived).ToList();
        return counted.Count == 0 ? job.PercentComplete : (int)Math.Round(counted.Average(d => d.PercentComplete ?? 0), MidpointRounding.ToZero);
    }
}
