using Ferry.Core.Jobs;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Workers;

/// <summary>Runs <see cref="JobSweeper"/> (the time rules T1, T2, T3) once per sweep interval, on the injected clock.</summary>
internal sealed class HousekeepingWorker(
    JobSweeper sweeper,
    IOptions<JobRulesOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<HousekeepingWorker> logger) : LoopWorker(time, lifetime, logger)
{
    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        await sweeper.SweepOnceAsync(cancellationToken);
        return options.Value.SweepInterval;
    }
}
