using Ferry.Core.Audit;
using Ferry.Core.Jobs;
using Ferry.Core.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Ferry.Core.Persistence;

/// <summary>
/// <see cref="IJobStore"/> on EF Core, written once for every provider. Each call uses its own short-lived context.
/// </summary>
public sealed partial class JobStore(
    IDbContextFactory<FerryDbContext> contexts, IStoreWriteGate writeGate, JobChangeSignal signal, JobSnapshotCache? cache = null, IJobRowReader? rows = null) : IJobStore
{
    // The hottest read (every Get, Update and Delete): compiled once, so no per-call expression work.
    // Two small statements prepare faster in SQLite than one join that carries both tables' columns, and SQLite has no
    // round trip to save; a shared database (no snapshot cache) reads the job and its drives in one statement, one
    // round trip (docs/architecture.md §11.2).
    // Per store, not static: a compiled query runs only on the model it was compiled for, and one process may hold a
    // SQLite and a PostgreSQL store (the tests that run every store test on both backends).
    private readonly JobCountCache _counts = new();
    private readonly GroupCommitWriter _writer = new(contexts, writeGate);

    private readonly Func<FerryDbContext, ApiSurface, string, string, string, CancellationToken, Task<Job?>> _findJobWithDrives =
        EF.CompileAsyncQuery((FerryDbContext db, ApiSurface surface, string subscriptionId, string resourceGroupKey, string nameKey, CancellationToken _) =>
            db.Jobs.AsNoTracking().AsSingleQuery().Include(j => j.Drives.OrderBy(d => d.Ordinal))
                .SingleOrDefault(j => j.Surface == surface && j.SubscriptionId == subscriptionId && j.ResourceGroupKey == resourceGroupKey && j.NameKey == nameKey));

    private readonly Func<FerryDbContext, ApiSurface, string, string, string, CancellationToken, Task<Job?>> _findJob =
        EF.CompileAsyncQuery((FerryDbContext db, ApiSurface surface, string subscriptionId, string resourceGroupKey, string nameKey, CancellationToken _) =>
            db.Jobs.AsNoTracking()
                .SingleOrDefault(j => j.Surface == surface && j.SubscriptionId == subscriptionId && j.ResourceGroupKey == resourceGroupKey && j.NameKey == nameKey));

    // Read by every create behind the write gate: compiled once (an uncompiled query re-walks its expression each time).
    private readonly Func<FerryDbContext, ApiSurface, string, CancellationToken, Task<int>> _maintainedActiveJobs =
        EF.CompileAsyncQuery((FerryDbContext db, ApiSurface surface, string subscriptionId, CancellationToken _) =>
            db.SubscriptionVersions.Where(v => v.Surface == surface && v.SubscriptionId == subscriptionId).Select(v => v.ActiveJobs).FirstOrDefault());

    private readonly Func<FerryDbContext, long, IAsyncEnumerable<Drive>> _drivesOf =
        EF.CompileAsyncQuery((FerryDbContext db, long jobId) => db.Drives.AsNoTracking().Where(d => d.JobId == jobId).OrderBy(d => d.Ordinal).AsQueryable());

    /// <inheritdoc />
    public async Task<Job?> FindJobOrNullAsync(ApiSurface surface, string subscriptionId, string resourceGroupKey, string nameKey, CancellationToken cancellationToken)
    {
        if (cache?.TryGet(surface, subscriptionId, resourceGroupKey, nameKey) is { } cached)
        {
            return cached;
        }

        if (rows is not null)
        {
            // A provider's prepared statement (SQLite): no context, no command built per call (docs/architecture.md §11.9).
            cancellationToken.ThrowIfCancellationRequested();
            var versionAtRead = cache?.Version ?? 0;
            var read = rows.Read(surface, subscriptionId, resourceGroupKey, nameKey);
            if (read is not null)
            {
                cache?.Offer(read, versionAtRead);
            }

            return read;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (cache is null)
        {
            return await _findJobWithDrives(db, surface, subscriptionId, resourceGroupKey, nameKey, cancellationToken);
        }

        var version = cache.Version;
        var job = await _findJob(db, surface, subscriptionId, resourceGroupKey, nameKey, cancellationToken);
        if (job is not null)
        {
            await foreach (var drive in _drivesOf(db, job.Id).WithCancellation(cancellationToken))
            {
                job.Drives.Add(drive);
            }

            cache.Offer(job, version);
        }

        return job;
    }

    /// <inheritdoc />
    public async Task<InsertOutcome> InsertJobAsync(Job job, int maxActiveJobs, ExpiryCutoffs cutoffs, IReadOnlyList<AuditEntry> audit, CancellationToken cancellationToken)
    {
        InsertOutcome outcome;
        try
        {
            outcome = await _writer.RunAsync(
                (db, ct) => InsertAsync(db, job, maxActiveJobs, cutoffs, audit, ct),
                inserted =>
                {
                    if (inserted == InsertOutcome.Inserted)
                    {
                        cache?.Invalidate(job);
                        signal.Notify();
                    }
                },
                cancellationToken);
        }
        catch
        {
            ForgetKeys(job); // Nothing was stored: keys handed out inside a failed transaction mean nothing.
            throw;
        }

        if (outcome != InsertOutcome.Inserted)
        {
            ForgetKeys(job);
        }

        return outcome;
    }

    private static void ForgetKeys(Job job)
    {
        job.Id = 0;
        foreach (var drive in job.Drives)
        {
            drive.Id = 0;
            drive.JobId = 0;
        }
    }

    /// <inheritdoc />
    public async Task<bool> UpdateJobAsync(Job job, DateTimeOffset expectedLastModified, IReadOnlyList<AuditEntry> audit, CancellationToken cancellationToken)
    {
        try
        {
            return await _writer.RunAsync(
                (db, ct) => UpdateAsync(db, job, expectedLastModified, audit, ct),
                updated =>
                {
                    cache?.Invalidate(job);
                    if (updated)
                    {
                        signal.Notify();
                    }
                },
                cancellationToken);
        }
        catch
        {
            cache?.Invalidate(job);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteJobAsync(Job job, DateTimeOffset expectedLastModified, IReadOnlyList<AuditEntry> audit, CancellationToken cancellationToken) =>
        _writer.RunAsync(
            (db, ct) => DeleteAsync(db, job, expectedLastModified, audit, ct),
            deleted =>
            {
                cache?.Invalidate(job); // Only this job: clearing every entry on each delete emptied the cache under a stream of deletes.
                if (deleted)
                {
                    signal.Notify();
                }
            },
            cancellationToken);

    /// <summary>
    /// The count of the active-job limit: the subscription's maintained count (<see cref="SubscriptionVersion.ActiveJobs"/>,
    /// one primary-key read), which can only overstate; only when it reaches the limit, the exact count, which leaves
    /// out jobs still in Creating past their touch deadline.
    /// </summary>
    private async Task<bool> LimitReachedAsync(FerryDbContext db, Job job, int maxActiveJobs, ExpiryCutoffs cutoffs, CancellationToken cancellationToken)
    {
        var maintained = await _maintainedActiveJobs(db, job.Surface, job.SubscriptionId, cancellationToken);
        if (maintained < maxActiveJobs)
        {
            return false;
        }

        var active = await db.Jobs
            .Where(j => j.Surface == job.Surface && j.SubscriptionId == job.SubscriptionId
                && j.State != JobState.Completed && j.State != JobState.Closed
                && !(j.State == JobState.Creating && j.LastTouchedAt <= cutoffs.CreatingTouchedBefore))
            .Take(maxActiveJobs) // Only whether the limit is reached matters: count no further.
            .CountAsync(cancellationToken);
        return active >= maxActiveJobs;
    }

    private async Task<GroupCommitWriter.Outcome<InsertOutcome>> InsertAsync(
        FerryDbContext db, Job job, int maxActiveJobs, ExpiryCutoffs cutoffs, IReadOnlyList<AuditEntry> audit, CancellationToken cancellationToken)
    {
        await db.LockSubscriptionForInsertAsync(job.SubscriptionId, cancellationToken);
        if (await LimitReachedAsync(db, job, maxActiveJobs, cutoffs, cancellationToken))
        {
            return new(InsertOutcome.LimitReached, Keep: false);
        }

        db.Jobs.Add(job);
        StampSearchKeys(db, job);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e))
        {
            return new(InsertOutcome.NameTaken, Keep: false);
        }

        await BumpVersionAsync(db, job.Surface, job.SubscriptionId, JobTransitions.IsActive(job.State) ? 1 : 0, cancellationToken);
        await AppendAuditAsync(db, job, audit, cancellationToken);
        return new(InsertOutcome.Inserted, Keep: true);
    }

    private static async Task<GroupCommitWriter.Outcome<bool>> UpdateAsync(
        FerryDbContext db, Job job, DateTimeOffset expectedLastModified, IReadOnlyList<AuditEntry> audit, CancellationToken cancellationToken)
    {
        // The job's row first, as a delete takes it: it checks the write still applies (a job deleted or changed meanwhile
        // is a lost race, before any drive is touched) and holds the row lock, so that an update and a delete racing on
        // PostgreSQL lock the job before its drives in the same order and cannot deadlock.
        var jobId = job.Id;
        if (await db.Jobs.Where(j => j.Id == jobId && j.LastModifiedAt == expectedLastModified)
                .ExecuteUpdateAsync(set => set.SetProperty(j => j.LastModifiedAt, j => j.LastModifiedAt), cancellationToken) == 0)
        {
            return new(false, Keep: false);
        }

        // The stored state, under the row lock just taken: whether the write changes the job's activeness.
        var wasActive = JobTransitions.IsActive(await db.Jobs.Where(j => j.Id == jobId).Select(j => j.State).FirstAsync(cancellationToken));

        var keep = job.Drives.Where(d => d.Id != 0).Select(d => d.Id).ToList();
        await db.Drives.Where(d => d.JobId == job.Id && !keep.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);

        var entry = db.Jobs.Attach(job);
        entry.State = EntityState.Modified;
        entry.Property(j => j.LastModifiedAt).OriginalValue = expectedLastModified;
        foreach (var drive in job.Drives)
        {
            drive.JobId = job.Id;
            db.Entry(drive).State = drive.Id == 0 ? EntityState.Added : EntityState.Modified;
        }

        StampSearchKeys(db, job);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(false, Keep: false);
        }

        var delta = (JobTransitions.IsActive(job.State) ? 1 : 0) - (wasActive ? 1 : 0);
        await BumpVersionAsync(db, job.Surface, job.SubscriptionId, delta, cancellationToken);
        await AppendAuditAsync(db, job, audit, cancellationToken);
        return new(true, Keep: true);
    }

    private static async Task<GroupCommitWriter.Outcome<bool>> DeleteAsync(
        FerryDbContext db, Job job, DateTimeOffset expectedLastModified, IReadOnlyList<AuditEntry> audit, CancellationToken cancellationToken)
    {
        var jobId = job.Id;

        // The stored state, read under the same condition as the delete: the row is the version the caller read.
        var state = await db.Jobs.Where(j => j.Id == jobId && j.LastModifiedAt == expectedLastModified)
            .Select(j => (JobState?)j.State).FirstOrDefaultAsync(cancellationToken);
        var deleted = state is not null
            && await db.Jobs.Where(j => j.Id == jobId && j.LastModifiedAt == expectedLastModified).ExecuteDeleteAsync(cancellationToken) == 1;
        if (!deleted)
        {
            return new(false, Keep: false);
        }

        await db.Drives.Where(d => d.JobId == jobId).ExecuteDeleteAsync(cancellationToken);
        await BumpVersionAsync(db, job.Surface, job.SubscriptionId, JobTransitions.IsActive(state!.Value) ? -1 : 0, cancellationToken);
        await AppendAuditAsync(db, job, audit, cancellationToken);
        return new(true, Keep: true);
    }

    /// <inheritdoc />
    public async Task<JobListPage> ListJobsAsync(JobListQuery query, ExpiryCutoffs cutoffs, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var matches = Filter(db.Jobs.AsNoTracking(), query, cutoffs);
        int? total = null;
        if (query.IncludeTotal)
        {
            total = await CountAsync(db, matches, query, cutoffs, cancellationToken);
        }

        var page = matches;
        if (query.AfterNameKey is { } after)
        {
            // Across resource groups (ARM by subscription) the order is (group, name); within one group, or on the
            // classic surface where the group is always empty, the name alone.
            page = query.AfterResourceGroupKey is { } afterGroup && query.ResourceGroupKey is null
                ? page.Where(j => string.Compare(j.ResourceGroupKey, afterGroup) > 0
                    || (j.ResourceGroupKey == afterGroup && string.Compare(j.NameKey, after) > 0))
                : page.Where(j => string.Compare(j.NameKey, after) > 0);
        }

        var ordered = query.Surface == ApiSurface.Arm && query.ResourceGroupKey is null
            ? page.OrderBy(j => j.ResourceGroupKey).ThenBy(j => j.NameKey)
            : page.OrderBy(j => j.NameKey);
        var jobs = await ordered.Take(query.PageSize + 1).ToListAsync(cancellationToken);
        var hasMore = jobs.Count > query.PageSize;
        if (hasMore)
        {
            jobs.RemoveAt(jobs.Count - 1);
        }

        return new JobListPage(jobs, hasMore, total);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListStorageAccountsAsync(ApiSurface surface, string subscriptionId, ExpiryCutoffs cutoffs, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = new JobListQuery { Surface = surface, SubscriptionId = subscriptionId, PageSize = 1 };
        return await Filter(db.Jobs.AsNoTracking(), query, cutoffs)
            .Select(j => j.StorageAccountName).Distinct().OrderBy(n => n).ToListAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> DeleteExpiredJobsAsync(ExpiryCutoffs cutoffs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var expired = db.Jobs.Where(j =>
            (j.State == JobState.Creating && j.LastTouchedAt <= cutoffs.CreatingTouchedBefore)
            || ((j.State == JobState.Completed || j.State == JobState.Closed) && j.StateChangedAt <= cutoffs.FinishedBefore));
        var count = await DeleteWithAuditAsync(db, expired, Actor.Sweeper, AuditAction.Expire, "past its deadline", now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (count > 0)
        {
            cache?.InvalidateAll();
            signal.Notify();
        }

        return count;
    }

    /// <inheritdoc />
    public async Task<int> DeleteSubscriptionJobsAsync(string subscriptionId, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var count = await DeleteWithAuditAsync(db, db.Jobs.Where(j => j.SubscriptionId == subscriptionId), actor, AuditAction.Reset, "subscription reset", now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        cache?.InvalidateAll();
        if (count > 0)
        {
            signal.Notify();
        }

        return count;
    }

    /// <inheritdoc />
    public async Task<Subscription?> FindSubscriptionOrNullAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ManagementCertificate?> FindCertificateOrNullAsync(string thumbprint, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ManagementCertificates.AsNoTracking().SingleOrDefaultAsync(c => c.Thumbprint == thumbprint, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Subscriptions.AsNoTracking().Include(s => s.Certificates).OrderBy(s => s.Id).ToListAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> RegisterCertificateAsync(string subscriptionId, ManagementCertificate certificate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await db.ManagementCertificates.SingleOrDefaultAsync(c => c.Thumbprint == certificate.Thumbprint, cancellationToken);
        if (existing is not null)
        {
            return existing.SubscriptionId == subscriptionId;
        }

        if (!await db.Subscriptions.AnyAsync(s => s.Id == subscriptionId, cancellationToken))
        {
            db.Subscriptions.Add(new Subscription { Id = subscriptionId, Enabled = true, CreatedAt = now });
        }

        certificate.SubscriptionId = subscriptionId;
        certificate.AddedAt = now;
        db.ManagementCertificates.Add(certificate);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// The total of a List Jobs query. The one-process store keeps it in its snapshot cache; a store shared with other
    /// instances keeps it in <see cref="_counts"/> against the subscription's <see cref="SubscriptionVersion"/>, read
    /// before counting (so a total is never filed under a version older than what it counted).
    /// </summary>
    private async Task<int> CountAsync(FerryDbContext db, IQueryable<Job> matches, JobListQuery query, ExpiryCutoffs cutoffs, CancellationToken cancellationToken)
    {
        var countKey = CountKey(query);
        long version;
        if (cache is not null)
        {
            if (cache.TryGetCount(countKey, cutoffs) is { } cached)
            {
                return cached;
            }

            version = cache.Version;
        }
        else
        {
            version = await db.SubscriptionVersions.Where(v => v.Surface == query.Surface && v.SubscriptionId == query.SubscriptionId)
                .Select(v => v.Version).FirstOrDefaultAsync(cancellationToken);
            if (_counts.TryGet(countKey, version, cutoffs) is { } cached)
            {
                return cached;
            }
        }

        var total = await matches.CountAsync(cancellationToken);
        var oldestTouch = await matches.Where(j => j.State == JobState.Creating).MinAsync(j => (DateTimeOffset?)j.LastTouchedAt, cancellationToken);
        var oldestFinish = await matches.Where(j => j.State == JobState.Completed || j.State == JobState.Closed)
            .MinAsync(j => (DateTimeOffset?)j.StateChangedAt, cancellationToken);
        if (cache is not null)
        {
            cache.OfferCount(countKey, total, version, cutoffs, oldestTouch, oldestFinish);
        }
        else
        {
            _counts.Offer(countKey, total, version, cutoffs, oldestTouch, oldestFinish);
        }

        return total;
    }

    /// <summary>
    /// Bumps the subscription's write counter in the caller's transaction, and moves its maintained active-job count by
    /// <paramref name="activeDelta"/> in the same statement. Inserts create the row (under the subscription's insert
    /// lock, so two first inserts cannot race); every other write finds it there.
    /// </summary>
    private static async Task BumpVersionAsync(FerryDbContext db, ApiSurface surface, string subscriptionId, int activeDelta, CancellationToken cancellationToken)
    {
        var bumped = await db.SubscriptionVersions.Where(v => v.Surface == surface && v.SubscriptionId == subscriptionId)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Version, v => v.Version + 1).SetProperty(v => v.ActiveJobs, v => v.ActiveJobs + activeDelta), cancellationToken);
        if (bumped == 0)
        {
            db.SubscriptionVersions.Add(new SubscriptionVersion { Surface = surface, SubscriptionId = subscriptionId, Version = 1, ActiveJobs = Math.Max(activeDelta, 0) });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static string CountKey(JobListQuery q) => string.Join('|',
        q.Surface, q.SubscriptionId, q.ResourceGroupKey, q.Location, q.StorageAccountName, q.Type, q.CreatedFrom?.UtcTicks, q.CreatedTo?.UtcTicks,
        q.States is null ? "" : string.Join(',', q.States.Distinct().Order()), q.NameKey);

    private static IQueryable<Job> Filter(IQueryable<Job> jobs, JobListQuery query, ExpiryCutoffs cutoffs)
    {
        jobs = jobs.Where(j => j.Surface == query.Surface && j.SubscriptionId == query.SubscriptionId);
        if (query.StorageAccountName is { } account)
        {
            jobs = jobs.Where(j => j.StorageAccountName == account);
        }

        if (query.ResourceGroupKey is { } group)
        {
            jobs = jobs.Where(j => j.ResourceGroupKey == group);
        }

        if (query.Location is { } location)
        {
            jobs = jobs.Where(j => j.Location == location);
        }

        if (query.Type is { } type)
        {
            jobs = jobs.Where(j => j.Type == type);
        }

        if (query.CreatedFrom is { } from)
        {
            jobs = jobs.Where(j => j.CreatedAt >= from);
        }

        if (query.CreatedTo is { } to)
        {
            jobs = jobs.Where(j => j.CreatedAt <= to);
        }

        if (query.States is { Count: > 0 } states)
        {
            var list = states.ToList();
            jobs = jobs.Where(j => list.Contains(j.State));
        }

        if (query.NameKey is { } nameKey)
        {
            jobs = jobs.Where(j => j.NameKey == nameKey);
        }

        return jobs.Where(j =>
            !(j.State == JobState.Creating && j.LastTouchedAt <= cutoffs.CreatingTouchedBefore)
            && !((j.State == JobState.Completed || j.State == JobState.Closed) && j.StateChangedAt <= cutoffs.FinishedBefore));
    }
}
