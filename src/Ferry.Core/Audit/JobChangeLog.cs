using Ferry.Core.Jobs;

namespace Ferry.Core.Audit;

/// <summary>
/// The audit entries of one change to one job, collected while the change is made and written by the store in the
/// same transaction. Every state move of the job or a drive goes through <see cref="MoveJob"/> or
/// <see cref="MoveDrive"/>, which check the state machine.
/// </summary>
public sealed class JobChangeLog(Job job, Actor actor, DateTimeOffset now)
{
    private readonly List<AuditEntry> _entries = [];

    /// <summary>The entries so far, in order.</summary>
    public IReadOnlyList<AuditEntry> Entries => _entries;

    /// <summary>The instant of the change.</summary>
    public DateTimeOffset Now => now;

    /// <summary>The actor of the change.</summary>
    public Actor Actor => actor;

    /// <summary>Moves the job to <paramref name="target"/> and records it.</summary>
    /// <exception cref="InvalidOperationException">The state machine has no such edge: a bug in the caller, which must check first.</exception>
    public void MoveJob(JobState target, AuditAction action, string? reason = null)
    {
        if (!JobTransitions.CanMove(job.State, target))
        {
            throw new InvalidOperationException($"Illegal job transition {job.State} -> {target}.");
        }

        _entries.Add(Entry(action, null, job.State.ToString(), target.ToString(), reason));
        job.State = target;
        job.StateChangedAt = now;
    }

    /// <summary>Moves a drive to <paramref name="target"/> and records it.</summary>
    /// <exception cref="InvalidOperationException">The state machine has no such edge.</exception>
    public void MoveDrive(Drive drive, DriveState target, AuditAction action, string? reason = null)
    {
        if (!JobTransitions.CanMove(drive.State, target))
        {
            throw new InvalidOperationException($"Illegal drive transition {drive.State} -> {target}.");
        }

        _entries.Add(Entry(action, drive.DriveId, drive.State.ToString(), target.ToString(), reason));
        drive.State = target;
        drive.StateChangedAt = now;
    }

    /// <summary>Records a new drive (an export drive at receipt) in its initial state.</summary>
    public void AddDrive(Drive drive, AuditAction action, string? reason = null) =>
        _entries.Add(Entry(action, drive.DriveId, null, drive.State.ToString(), reason));

    /// <summary>Records the job's creation in its initial state.</summary>
    public void Created(AuditAction action) => _entries.Add(Entry(action, null, null, job.State.ToString(), null));

    /// <summary>Records an action that changed no state.</summary>
    public void Note(AuditAction action, string? driveId = null, string? reason = null) =>
        _entries.Add(Entry(action, driveId, null, null, reason));

    /// <summary>The entry recording the deletion of <paramref name="job"/> (its state → none).</summary>
    public static AuditEntry Deleted(Job job, Actor actor, AuditAction action, string? reason, DateTimeOffset now) =>
        new JobChangeLog(job, actor, now).Entry(action, null, job.State.ToString(), null, reason);

    private AuditEntry Entry(AuditAction action, string? driveId, string? oldState, string? newState, string? reason) => new()
    {
        JobId = job.Id,
        Surface = job.Surface,
        SubscriptionId = job.SubscriptionId,
        ResourceGroup = job.ResourceGroup,
        JobName = job.Name,
        At = now,
        ActorKind = actor.Kind,
        Actor = actor.Name,
        Action = action,
        DriveId = driveId,
        OldState = oldState,
        NewState = newState,
        Reason = reason,
    };
}
