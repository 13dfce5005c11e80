using Ferry.Core.Audit;
using Microsoft.Extensions.Logging;

namespace Ferry.Core.Jobs;

/// <summary>Time rule T2: drives that never arrived.</summary>
public sealed partial class DataCentre
{
    private static readonly JobState[] _awaitingDrives = [JobState.Shipping, JobState.Received, JobState.Transferring];

    // Export jobs already alerted by this process: T2 changes nothing on them, so the alert is logged once.
    private readonly HashSet<long> _alerted = [];

    /// <summary>
    /// T2: every drive still Specified in a job that entered Shipping at or before <paramref name="shippedBefore"/>
    /// becomes NeverReceived (the job stays where it is, or settles), and operators are alerted in the log. An
    /// export job has no listed drives: it is only alerted. Returns how many drives were marked.
    /// </summary>
    public async Task<int> MarkOverdueDrivesAsync(DateTimeOffset shippedBefore, Actor actor, CancellationToken cancellationToken)
    {
        var marked = 0;
        long after = 0;
        while (true)
        {
            var page = await store.ListJobsInStatesAsync(_awaitingDrives, after, 500, cancellationToken);
            if (page.Count == 0)
            {
                return marked;
            }

            after = page[^1].Id;
            foreach (var job in page.Where(j => j.ShippingAt <= shippedBefore))
            {
                if (job.Type == JobType.Export)
                {
                    if (job.State == JobState.Shipping && _alerted.Add(job.Id))
                    {
                        LogOverdueExport(job.Name, job.SubscriptionId);
                    }

                    continue;
                }

                var overdue = job.Drives.Count(d => d.State == DriveState.Specified);
                if (overdue == 0)
                {
                    continue;
                }

                var result = await ChangeAsync(JobKey.Of(job), actor, (current, log) =>
                {
                    foreach (var drive in current.Drives.Where(d => d.State == DriveState.Specified))
                    {
                        log.MoveDrive(drive, DriveState.NeverReceived, AuditAction.NeverReceived, "not received within the deadline");
                    }

                    return null;
                }, cancellationToken);
                if (result.IsSuccess)
                {
                    marked += overdue;
                    LogOverdue(job.Name, job.SubscriptionId, overdue);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobName} of subscription {SubscriptionId}: {Count} drive(s) never received within the deadline; operators should follow up")]
    private partial void LogOverdue(string jobName, string subscriptionId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export job {JobName} of subscription {SubscriptionId}: no drives received within the deadline; operators should follow up")]
    private partial void LogOverdueExport(string jobName, string subscriptionId);
}
