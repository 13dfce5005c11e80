namespace Ferry.Core.Jobs;

/// <summary>
/// The job and drive state machines of docs/lifecycle.md §1.1 and §2.1, and the state windows of §3.
/// Every state change in Ferry is checked here first.
/// </summary>
public static class JobTransitions
{
    private static readonly Dictionary<JobState, JobState[]> _jobMoves = new()
    {
        [JobState.Creating] = [JobState.Shipping],
        [JobState.Shipping] = [JobState.Received, JobState.Transferring, JobState.Packaging, JobState.Closed],
        [JobState.Received] = [JobState.Transferring, JobState.Packaging],
        [JobState.Transferring] = [JobState.Packaging],
        [JobState.Packaging] = [JobState.Completed, JobState.Closed],
    };

    private static readonly Dictionary<DriveState, DriveState[]> _driveMoves = new()
    {
        [DriveState.Specified] = [DriveState.Received, DriveState.NeverReceived, DriveState.Transferring],
        [DriveState.Received] = [DriveState.Transferring, DriveState.ShippedBack],
        [DriveState.NeverReceived] = [DriveState.Received],
        [DriveState.Transferring] = [DriveState.Completed, DriveState.CompletedMoreInfo],
        [DriveState.Completed] = [DriveState.ShippedBack],
        [DriveState.CompletedMoreInfo] = [DriveState.ShippedBack],
    };

    /// <summary>True when the job state machine has an edge from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanMove(JobState from, JobState to) =>
        _jobMoves.TryGetValue(from, out var targets) && targets.Contains(to);

    /// <summary>True when the drive state machine has an edge from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanMove(DriveState from, DriveState to) =>
        _driveMoves.TryGetValue(from, out var targets) && targets.Contains(to);

    /// <summary>Active jobs count against the per-subscription limit (docs/decisions.md D6): every state but Completed and Closed.</summary>
    public static bool IsActive(JobState state) => state is not (JobState.Completed or JobState.Closed);

    /// <summary>Finished jobs are purged 90 days after they entered their state (T3).</summary>
    public static bool IsFinished(JobState state) => state is JobState.Completed or JobState.Closed;

    /// <summary>Delete is allowed in Creating, Completed and Closed (docs/decisions.md D10).</summary>
    public static bool CanDelete(JobState state) => state is JobState.Creating or JobState.Completed or JobState.Closed;

    /// <summary>Put over an existing name replaces the job only while it is Creating (docs/decisions.md D17, D22).</summary>
    public static bool CanReplace(JobState state) => state == JobState.Creating;

    /// <summary>Whether a member group may change in a state (docs/lifecycle.md §3).</summary>
    public static bool CanChange(JobMember member, JobState state) => member switch
    {
        JobMember.Descriptive => true,
        JobMember.ShippingRequest => state == JobState.Creating,
        JobMember.CancelRequest => state is JobState.Creating or JobState.Shipping or JobState.Received or JobState.Transferring,
        JobMember.ReturnDetails or JobMember.LogOptions =>
            state is JobState.Creating or JobState.Shipping or JobState.Received or JobState.Transferring,
        JobMember.DeliveryPackage => state is JobState.Creating or JobState.Shipping,
        JobMember.DriveList => state == JobState.Creating,
        _ => false,
    };
}
