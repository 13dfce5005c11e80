using Ferry.Core.Audit;
using Ferry.Core.Jobs;
using Ferry.Core.Subscriptions;

namespace Ferry.Core.Persistence;

/// <summary>
/// The narrow persistence contract of the job engine, written once on EF Core (<see cref="JobStore"/>).
/// Jobs returned are detached snapshots; writes are atomic and guarded by <see cref="Job.LastModifiedAt"/>.
/// </summary>
public interface IJobStore
{
    /// <summary>The job with this resource-group key (empty on classic) and name key, with its drives, or null. Expired jobs are returned too.</summary>
    Task<Job?> FindJobOrNullAsync(ApiSurface surface, string subscriptionId, string resourceGroupKey, string nameKey, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts a new job with its drives, unless the subscription already has <paramref name="maxActiveJobs"/>
    /// active, unexpired jobs on the surface or the name is taken. Check, insert and <paramref name="audit"/> are one
    /// atomic step.
    /// </summary>
    Task<InsertOutcome> InsertJobAsync(Job job, int maxActiveJobs, ExpiryCutoffs cutoffs, IReadOnlyList<AuditEntry> audit, CancellationToken cancellationToken);

    /// <summary>
    /// Writes every member of <paramref name="job"/> if its stored <see cref="Job.LastModifiedAt"/> still equals
    /// <paramref name="expectedLastModified"/>. Drives with Id 0 are inserted and stored drives missing from
    /// <see cref="Job.Drives"/> are deleted. The audit entries (and the webhook outbox rows of their state changes)
    /// are written in the same transaction. Returns false, changing nothing, when the job changed or vanished.
    /// </summary>
    Task<bool> UpdateJobAsync(Job job, DateTimeOffset expectedLastModified, IReadOnlyList<AuditEntry> audit, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the job and its drives if it is unchanged since <paramref name="expectedLastModified"/>, appending
    /// <paramref name="audit"/> in the same transaction. Returns false, changing nothing, otherwise.
    /// </summary>
    Task<bool> DeleteJobAsync(Job job, DateTimeOffset expectedLastModified, IReadOnlyList<AuditEntry> audit, CancellationToken cancellationToken);

    /// <summary>One keyset page of unexpired jobs, without drives.</summary>
    Task<JobListPage> ListJobsAsync(JobListQuery query, ExpiryCutoffs cutoffs, CancellationToken cancellationToken);

    /// <summary>
    /// One keyset page of the operator's search across subscriptions and surfaces (docs/operator-api.md §1.1), newest
    /// first, with drives. Jobs past their deadline are included until the sweeper deletes them.
    /// </summary>
    Task<JobSearchPage> SearchJobsAsync(JobSearchQuery query, CancellationToken cancellationToken);

    /// <summary>How many jobs match <paramref name="query"/> (its paging members ignored), per state; states without a match are absent.</summary>
    Task<IReadOnlyDictionary<JobState, int>> CountJobsByStateAsync(JobSearchQuery query, CancellationToken cancellationToken);

    /// <summary>Every drive in <see cref="DriveState.Transferring"/>, oldest copy first, with its job and the worker whose claim is unexpired at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<DriveInTransfer>> ListDrivesInTransferAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Distinct storage account names of the subscription's unexpired jobs on the surface, ordered.</summary>
    Task<IReadOnlyList<string>> ListStorageAccountsAsync(ApiSurface surface, string subscriptionId, ExpiryCutoffs cutoffs, CancellationToken cancellationToken);

    /// <summary>Deletes every job past a deadline, recording an <c>Expire</c> entry for each; returns how many.</summary>
    Task<int> DeleteExpiredJobsAsync(ExpiryCutoffs cutoffs, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes every job of the subscription on every surface, recording a <c>Reset</c> entry for each; returns how many.</summary>
    Task<int> DeleteSubscriptionJobsAsync(string subscriptionId, Actor actor, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The audit trail of the job with store key <paramref name="jobId"/>, oldest first; empty when there is none.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(long jobId, CancellationToken cancellationToken);

    /// <summary>
    /// The store key of the most recent job with this name key that has audit entries, deleted or not; null when no
    /// job of that name was ever recorded.
    /// </summary>
    Task<long?> FindLatestAuditedJobIdOrNullAsync(ApiSurface surface, string subscriptionId, string resourceGroupKey, string nameKey, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="max"/> jobs (with drives) in one of <paramref name="states"/>, on every surface and
    /// subscription, with store keys above <paramref name="afterId"/>, in key order: the background loops' work list.
    /// </summary>
    Task<IReadOnlyList<Job>> ListJobsInStatesAsync(IReadOnlyCollection<JobState> states, long afterId, int max, CancellationToken cancellationToken);

    /// <summary>The subscription, or null.</summary>
    Task<Subscription?> FindSubscriptionOrNullAsync(string subscriptionId, CancellationToken cancellationToken);

    /// <summary>The certificate registration with this thumbprint (upper-case hex), or null.</summary>
    Task<ManagementCertificate?> FindCertificateOrNullAsync(string thumbprint, CancellationToken cancellationToken);

    /// <summary>All subscriptions with their certificates, ordered by id.</summary>
    Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Creates the subscription if missing and registers the certificate for it. Returns false when the thumbprint
    /// is already registered to another subscription (nothing changes).
    /// </summary>
    Task<bool> RegisterCertificateAsync(string subscriptionId, ManagementCertificate certificate, DateTimeOffset now, CancellationToken cancellationToken);
}
