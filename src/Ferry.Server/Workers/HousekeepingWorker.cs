using Ferry.Core.Jobs;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Workers;

/// <summary>
/// Runs <see cref="JobSweeper"/> (the time rules T1, T2, T3) once per sweep interval, on the injected clock, on one
/// instance at a time (leader lease <see cref="LeaseName"/>).
/// </summary>
internal sealed class HousekeepingWorker(
    JobSweeper sweeper,
    IOptions<JobRulesOptions> options,
    LeaderLeases leases,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<HousekeepingWorker> logger) : LoopWorker(time, lifetime, logger, leases)
{
    /// <summary>The name of the sweeper's leader lease.</summary>
    public const string LeaseName = "sweeper";

    protected override string? LeaderLease => LeaseName;

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        await sweeper.SweepOnceAsync(cancellationToken);
        return options.Value.SweepInterval;
    }
}
