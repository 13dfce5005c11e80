using System.Data.Common;
using System.Globalization;
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
    private readonly JobCountCache _counts = new();
    private readonly GroupCommitWriter _writer = new(contexts, writeGate);

    // The hottest read (every Get, Update and Delete) when the provider registers no prepared reader (PostgreSQL, which
    // several instances may share): the job and its drives in one statement, one round trip, compiled once
    // (docs/architecture.md §11.2). Per store, not static: a compiled query runs only on the model it was compiled for,
    // and one process may hold a SQLite and a PostgreSQL store (the tests that run every store test on both backends).
    private readonly Func<FerryDbContext, ApiSurface, string, string, string, CancellationToken, Task<Job?>> _findJobWithDrives =
        EF.CompileAsyncQuery((FerryDbContext db, ApiSurface surface, string subscriptionId, string resourceGroupKey, string nameKey, CancellationToken _) =>
            db.Jobs.AsNoTracking().AsSingleQuery().Include(j => j.Drives.OrderBy(d => d.Ordinal))
                .SingleOrDefault(j => j.Surface == surface && j.SubscriptionId == subscriptionId && j.ResourceGroupKey == resourceGroupKey && j.NameKey == nameKey));

    /// <inheritdoc />
    public async Task<Job?> FindJobOrNullAsync(ApiSurface surface, string subscriptionId, string resourceGroupKey, string nameKey, CancellationToken cancellationToken)
    {
        if (cache?.TryGet(surface, subscriptionId, resourceGroupKey, nameKey) is { } cached)
        {
            return cached;
        }

        // The version before the read: a write that overlaps it makes the cache refuse what it read.
        var versionAtRead = cache?.Version ?? 0;
        Job? job;
        if (rows is not null)
        {
            // A provider's prepared statement (SQLite): no context, no command built per call (docs/architecture.md §11.9).
            cancellationToken.ThrowIfCancellationRequested();
            job = rows.Read(surface, subscriptionId, resourceGroupKey, nameKey);
        }
        else
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            job = await _findJobWithDrives(db, surface, subscriptionId, resourceGroupKey, nameKey, cancellationToken);
        }

        if (job is not null)
        {
            cache?.Offer(job, versionAtRead);
        }

        return job;
    }

    /// <inheritdoc />
    public async Task<InsertOutcome> InsertJobAsync(Job job, int maxActiveJobs, ExpiryCutoffs cutoffs, IReadOnlyList<AuditEntry> audit, CancellationToken cancellationToken)
    {
        InsertOutcome outcome;
        try
        {
            var effects = new WriteEffects();
            outcome = await _writer.RunAsync(
                (db, ct) => InsertAsync(db, job, maxActiveJobs, cutoffs, audit, effects, ct),
                inserted =>
                {
                    if (inserted == InsertOutcome.Inserted)
                    {
                        cache?.Replace(job);
                        signal.Notify(Changes(job, effects));
                    }
                },
                undo: () => ForgetKeys(job), // Run again alone after its batch rolled back: every key is handed out again.
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
            var effects = new WriteEffects();
            var added = job.Drives.Where(d => d.Id == 0).ToList(); // Keyed by this write: unkeyed again if it must run again.
            return await _writer.RunAsync(
                (db, ct) => UpdateAsync(db, job, expectedLastModified, audit, effects, ct),
                updated =>
                {
                    if (updated)
                    {
                        cache?.Replace(job);
                        signal.Notify(Changes(job, effects));
                    }
                    else
                    {
                        cache?.Invalidate(job); // A lost race: what is cached may be what lost.
                    }
                },
                undo: () => added.ForEach(d => d.Id = 0),
                cancellationToken);
        }
        catch
        {
            cache?.Invalidate(job);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteJobAsync(Job job, DateTimeOffset expectedLastModified, IReadOnlyList<AuditEntry> audit, CancellationToken cancellationToken)
    {
        var effects = new WriteEffects();
        return _writer.RunAsync(
            (db, ct) => DeleteAsync(db, job, expectedLastModified, audit, effects, ct),
            deleted =>
            {
                cache?.Invalidate(job); // Only this job: clearing every entry on each delete emptied the cache under a stream of deletes.
                if (deleted)
                {
                    // A deleted job leaves nothing to copy.
                    signal.Notify(JobChanges.Job | (effects.QueuedDeliveries ? JobChanges.Outbox : JobChanges.None));
                }
            },
            cancellationToken);
    }

    /// <summary>
    /// What a committed insert or update of <paramref name="job"/> means to the background loops: a job change; a drive
    /// the transfer engine could copy when the job has one with content, received or transferring (a superset of what
    /// its claim takes, so no claimable drive goes unnoticed); a queued delivery when the write queued one.
    /// </summary>
    private static JobChanges Changes(Job job, WriteEffects effects) =>
        JobChanges.Job
        | (job.Drives.Any(d => d.ContentPath is not null && d.State is DriveState.Received or DriveState.Transferring) ? JobChanges.Claimable : JobChanges.None)
        | (effects.QueuedDeliveries ? JobChanges.Outbox : JobChanges.None);

    /// <summary>What one write did beyond its rows, for the wake-ups after its commit.</summary>
    private sealed class WriteEffects
    {
        /// <summary>The write queued at least one webhook delivery.</summary>
        public bool QueuedDeliveries { get; set; }
    }

    /// <summary>
    /// The count of the active-job limit: the subscription's maintained count (<see cref="SubscriptionVersion.ActiveJobs"/>,
    /// one primary-key read), which can only overstate; only when it reaches the limit, the exact count, which leaves
    /// out jobs still in Creating past their touch deadline.
    /// </summary>
    private static async Task<bool> LimitReachedAsync(FerryDbContext db, StoreCommands commands, Job job, int maxActiveJobs, ExpiryCutoffs cutoffs, CancellationToken cancellationToken)
    {
        var read = commands.Command(commands.Statements.ActiveJobs, 2);
        read.Parameters[0].Value = (int)job.Surface;
        read.Parameters[1].Value = job.SubscriptionId;
        var maintained = await read.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0;
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

    // The three writes below run the store's own statements (docs/architecture.md §11.11), not EF Core's change tracker:
    // the same rows, columns and transaction, a fraction of the CPU.
    private static async Task<GroupCommitWriter.Outcome<InsertOutcome>> InsertAsync(
        FerryDbContext db, Job job, int maxActiveJobs, ExpiryCutoffs cutoffs, IReadOnlyList<AuditEntry> audit, WriteEffects effects, CancellationToken cancellationToken)
    {
        await db.LockSubscriptionForInsertAsync(job.SubscriptionId, cancellationToken);
        var commands = db.WriteCommands();
        if (await LimitReachedAsync(db, commands, job, maxActiveJobs, cutoffs, cancellationToken))
        {
            return new(InsertOutcome.LimitReached, Keep: false);
        }

        var statements = commands.Statements;
        var insert = commands.Command(statements.Jobs.InsertSql, 0);
        statements.Jobs.BindInsert(insert, job);
        try
        {
            job.Id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }
        catch (DbException e) when (db.IsUniqueViolation(e))
        {
            return new(InsertOutcome.NameTaken, Keep: false);
        }

        foreach (var drive in job.Drives)
        {
            await InsertDriveAsync(commands, job, drive, cancellationToken);
        }

        await BumpVersionAsync(commands, job.Surface, job.SubscriptionId, JobTransitions.IsActive(job.State) ? 1 : 0, cancellationToken);
        effects.QueuedDeliveries = await AppendAuditAsync(db, job, audit, cancellationToken);
        return new(InsertOutcome.Inserted, Keep: true);
    }

    private static async Task InsertDriveAsync(StoreCommands commands, Job job, Drive drive, CancellationToken cancellationToken)
    {
        drive.JobId = job.Id;
        var insert = commands.Command(commands.Statements.Drives.InsertSql, 0);
        commands.Statements.Drives.BindInsert(insert, drive);
        drive.Id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task<GroupCommitWriter.Outcome<bool>> UpdateAsync(
        FerryDbContext db, Job job, DateTimeOffset expectedLastModified, IReadOnlyList<AuditEntry> audit, WriteEffects effects, CancellationToken cancellationToken)
    {
        // The job's row first, as a delete takes it: it checks the write still applies (a job deleted or changed meanwhile
        // is a lost race, before any drive is touched) and holds the row lock, so that an update and a delete racing on
        // PostgreSQL lock the job before its drives in the same order and cannot deadlock. It returns the stored state,
        // under that lock: whether the write changes the job's activeness.
        // The statements write only the indexed columns whose values change (RowTable.UpdateOmitting): SQLite rewrites
        // an index's entries for every column of the SET list, changed or not, and with a large table those entries sit
        // on pages no other write of the batch touches.
        var commands = db.WriteCommands();
        var statements = commands.Statements;
        var lockJob = commands.Command(statements.LockJob, 2);
        lockJob.Parameters[0].Value = job.Id;
        lockJob.Parameters[1].Value = expectedLastModified.UtcTicks;
        var values = statements.Jobs.Values(job);
        bool wasActive;
        ulong unchanged;
        await using (var stored = await lockJob.ExecuteReaderAsync(cancellationToken))
        {
            if (!await stored.ReadAsync(cancellationToken))
            {
                return new(false, Keep: false);
            }

            wasActive = JobTransitions.IsActive((JobState)Convert.ToInt32(stored.GetValue(0), CultureInfo.InvariantCulture));
            unchanged = statements.Jobs.Unchanged(values, stored, offset: 1);
            while (await stored.ReadAsync(cancellationToken))
            {
                // One row at most (the key); read to the end so the statement completes.
            }
        }

        // The drives as stored, under the job's lock: which to drop, and each kept one's indexed values.
        var driveKeys = commands.Command(statements.DriveIndexedValues, 1);
        driveKeys.Parameters[0].Value = job.Id;
        foreach (var drive in job.Drives)
        {
            drive.JobId = job.Id;
        }

        var kept = job.Drives.Where(d => d.Id != 0).ToDictionary(d => d.Id, d => (Values: statements.Drives.Values(d), Unchanged: 0UL));
        var drop = false;
        await using (var stored = await driveKeys.ExecuteReaderAsync(cancellationToken))
        {
            while (await stored.ReadAsync(cancellationToken))
            {
                var id = stored.GetInt64(0);
                if (kept.TryGetValue(id, out var drive))
                {
                    kept[id] = drive with { Unchanged = statements.Drives.Unchanged(drive.Values, stored, offset: 1) };
                }
                else
                {
                    drop = true;
                }
            }
        }

        if (drop)
        {
            var dropDrives = commands.Command(statements.DeleteDrivesExcept(kept.Count), kept.Count + 1);
            dropDrives.Parameters[0].Value = job.Id;
            var i = 1;
            foreach (var id in kept.Keys)
            {
                dropDrives.Parameters[i++].Value = id;
            }

            await dropDrives.ExecuteNonQueryAsync(cancellationToken);
        }

        var jobUpdate = statements.Jobs.UpdateOmitting(unchanged);
        var update = commands.Command(jobUpdate.Sql, 0);
        RowTable<Job>.BindUpdate(update, jobUpdate, values, job.Id);
        await update.ExecuteNonQueryAsync(cancellationToken);
        foreach (var drive in job.Drives)
        {
            if (drive.Id == 0)
            {
                await InsertDriveAsync(commands, job, drive, cancellationToken);
                continue;
            }

            var (driveValues, driveUnchanged) = kept[drive.Id];
            var driveUpdate = statements.Drives.UpdateOmitting(driveUnchanged);
            var updateDrive = commands.Command(driveUpdate.Sql, 0);
            RowTable<Drive>.BindUpdate(updateDrive, driveUpdate, driveValues, drive.Id);
            await updateDrive.ExecuteNonQueryAsync(cancellationToken);
        }

        var delta = (JobTransitions.IsActive(job.State) ? 1 : 0) - (wasActive ? 1 : 0);
        await BumpVersionAsync(commands, job.Surface, job.SubscriptionId, delta, cancellationToken);
        effects.QueuedDeliveries = await AppendAuditAsync(db, job, audit, cancellationToken);
        return new(true, Keep: true);
    }

    private static async Task<GroupCommitWriter.Outcome<bool>> DeleteAsync(
        FerryDbContext db, Job job, DateTimeOffset expectedLastModified, IReadOnlyList<AuditEntry> audit, WriteEffects effects, CancellationToken cancellationToken)
    {
        // Deleted only if the row is the version the caller read; the statement returns the state it had.
        var commands = db.WriteCommands();
        var delete = commands.Command(commands.Statements.DeleteJob, 2);
        delete.Parameters[0].Value = job.Id;
        delete.Parameters[1].Value = expectedLastModified.UtcTicks;
        if (await delete.ExecuteScalarAsync(cancellationToken) is not { } stored || stored is DBNull)
        {
            return new(false, Keep: false);
        }

        var state = (JobState)Convert.ToInt32(stored, CultureInfo.InvariantCulture);
        var drives = commands.Command(commands.Statements.DeleteDrives, 1);
        drives.Parameters[0].Value = job.Id;
        await drives.ExecuteNonQueryAsync(cancellationToken);
        await BumpVersionAsync(commands, job.Surface, job.SubscriptionId, JobTransitions.IsActive(state) ? -1 : 0, cancellationToken);
        effects.QueuedDeliveries = await AppendAuditAsync(db, job, audit, cancellationToken);
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
    private static async Task BumpVersionAsync(StoreCommands commands, ApiSurface surface, string subscriptionId, int activeDelta, CancellationToken cancellationToken)
    {
        var bump = commands.Command(commands.Statements.BumpVersion, 3);
        bump.Parameters[0].Value = (int)surface;
        bump.Parameters[1].Value = subscriptionId;
        bump.Parameters[2].Value = activeDelta;
        if (await bump.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            var insert = commands.Command(commands.Statements.InsertVersion, 3);
            insert.Parameters[0].Value = (int)surface;
            insert.Parameters[1].Value = subscriptionId;
            insert.Parameters[2].Value = Math.Max(activeDelta, 0);
            await insert.ExecuteNonQueryAsync(cancellationToken);
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
