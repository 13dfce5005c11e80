namespace Ferry.Core.Transfer;

/// <summary>
/// The done blobs' checkpoints of one transfer, written in batches (docs/architecture.md §11.4): a batch goes to the
/// store, in one transaction, when it holds <see cref="Size"/> blobs or when <paramref name="interval"/> has passed since
/// the last write, and whatever is left at <see cref="FlushAsync"/>. A blob finished but not yet written is copied again
/// after a crash, to the target its decision (written before its first byte) named: the same bytes to the same name,
/// never a second copy. Thread-safe.
/// </summary>
internal sealed class CheckpointBatch(TransferSession session, TransferStore store, TimeSpan interval) : IDisposable
{
    /// <summary>The most finished blobs held before they are written.</summary>
    public const int Size = 64;

    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly Lock _lock = new();
    private List<TransferItem> _items = [];
    private long _lastWrite = session.Time.GetTimestamp();

    /// <summary>Adds a finished blob's checkpoint; writes the batch when it is due.</summary>
    public async ValueTask AddAsync(TransferItem item, CancellationToken cancellationToken)
    {
        bool due;
        lock (_lock)
        {
            _items.Add(item);
            due = _items.Count >= Size || session.Time.GetElapsedTime(_lastWrite) >= interval;
        }

        if (due)
        {
            await FlushAsync(cancellationToken);
        }
    }

    /// <summary>Writes every checkpoint added so far; throws <see cref="LeaseLostException"/> when the claim lapsed.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            List<TransferItem> items;
            lock (_lock)
            {
                items = _items;
                _items = [];
                _lastWrite = session.Time.GetTimestamp();
            }

            if (items.Count > 0 && !await store.UpsertItemsAsync(session.Claim, items, session.LeaseExpiry, cancellationToken))
            {
                throw new LeaseLostException();
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    public void Dispose() => _writing.Dispose();
}
