namespace Ferry.Core.Transfer;

/// <summary>
/// The transfer engine's block buffers (docs/architecture.md §11.4): a fixed budget of bytes, handed out as buffers of
/// one size (the largest block or page range, 4 MiB). A transfer that wants a buffer when all are out waits until one
/// comes back, so the blocks in flight across every blob and drive of the process never hold more than the budget,
/// whatever <see cref="TransferOptions.BlobConcurrency"/> and <see cref="TransferOptions.BlockConcurrency"/> say. The
/// buffers are allocated on first use and kept for the next block (no pool grows per thread). Thread-safe.
/// </summary>
internal sealed class TransferBuffers
{
    /// <summary>The largest block or page range of a manifest, and the engine's buffer size.</summary>
    public const int BlockBytes = 4 * 1024 * 1024;

    private readonly Stack<byte[]> _idle = new();
    private readonly LinkedList<TaskCompletionSource<byte[]>> _waiters = new();
    private readonly Lock _lock = new();
    private int _allocated;
    private int _out;
    private int _peakOut;

    /// <param name="budgetBytes">The most bytes all buffers together may hold.</param>
    /// <param name="bufferBytes">The size of each buffer; at least one buffer exists whatever the budget.</param>
    public TransferBuffers(long budgetBytes, int bufferBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferBytes);
        BufferBytes = bufferBytes;
        Capacity = (int)Math.Clamp(budgetBytes / bufferBytes, 1, int.MaxValue);
    }

    /// <summary>The size of every buffer.</summary>
    public int BufferBytes { get; }

    /// <summary>How many buffers may be out at once.</summary>
    public int Capacity { get; }

    /// <summary>Buffers out now.</summary>
    public int Out
    {
        get
        {
            lock (_lock)
            {
                return _out;
            }
        }
    }

    /// <summary>The most buffers that were out at once.</summary>
    public int PeakOut
    {
        get
        {
            lock (_lock)
            {
                return _peakOut;
            }
        }
    }

    /// <summary>Buffers allocated so far (never more than <see cref="Capacity"/>).</summary>
    public int Allocated
    {
        get
        {
            lock (_lock)
            {
                return _allocated;
            }
        }
    }

    /// <summary>Renters waiting for a buffer.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>
    /// A buffer of <see cref="BufferBytes"/>, at once when fewer than <see cref="Capacity"/> are out, else when one
    /// comes back (first come, first served); give it back with <see cref="Return"/>.
    /// </summary>
    public ValueTask<byte[]> RentAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        LinkedListNode<TaskCompletionSource<byte[]>> waiter;
        lock (_lock)
        {
            if (_out < Capacity)
            {
                _out++;
                _peakOut = Math.Max(_peakOut, _out);
                if (_idle.TryPop(out var idle))
                {
                    return ValueTask.FromResult(idle);
                }

                _allocated++;
                return ValueTask.FromResult(GC.AllocateUninitializedArray<byte>(BufferBytes));
            }

            waiter = _waiters.AddLast(new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        return WaitAsync(waiter, cancellationToken);
    }

    private async ValueTask<byte[]> WaitAsync(LinkedListNode<TaskCompletionSource<byte[]>> waiter, CancellationToken cancellationToken)
    {
        await using (cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                // Still queued: nobody handed it a buffer, so it leaves with none.
                if (waiter.List is not null)
                {
                    _waiters.Remove(waiter);
                    waiter.Value.TrySetCanceled(cancellationToken);
                }
            }
        }))
        {
#pragma warning disable VSTHRD003 // The task completes from Return on any thread (continuations run asynchronously); nothing here depends on a context.
            return await waiter.Value.Task;
#pragma warning restore VSTHRD003
        }
    }

    /// <summary>Gives back a buffer from <see cref="RentAsync"/>: the first waiter gets it, else it waits idle for the next renter.</summary>
    public void Return(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Length != BufferBytes)
        {
            throw new ArgumentException("The buffer is not one of this pool's.", nameof(buffer));
        }

        TaskCompletionSource<byte[]>? next = null;
        lock (_lock)
        {
            if (_waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                next = first.Value;
            }
            else
            {
                _out--;
                _idle.Push(buffer);
            }
        }

        next?.SetResult(buffer);
    }
}
