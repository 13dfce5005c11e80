namespace Ferry.Core.Jobs;

/// <summary>
/// Wakes the background loops (emulator, webhook dispatcher) when the store committed a job change, so they act at
/// once instead of at their next poll. Take <see cref="WhenChangedAsync"/> before a pass, then wait on it after the pass:
/// a change committed during the pass is not missed.
/// </summary>
public sealed class JobChangeSignal
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next <see cref="Notify"/>.</summary>
    public Task WhenChangedAsync()
    {
        lock (_lock)
        {
#pragma warning disable VSTHRD003 // The task completes from Notify on any thread; nothing here depends on a context.
            return _next.Task;
#pragma warning restore VSTHRD003
        }
    }

    /// <summary>Completes every task handed out so far.</summary>
    public void Notify()
    {
        TaskCompletionSource fired;
        lock (_lock)
        {
            fired = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        fired.TrySetResult();
    }
}
