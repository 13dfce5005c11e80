using Ferry.Core.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Jobs;

/// <summary>
/// The time rules that delete jobs: T1 (Creating jobs 2 weeks after their last touch) and T3 (Completed and
/// Closed jobs 90 days after they finished). One pass per call; the housekeeping worker loops it.
/// </summary>
public sealed partial class JobSweeper(IJobStore store, IOptions<JobRulesOptions> options, TimeProvider time, ILogger<JobSweeper> logger)
{
    /// <summary>Deletes every job past its deadline at the current instant; returns how many.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteExpiredJobsAsync(ExpiryCutoffs.At(time.GetUtcNow(), options.Value), cancellationToken);
        if (deleted > 0)
        {
            LogSwept(deleted);
        }

        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired job(s)")]
    private partial void LogSwept(int count);
}
