using Ferry.Core.Jobs;
using Ferry.Core.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Ferry.Core.Persistence;

/// <summary>
/// <see cref="IJobStore"/> on EF Core, written once for every provider. Each call uses its own short-lived context.
/// </summary>
public sealed class JobStore(IDbContextFactory<FerryDbContext> contexts) : IJobStore
{
    /// <inheritdoc />
    public async Task<Job?> FindJobOrNullAsync(ApiSurface surface, string subscriptionId, string resourceGroup, string nameKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var job = await db.Jobs.AsNoTracking()
            .Where(j => j.Surface == surface && j.SubscriptionId == subscriptionId && j.ResourceGroup == resourceGroup && j.NameKey == nameKey)
            .SingleOrDefaultAsync(cancellationToken);
        if (job is not null)
        {
            job.Drives = await db.Drives.AsNoTracking().Where(d => d.JobId == job.Id).OrderBy(d => d.Ordinal).ToListAsync(cancellationToken);
        }

        return job;
    }

    /// <inheritdoc />
    public async Task<InsertOutcome> InsertJobAsync(Job job, int maxActiveJobs, ExpiryCutoffs cutoffs, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LockSubscriptionForInsertAsync(job.SubscriptionId, cancellationToken);
        var active = await db.Jobs
            .Where(j => j.Surface == job.Surface && j.SubscriptionId == job.SubscriptionId
                && j.State != JobState.Completed && j.State != JobState.Closed
                && !(j.State == JobState.Creating && j.LastTouchedAt <= cutoffs.CreatingTouchedBefore))
            .CountAsync(cancellationToken);
        if (active >= maxActiveJobs)
        {
            return InsertOutcome.LimitReached;
        }

        db.Jobs.Add(job);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return InsertOutcome.Inserted;
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e))
        {
            job.Id = 0;
            foreach (var drive in job.Drives)
            {
                drive.Id = 0;
                drive.JobId = 0;
            }

            return InsertOutcome.NameTaken;
        }
    }

    /// <inheritdoc />
    public async Task<bool> UpdateJobAsync(Job job, DateTimeOffset expectedLastModified, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
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

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteJobAsync(long jobId, DateTimeOffset expectedLastModified, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await db.Jobs.Where(j => j.Id == jobId && j.LastModifiedAt == expectedLastModified).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 1)
        {
            await db.Drives.Where(d => d.JobId == jobId).ExecuteDeleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return deleted == 1;
    }

    /// <inheritdoc />
    public async Task<JobListPage> ListJobsAsync(JobListQuery query, ExpiryCutoffs cutoffs, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var matches = Filter(db.Jobs.AsNoTracking(), query, cutoffs);
        int? total = query.IncludeTotal ? await matches.CountAsync(cancellationToken) : null;
        var page = matches;
        if (query.AfterNameKey is { } after)
        {
            page = page.Where(j => string.Compare(j.NameKey, after) > 0);
        }

        var jobs = await page.OrderBy(j => j.NameKey).Take(query.PageSize + 1).ToListAsync(cancellationToken);
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
    public async Task<int> DeleteExpiredJobsAsync(ExpiryCutoffs cutoffs, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var expired = db.Jobs.Where(j =>
            (j.State == JobState.Creating && j.LastTouchedAt <= cutoffs.CreatingTouchedBefore)
            || ((j.State == JobState.Completed || j.State == JobState.Closed) && j.StateChangedAt <= cutoffs.FinishedBefore));
        await db.Drives.Where(d => expired.Any(j => j.Id == d.JobId)).ExecuteDeleteAsync(cancellationToken);
        var count = await expired.ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
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

    private static IQueryable<Job> Filter(IQueryable<Job> jobs, JobListQuery query, ExpiryCutoffs cutoffs)
    {
        jobs = jobs.Where(j => j.Surface == query.Surface && j.SubscriptionId == query.SubscriptionId);
        if (query.StorageAccountName is { } account)
        {
            jobs = jobs.Where(j => j.StorageAccountName == account);
        }

        if (query.ResourceGroup is { } group)
        {
            jobs = jobs.Where(j => j.ResourceGroup == group);
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
