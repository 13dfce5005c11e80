namespace Ferry.Core.Jobs;

/// <summary>
/// Wakes the background loops (emulator, transfer engine, webhook dispatcher) when the store committed a change they
/// act on, so they act at once instead of at their next poll. Take <see cref="WhenChangedAsync"/> before a pass, then
/// wait on it after the pass: a change committed during the pass is not missed. Each loop waits only for the changes
/// it acts on (docs/architecture.md §11.11): the transfer engine for a drive it could copy, the webhook dispatcher for
/// a queued delivery; a stream of creates and deletes no longer runs their queries once per write.
/// </summary>
public sealed class JobChangeSignal
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource[] _next = [New(), New(), New()];

    /// <summary>A task that completes at the next <see cref="Notify"/> of a change of kind <paramref name="kind"/>.</summary>
    public Task WhenChangedAsync(JobChanges kind = JobChanges.Job)
    {
        lock (_lock)
        {
#pragma warning disable VSTHRD003 // The task completes from Notify on any thread; nothing here depends on a context.
            return _next[Index(kind)].Task;
#pragma warning restore VSTHRD003
        }
    }

    /// <summary>Completes every task handed out so far for the kinds in <paramref name="changes"/> (every kind by default).</summary>
    public void Notify(JobChanges changes = JobChanges.All)
    {
        Span<JobChanges> kinds = [JobChanges.Job, JobChanges.Claimable, JobChanges.Outbox];
        var fired = new List<TaskCompletionSource>(kinds.Length);
        lock (_lock)
        {
            foreach (var kind in kinds)
            {
                if ((changes & kind) != 0)
                {
                    fired.Add(_next[Index(kind)]);
                    _next[Index(kind)] = New();
                }
            }
        }

        foreach (var source in fired)
        {
            source.TrySetResult();
        }
    }

    private static int Index(JobChanges kind) => kind switch
    {
        JobChanges.Job => 0,
        JobChanges.Claimable => 1,
        JobChanges.Outbox => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Wait for one kind of change."),
    };

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>What a committed change may mean to the background loops.</summary>
[Flags]
public enum JobChanges
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>A job was created, changed or deleted (the emulator acts on any).</summary>
    Job = 1,

    /// <summary>A job has a drive the transfer engine could copy (received or transferring, with content).</summary>
    Claimable = 2,

    /// <summary>A webhook delivery was queued.</summary>
    Outbox = 4,

    /// <summary>Every kind: for changes whose effect is not worked out (bulk deletes, resets, emulation settings).</summary>
    All = Job | Claimable | Outbox,
}
