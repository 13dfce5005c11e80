using Ferry.Core.Persistence;
using Ferry.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Workers;

/// <summary>
/// The leader leases of this instance: <see cref="LeaderLeaseStore"/> with this instance's owner id and the configured
/// lease duration, shared by every loop that runs once across the instances (<see cref="LoopWorker.LeaderLease"/>).
/// </summary>
internal sealed class LeaderLeases(LeaderLeaseStore store, InstanceIdentity instance, IOptions<WorkerOptions> options, FerryTelemetry telemetry)
{
    /// <summary>Reports the lease <paramref name="name"/> on <c>ferry.leader.leases</c> (docs/architecture.md §9): 1 while <paramref name="held"/>.</summary>
    public void Observe(string name, Func<bool> held) => telemetry.ObserveLease(name, held);

    /// <summary>This instance's name on its leases.</summary>
    public string Owner => instance.Id;

    /// <summary>How long a lease lasts without renewal.</summary>
    public TimeSpan Duration => options.Value.LeaderLeaseDuration;

    /// <summary>Takes or renews the lease; true when this instance holds it until <paramref name="now"/> + <see cref="Duration"/>.</summary>
    public Task<bool> TryAcquireAsync(string name, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.TryAcquireAsync(name, Owner, now, Duration, cancellationToken);

    /// <summary>Gives the lease up if this instance holds it.</summary>
    public Task ReleaseAsync(string name, CancellationToken cancellationToken) => store.ReleaseAsync(name, Owner, cancellationToken);
}
