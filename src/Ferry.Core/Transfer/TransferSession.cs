using Ferry.Core.Jobs;

namespace Ferry.Core.Transfer;

/// <summary>
/// One claimed unit at work: counts bytes, and at most every <see cref="TransferOptions.ProgressInterval"/> renews
/// the claim and reports progress (C2) for the drive being copied. Thread-safe: blocks of several blobs report at once.
/// </summary>
internal sealed class TransferSession(TransferClaim claim, JobKey key, TransferStore store, DataCentre dataCentre, TransferOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private long _bytes;
    private long _totalBytes;
    private string _driveId = claim.DriveId;
    private DateTimeOffset _lastTick = time.GetUtcNow();
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private long _sent;

    public TransferClaim Claim => claim;

    public JobKey Key => key;

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The claim's new expiry if renewed now.</summary>
    public DateTimeOffset LeaseExpiry => time.GetUtcNow() + options.LeaseDuration;

    /// <summary>Starts counting a drive: <paramref name="alreadyDone"/> bytes of <paramref name="totalBytes"/> were copied before.</summary>
    public void BeginDrive(string driveId, long alreadyDone, long totalBytes)
    {
        lock (_lock)
        {
            _driveId = driveId;
            _bytes = alreadyDone;
            _totalBytes = totalBytes;
        }
    }

    public void AddBytes(long count) => Interlocked.Add(ref _bytes, count);

    /// <summary>
    /// Counts <paramref name="count"/> bytes moved now and, under <see cref="TransferOptions.MaxBytesPerSecond"/>,
    /// waits (on the injected clock) until the average rate since the start is back under the cap.
    /// </summary>
    public async ValueTask ThrottleAsync(long count, CancellationToken cancellationToken)
    {
        if (options.MaxBytesPerSecond <= 0)
        {
            return;
        }

        var sent = Interlocked.Add(ref _sent, count);
        var due = _started + TimeSpan.FromSeconds((double)sent / options.MaxBytesPerSecond);
        var wait = due - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    /// <summary>Renews the claim and reports progress when the interval has passed; throws <see cref="LeaseLostException"/> when the claim lapsed.</summary>
    public async ValueTask TickAsync(CancellationToken cancellationToken)
    {
        string driveId;
        long bytes, total;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now - _lastTick < options.ProgressInterval)
            {
                return;
            }

            _lastTick = now;
            driveId = _driveId;
            bytes = Interlocked.Read(ref _bytes);
            total = _totalBytes;
        }

        if (!await store.RenewAsync(claim, LeaseExpiry, cancellationToken))
        {
            throw new LeaseLostException();
        }

        var percent = total <= 0 ? 0 : (int)Math.Min(99, bytes * 100 / total);
        await dataCentre.ReportProgressAsync(key, driveId, percent, bytes, total <= 0 ? null : total, Audit.Actor.TransferEngine, cancellationToken);
    }
}
