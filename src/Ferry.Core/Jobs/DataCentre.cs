using Ferry.Core.Audit;
using Ferry.Core.Errors;
using Ferry.Core.Persistence;
using Ferry.Core.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Jobs;

/// <summary>
/// The data-centre steps of docs/lifecycle.md §6 (R1, R2, N1, N2, C1, C2, C3, S1): what operators, the emulator and the
/// transfer engine do to jobs. Each step reads the job, checks its preconditions (a 409 that says why, changing
/// nothing, when they do not hold), changes job and drives through the state machine, settles the automatic moves,
/// and writes the job with its audit entries in one guarded store call, retrying from the read on contention.
/// </summary>
public sealed partial class DataCentre(
    IJobStore store,
    ISecretProtector secrets,
    IOptions<JobRulesOptions> options,
    TimeProvider time,
    ILogger<DataCentre> logger)
{
    private const int MaxAttempts = 16;

    /// <summary>The job (unexpired, any account of the subscription), or 404.</summary>
    public async Task<Result<Job>> GetAsync(JobKey key, CancellationToken cancellationToken)
    {
        var job = await FindAsync(key, cancellationToken);
        return job is null ? NotFound(key) : job;
    }

    /// <summary>
    /// The job's audit trail, oldest first. When no such job exists any more (deleted, expired or reset), the trail of
    /// the most recent job that had the name: the chain of custody outlives the job. 404 when the name was never used.
    /// </summary>
    public async Task<Result<IReadOnlyList<AuditEntry>>> HistoryAsync(JobKey key, CancellationToken cancellationToken)
    {
        var jobId = (await FindAsync(key, cancellationToken))?.Id
            ?? await store.FindLatestAuditedJobIdOrNullAsync(key.Surface, key.SubscriptionId, key.ResourceGroupKey, key.NameKey, cancellationToken);
        if (jobId is not { } id)
        {
            return NotFound(key);
        }

        return Result<IReadOnlyList<AuditEntry>>.FromValue(await store.ListAuditAsync(id, cancellationToken));
    }

    /// <summary>Deletes every job of the subscription on every surface (the emulator's reset); returns how many.</summary>
    public async Task<int> ResetAsync(string subscriptionId, Actor actor, CancellationToken cancellationToken)
    {
        var count = await store.DeleteSubscriptionJobsAsync(subscriptionId, actor, time.GetUtcNow(), cancellationToken);
        LogReset(subscriptionId, count);
        return count;
    }

    /// <summary>
    /// Reads the job, runs <paramref name="step"/> on it and writes the result with the step's audit entries. The step
    /// returns an error to refuse (nothing is written). Automatic moves are settled after the step.
    /// </summary>
    internal async Task<Result<Job>> ChangeAsync(JobKey key, Actor actor, Func<Job, JobChangeLog, FerryError?> step, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var job = await FindAsync(key, cancellationToken);
            if (job is null)
            {
                return NotFound(key);
            }

            var expected = job.LastModifiedAt;
            var now = time.GetUtcNow();
            var log = new JobChangeLog(job, actor, now);
            if (step(job, log) is { } refused)
            {
                return refused;
            }

            JobProgression.Settle(job, log);
            job.LastModifiedAt = JobETag.Next(now, expected);
            if (await store.UpdateJobAsync(job, expected, log.Entries, cancellationToken))
            {
                foreach (var entry in log.Entries.Where(e => e.IsStateChange))
                {
                    LogChange(job.Name, entry.DriveId ?? "-", entry.OldState ?? "-", entry.NewState ?? "-", actor.Name);
                }

                return job;
            }
        }

        return FerryErrors.StateConflict("The job changed concurrently too many times; retry the request.");
    }

    /// <summary><see cref="ChangeAsync"/> for a step on one drive: a 404 naming the drive when the job has no such drive.</summary>
    internal Task<Result<Job>> ChangeDriveAsync(JobKey key, string driveId, Actor actor, Func<Job, Drive, JobChangeLog, FerryError?> step, CancellationToken cancellationToken) =>
        ChangeAsync(key, actor, (job, log) => FindDrive(job, driveId) is { } drive ? step(job, drive, log) : NoDrive(job, driveId), cancellationToken);

    private async Task<Job?> FindAsync(JobKey key, CancellationToken cancellationToken)
    {
        var job = await store.FindJobOrNullAsync(key.Surface, key.SubscriptionId, key.ResourceGroupKey, key.NameKey, cancellationToken);
        return job is null || !key.AccountMatches(job) || ExpiryCutoffs.At(time.GetUtcNow(), options.Value).IsExpired(job) ? null : job;
    }

    private static FerryError NotFound(JobKey key) =>
        new(FerryErrors.NotFound, $"Job '{key.Name}' was not found in subscription '{key.SubscriptionId}'.", "job");

    private static FerryError NoDrive(Job job, string driveId) =>
        new(FerryErrors.NotFound, $"Job '{job.Name}' has no drive '{driveId}'.", "driveId");

    private static Drive? FindDrive(Job job, string driveId) =>
        job.Drives.FirstOrDefault(d => string.Equals(d.DriveId, driveId, StringComparison.OrdinalIgnoreCase));

    private static FerryError Refuse(string message) => FerryErrors.StateConflict(message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobName} drive {DriveId}: {OldState} -> {NewState} by {Actor}")]
    private partial void LogChange(string jobName, string driveId, string oldState, string newState, string actor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reset: deleted {Count} job(s) of subscription {SubscriptionId}")]
    private partial void LogReset(string subscriptionId, int count);
}
