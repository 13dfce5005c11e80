using Ferry.Core.Audit;
using Ferry.Core.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Jobs;

/// <summary>
/// The time rules: T1 (Creating jobs deleted 2 weeks after their last touch), T2 (drives still expected 2 weeks
/// after their job entered Shipping become NeverReceived) and T3 (Completed and Closed jobs purged 90 days after
/// they finished). One pass per call; the housekeeping worker loops it.
/// </summary>
public sealed partial class JobSweeper(IJobStore store, DataCentre dataCentre, IOptions<JobRulesOptions> options, TimeProvider time, ILogger<JobSweeper> logger)
{
    /// <summary>Applies every time rule at the current instant; returns how many jobs were deleted.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var deleted = await store.DeleteExpiredJobsAsync(ExpiryCutoffs.At(now, options.Value), now, cancellationToken);
        if (deleted > 0)
        {
            LogSwept(deleted);
        }

        await dataCentre.MarkOverdueDrivesAsync(now - options.Value.NeverReceivedAfter, Actor.Sweeper, cancellationToken);
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired job(s)")]
    private partial void LogSwept(int count);
}
