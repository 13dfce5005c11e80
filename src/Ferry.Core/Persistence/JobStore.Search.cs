using Ferry.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Ferry.Core.Persistence;

/// <summary>
/// The operator's view across subscriptions (docs/operator-api.md §1.1). Tracking numbers and drive ids are matched on
/// indexed search keys that the store writes with every job, never by reading the JSON of the
/// packages.
/// </summary>
public sealed partial class JobStore
{
    /// <summary>Shadow column of <c>jobs</c>: the search key of the delivery package's tracking number.</summary>
    internal const string DeliveryTrackingKey = "DeliveryTrackingKey";

    /// <summary>Shadow column of <c>jobs</c>: the search key of the return package's tracking number.</summary>
    internal const string ReturnTrackingKey = "ReturnTrackingKey";

    /// <summary>Shadow column of <c>drives</c>: the search key of the drive id.</summary>
    internal const string DriveIdKey = "DriveIdKey";

    /// <inheritdoc />
    public async Task<JobSearchPage> SearchJobsAsync(JobSearchQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var matches = Search(db, query);
        if (query.BeforeId is { } before)
        {
            matches = matches.Where(j => j.Id < before);
        }

        var jobs = await matches.OrderByDescending(j => j.Id).Take(query.PageSize + 1).ToListAsync(cancellationToken);
        var hasMore = jobs.Count > query.PageSize;
        if (hasMore)
        {
            jobs.RemoveAt(jobs.Count - 1);
        }

        var ids = jobs.Select(j => j.Id).ToList();
        var drives = await db.Drives.AsNoTracking().Where(d => ids.Contains(d.JobId)).OrderBy(d => d.Ordinal).ToListAsync(cancellationToken);
        var byJob = drives.ToLookup(d => d.JobId);
        foreach (var job in jobs)
        {
            job.Drives.AddRange(byJob[job.Id]);
        }

        return new JobSearchPage(jobs, hasMore);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<JobState, int>> CountJobsByStateAsync(JobSearchQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await Search(db, query).GroupBy(j => j.State).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return counts.ToDictionary(c => c.State, c => c.Count);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DriveInTransfer>> ListDrivesInTransferAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var drives = await db.Drives.AsNoTracking().Where(d => d.State == DriveState.Transferring)
            .OrderBy(d => d.StateChangedAt).ThenBy(d => d.Id).ToListAsync(cancellationToken);
        var ids = drives.Select(d => d.JobId).Distinct().ToList();
        var jobs = await db.Jobs.AsNoTracking().Where(j => ids.Contains(j.Id)).ToDictionaryAsync(j => j.Id, cancellationToken);

        // An import drive is claimed on its own; an export job is claimed whole (empty drive id).
        var leases = await db.TransferLeases.AsNoTracking().Where(l => ids.Contains(l.JobId) && l.ExpiresAt > now).ToListAsync(cancellationToken);
        return [.. drives.Where(d => jobs.ContainsKey(d.JobId)).Select(d => new DriveInTransfer(
            jobs[d.JobId],
            d,
            leases.FirstOrDefault(l => l.JobId == d.JobId && (l.DriveId.Length == 0 || string.Equals(l.DriveId, d.DriveId, StringComparison.OrdinalIgnoreCase)))?.Owner))];
    }

    /// <summary>Writes the search keys of a job and its drives into their entries, before every save of them.</summary>
    private static void StampSearchKeys(FerryDbContext db, Job job)
    {
        var entry = db.Entry(job);
        entry.Property(DeliveryTrackingKey).CurrentValue = JobSearchQuery.SearchKey(job.DeliveryPackage?.TrackingNumber);
        entry.Property(ReturnTrackingKey).CurrentValue = JobSearchQuery.SearchKey(job.ReturnPackage?.TrackingNumber);
        foreach (var drive in job.Drives)
        {
            db.Entry(drive).Property(DriveIdKey).CurrentValue = JobSearchQuery.SearchKey(drive.DriveId);
        }
    }

    private static IQueryable<Job> Search(FerryDbContext db, JobSearchQuery query)
    {
        var jobs = db.Jobs.AsNoTracking();
        if (query.States is { Count: > 0 } states)
        {
            var list = states.Distinct().ToList();
            jobs = jobs.Where(j => list.Contains(j.State));
        }

        if (query.Type is { } type)
        {
            jobs = jobs.Where(j => j.Type == type);
        }

        if (query.Location is { } location)
        {
            jobs = jobs.Where(j => j.Location == location);
        }

        if (query.SubscriptionId is { } subscription)
        {
            jobs = jobs.Where(j => j.SubscriptionId == subscription);
        }

        if (query.Surface is { } surface)
        {
            jobs = jobs.Where(j => j.Surface == surface);
        }

        if (query.CreatedFrom is { } createdFrom)
        {
            jobs = jobs.Where(j => j.CreatedAt >= createdFrom);
        }

        if (query.CreatedTo is { } createdTo)
        {
            jobs = jobs.Where(j => j.CreatedAt <= createdTo);
        }

        if (query.UpdatedFrom is { } updatedFrom)
        {
            jobs = jobs.Where(j => j.LastModifiedAt >= updatedFrom);
        }

        if (query.UpdatedTo is { } updatedTo)
        {
            jobs = jobs.Where(j => j.LastModifiedAt <= updatedTo);
        }

        if (JobSearchQuery.SearchKey(query.TrackingNumber) is { } tracking)
        {
            jobs = jobs.Where(j => EF.Property<string?>(j, DeliveryTrackingKey) == tracking || EF.Property<string?>(j, ReturnTrackingKey) == tracking);
        }

        if (JobSearchQuery.SearchKey(query.DriveId) is { } driveId)
        {
            jobs = jobs.Where(j => db.Drives.Any(d => d.JobId == j.Id && EF.Property<string?>(d, DriveIdKey) == driveId));
        }

        return jobs;
    }
}
