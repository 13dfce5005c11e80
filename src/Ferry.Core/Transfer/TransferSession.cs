using System.Diagnostics;
using Ferry.Core.Jobs;
using Ferry.Core.Telemetry;

namespace Ferry.Core.Transfer;

/// <summary>
/// One claimed unit at work: counts bytes, and at most every <see cref="TransferOptions.ProgressInterval"/> renews
/// the claim and reports progress (C2) for the drive being copied. Thread-safe: blocks of several blobs report at once.
/// It also records the unit's telemetry (docs/architecture.md §9): bytes moved, blocks verified and failed, and the
/// span the unit runs in.
/// </summary>
internal sealed class TransferSession(TransferClaim claim, JobKey key, TransferStore store, DataCentre dataCentre, TransferOptions options, TimeProvider time,
    FerryTelemetry telemetry, JobType type)
{
    private readonly KeyValuePair<string, object?> _typeTag = new("ferry.job.type", type == JobType.Export ? "export" : "import");
    private long _driveStarted = time.GetTimestamp();
    private long _blocksVerified;
    private long _blocksFailed;
    private readonly Lock _lock = new();
    private long _bytes;
    private long _totalBytes;
    private string _driveId = claim.DriveId;
    private DateTimeOffset _lastTick = time.GetUtcNow();
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private long _sent;

    public TransferClaim Claim => claim;

    /// <summary>The engine's clock.</summary>
    public TimeProvider Time => time;

    public JobKey Key => key;

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The unit's span (null when nobody listens).</summary>
    public Activity? Span { get; set; }

    public FerryTelemetry Telemetry => telemetry;

    /// <summary>The <c>ferry.job.type</c> tag of the unit's measurements.</summary>
    public KeyValuePair<string, object?> TypeTag => _typeTag;

    /// <summary>How long the current drive has been copying (since the claim, or since <see cref="BeginDrive"/>).</summary>
    public TimeSpan DriveElapsed => time.GetElapsedTime(Interlocked.Read(ref _driveStarted));

    /// <summary>Blocks (and page ranges) of the unit whose MD5 matched.</summary>
    public long BlocksVerified => Interlocked.Read(ref _blocksVerified);

    /// <summary>Blocks (and page ranges) of the unit that failed.</summary>
    public long BlocksFailed => Interlocked.Read(ref _blocksFailed);

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
            Interlocked.Exchange(ref _driveStarted, time.GetTimestamp());
        }
    }

    /// <summary>Counts <paramref name="count"/> bytes done; <paramref name="moved"/>: sent now (not found already staged), so on <c>ferry.transfer.bytes</c> too.</summary>
    public void AddBytes(long count, bool moved = true)
    {
        Interlocked.Add(ref _bytes, count);
        if (moved)
        {
            telemetry.TransferBytes.Add(count, _typeTag);
        }
    }

    /// <summary>A block whose MD5 matched the manifest.</summary>
    public void BlockVerified()
    {
        Interlocked.Increment(ref _blocksVerified);
        telemetry.BlocksVerified.Add(1, _typeTag);
    }

    /// <summary>A block that failed with <paramref name="status"/> (a copy log status).</summary>
    public void BlockFailed(string status)
    {
        Interlocked.Increment(ref _blocksFailed);
        telemetry.BlocksFailed.Add(1, _typeTag, new KeyValuePair<string, object?>("ferry.block.status", status));
    }

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
