using System.Diagnostics.Metrics;
using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Ferry.Core.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Ferry.Core.Telemetry;

/// <summary>
/// The gauges read from the database: <c>ferry.jobs</c> by state and <c>ferry.webhook.outbox.depth</c>. A scrape
/// (or an exporter's collection) reads both from one snapshot, counted at most once per <see cref="MaxAge"/> on the
/// injected clock: a Prometheus scraping every second costs one grouped count every five seconds, not one per
/// scrape. The counts are the database's, so every instance sharing it reports the same numbers. A count that fails
/// (the database is unreachable) leaves the last snapshot in place: a scrape never fails for it.
/// </summary>
public sealed class StoreGauges
{
    /// <summary>How long one snapshot serves.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private static readonly JobState[] _states = Enum.GetValues<JobState>();
    private readonly IDbContextFactory<FerryDbContext> _contexts;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private Snapshot? _snapshot;

    /// <summary>Registers both gauges on <paramref name="telemetry"/>'s meter.</summary>
    public StoreGauges(FerryTelemetry telemetry, IDbContextFactory<FerryDbContext> contexts, TimeProvider time)
    {
        _contexts = contexts;
        _time = time;
        telemetry.Meter.CreateObservableGauge("ferry.jobs", ObserveJobs, "{job}", "Jobs in the database by ferry.job.state (counted at most every 5 s).");
        telemetry.Meter.CreateObservableGauge("ferry.webhook.outbox.depth", ObserveOutbox, "{delivery}", "Webhook deliveries still pending (counted at most every 5 s).");
    }

    private IEnumerable<Measurement<long>> ObserveJobs()
    {
        var snapshot = Current();
        if (snapshot is null)
        {
            yield break;
        }

        foreach (var state in _states)
        {
            yield return new Measurement<long>(snapshot.Jobs.GetValueOrDefault(state), new KeyValuePair<string, object?>("ferry.job.state", state.ToString()));
        }
    }

    private IEnumerable<Measurement<long>> ObserveOutbox()
    {
        if (Current() is { } snapshot)
        {
            yield return new Measurement<long>(snapshot.Outbox);
        }
    }

    /// <summary>The snapshot, counted again when older than <see cref="MaxAge"/>; null when it never could be counted.</summary>
    private Snapshot? Current()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_snapshot is { } fresh && now - fresh.At < MaxAge)
            {
                return fresh;
            }

            try
            {
                // Synchronous on purpose: an observable instrument's callback cannot await, and both are one indexed
                // query, once per MaxAge.
                using var db = _contexts.CreateDbContext();
                var jobs = db.Jobs.AsNoTracking().GroupBy(j => j.State).Select(g => new { State = g.Key, Count = g.LongCount() }).ToList();
                var outbox = db.WebhookDeliveries.AsNoTracking().LongCount(d => d.Status == WebhookDeliveryStatus.Pending);
                _snapshot = new Snapshot(now, jobs.ToDictionary(j => j.State, j => j.Count), outbox);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                // Unreachable now: the last snapshot (if any) stands until the next try.
            }

            return _snapshot;
        }
    }

    private sealed record Snapshot(DateTimeOffset At, Dictionary<JobState, long> Jobs, long Outbox);
}
