using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ferry.Core.Telemetry;

/// <summary>
/// Ferry's own traces and metrics (docs/architecture.md §9): one <see cref="ActivitySource"/> and one
/// <see cref="Meter"/>, both named <see cref="Name"/>, and every instrument the server and the engine record on. The
/// meter comes from the host's <see cref="IMeterFactory"/>, so a listener can tell one server's measurements from
/// another's in the same process (<see cref="Meter.Scope"/>). Recording on an instrument nobody listens to costs a
/// branch: with telemetry off, nothing is collected. The factory owns the meter and disposes it with the host.
/// </summary>
public sealed class FerryTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "Ferry";

    /// <summary>The name of a drive copy's span.</summary>
    public const string TransferSpan = "ferry.transfer";

    private readonly Meter _meter;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Func<bool>> _leases = new(StringComparer.Ordinal);

    /// <summary>Creates the meter on <paramref name="meters"/> and every instrument on it.</summary>
    public FerryTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Name);
        TransferBytes = _meter.CreateCounter<long>("ferry.transfer.bytes", "By", "Bytes copied between drives and blob storage.");
        TransferDuration = _meter.CreateHistogram<double>("ferry.transfer.duration", "s", "How long one drive's copy took, from its claim to its outcome.");
        TransferThroughput = _meter.CreateHistogram<double>("ferry.transfer.throughput", "By/s", "A finished drive copy's average rate: its bytes over its duration.");
        DrivesInTransfer = _meter.CreateUpDownCounter<long>("ferry.transfer.active", "{drive}", "Drives (an export job: the job) being copied by this instance now.");
        BlocksVerified = _meter.CreateCounter<long>("ferry.transfer.blocks.verified", "{block}", "Import blocks and page ranges whose MD5 matched the manifest.");
        BlocksFailed = _meter.CreateCounter<long>("ferry.transfer.blocks.failed", "{block}", "Import blocks and page ranges that failed: corrupted, cut short, or refused by the blob service.");
        WebhookDeliveries = _meter.CreateCounter<long>("ferry.webhook.deliveries", "{delivery}", "Webhook delivery attempts by outcome: delivered, retry, failed.");
        WriteGateWait = _meter.CreateHistogram<double>("ferry.sqlite.write_gate.wait", "s", "How long a SQLite write waited for the one-writer gate.");
        _meter.CreateObservableGauge("ferry.leader.leases", ObserveLeases, "{lease}", "1 for each leader lease this instance holds, by lease; 0 while another instance holds it.");
    }

    /// <summary>Ferry's spans: a drive copy (<see cref="TransferSpan"/>); blob calls are the HttpClient's child spans.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>The meter every instrument belongs to (also for gauges registered elsewhere, e.g. <see cref="StoreGauges"/>).</summary>
    public Meter Meter => _meter;

    /// <summary><c>ferry.transfer.bytes</c> by <c>ferry.job.type</c>.</summary>
    public Counter<long> TransferBytes { get; }

    /// <summary><c>ferry.transfer.duration</c> by <c>ferry.job.type</c> and <c>ferry.copy_status</c>.</summary>
    public Histogram<double> TransferDuration { get; }

    /// <summary><c>ferry.transfer.throughput</c> by <c>ferry.job.type</c>.</summary>
    public Histogram<double> TransferThroughput { get; }

    /// <summary><c>ferry.transfer.active</c> by <c>ferry.job.type</c>.</summary>
    public UpDownCounter<long> DrivesInTransfer { get; }

    /// <summary><c>ferry.transfer.blocks.verified</c>.</summary>
    public Counter<long> BlocksVerified { get; }

    /// <summary><c>ferry.transfer.blocks.failed</c> by <c>ferry.block.status</c>.</summary>
    public Counter<long> BlocksFailed { get; }

    /// <summary><c>ferry.webhook.deliveries</c> by <c>ferry.webhook.outcome</c>.</summary>
    public Counter<long> WebhookDeliveries { get; }

    /// <summary><c>ferry.sqlite.write_gate.wait</c>.</summary>
    public Histogram<double> WriteGateWait { get; }

    /// <summary>Reports the leader lease <paramref name="name"/> on <c>ferry.leader.leases</c>, held while <paramref name="held"/> says so.</summary>
    public void ObserveLease(string name, Func<bool> held)
    {
        lock (_lock)
        {
            _leases[name] = held;
        }
    }

    private List<Measurement<long>> ObserveLeases()
    {
        lock (_lock)
        {
            return [.. _leases.Select(l => new Measurement<long>(l.Value() ? 1 : 0, new KeyValuePair<string, object?>("ferry.lease", l.Key)))];
        }
    }
}
