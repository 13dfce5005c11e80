using Ferry.Core.Jobs;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Workers;

/// <summary>Runs <see cref="JobSweeper"/> once per sweep interval, on the injected clock.</summary>
internal sealed partial class HousekeepingWorker(
    JobSweeper sweeper,
    IOptions<JobRulesOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<HousekeepingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sweeper.SweepOnceAsync(stoppingToken);
                await Task.Delay(options.Value.SweepInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The store is broken: stop the host rather than spin and look healthy.
                LogStoreFailure(e);
                lifetime.StopApplication();
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Housekeeping failed; the job store is unusable. Stopping the server.")]
    private partial void LogStoreFailure(Exception exception);
}
