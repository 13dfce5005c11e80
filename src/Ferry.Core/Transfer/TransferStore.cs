using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Ferry.Core.Transfer;

/// <summary>
/// Claims and checkpoints of the transfer engine on EF Core, written once for every provider. A claim is a lease row
/// per unit (import drive or export job); a checkpoint is one row per blob. Neither touches the job row, so customer
/// updates and transfers never contend on the job's concurrency token.
/// </summary>
public sealed class TransferStore(IDbContextFactory<FerryDbContext> contexts, IStoreWriteGate writeGate)
{
    /// <summary>
    /// Candidates tried per claim. A take fails only when another claimer leased the unit after the candidate query's
    /// snapshot (its lease is then visible to the next query), so this bounds a claim under heavy contention.
    /// </summary>
    private const int MaxClaimAttempts = 8;

    private const string DrivesTable = "drives";

    private static readonly JobState[] _startable = [JobState.Shipping, JobState.Received, JobState.Transferring];

    /// <summary>
    /// Claims one unit that is ready to copy and not held by a live lease of another owner: a drive with content that
    /// is Transferring (started by an operator, or by a worker that died), or, with <paramref name="autoStart"/>,
    /// Received in a job that may start copies. Export jobs are claimed whole (unit <c>""</c>). Returns null when there
    /// is nothing to claim. The claimed unit is leased to <paramref name="owner"/> until <paramref name="now"/> +
    /// <paramref name="leaseDuration"/>; a unit whose lease <paramref name="owner"/> already holds may be returned again.
    /// </summary>
    /// <remarks>
    /// The candidate drive row and the lease take share one transaction. On PostgreSQL the candidate is read with
    /// <c>FOR UPDATE OF drives SKIP LOCKED</c>, one row at a time, so concurrent claimers lock different drives and never
    /// wait for one another; a lease committed by a claimer that read the same row just before is seen by the conditional
    /// take, and the next candidate is read. On SQLite the write gate serialises claims.
    /// </remarks>
    public async Task<TransferClaim?> ClaimOrNullAsync(string owner, bool autoStart, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
        {
            var candidate = await Candidates(db, owner, autoStart, now).FirstOrDefaultAsync(cancellationToken);
            if (candidate is null)
            {
                return null;
            }

            if (await TryTakeAsync(db, candidate.JobId, candidate.Unit, owner, now, now + leaseDuration, cancellationToken))
            {
                await transaction.CommitAsync(cancellationToken);
                return new TransferClaim(candidate.JobId, candidate.Unit, owner);
            }
        }

        return null;
    }

    /// <summary>
    /// The claimable drives in claim order, as units: ready to copy, and with no lease on their unit that is live at
    /// <paramref name="now"/> and held by another owner. Locked with SKIP LOCKED where the provider has row locks.
    /// The state term and the order are those of the partial index <see cref="FerryDbContext.ClaimableDrivesIndex"/>:
    /// the claim reads the few drives that can be copied in claim order, never the whole table (it runs behind the
    /// write gate on every job change; docs/architecture.md §11.7).
    /// </summary>
    internal static IQueryable<ClaimCandidate> Candidates(FerryDbContext db, string owner, bool autoStart, DateTimeOffset now) =>
        (from d in db.Drives
         join j in db.Jobs on d.JobId equals j.Id
         let unit = j.Type == JobType.Export ? "" : d.DriveId
         where d.ContentPath != null
               && (d.State == DriveState.Received || d.State == DriveState.Transferring)
               && (d.State == DriveState.Transferring
                   || (autoStart && d.State == DriveState.Received && !j.CancelRequested && _startable.Contains(j.State)))
               && !db.TransferLeases.Any(l => l.JobId == j.Id && l.DriveId == unit && l.ExpiresAt > now && l.Owner != owner)
         orderby d.JobId, d.Ordinal
         select new ClaimCandidate(j.Id, unit))
        .ForUpdateSkipLocked(DrivesTable);

    /// <summary>The job with its drives, or null when it was deleted.</summary>
    public async Task<Job?> FindJobOrNullAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var job = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is not null)
        {
            job.Drives = await db.Drives.AsNoTracking().Where(d => d.JobId == jobId).OrderBy(d => d.Ordinal).ToListAsync(cancellationToken);
        }

        return job;
    }

    /// <summary>Extends the claim; false when it lapsed and another worker took the unit (stop working on it).</summary>
    public async Task<bool> RenewAsync(TransferClaim claim, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Lease(db, claim).Where(l => l.Owner == claim.Owner)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, expiresAt), cancellationToken) == 1;
    }

    /// <summary>The unit's checkpoints, in work-list order.</summary>
    public async Task<IReadOnlyList<TransferItem>> ListItemsAsync(TransferClaim claim, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.TransferItems.AsNoTracking().Where(i => i.JobId == claim.JobId && i.DriveId == claim.DriveId)
            .OrderBy(i => i.Ordinal).ToListAsync(cancellationToken);
    }

    /// <summary>Inserts a batch of new checkpoints (an export plan) and renews the claim; false when the claim is lost.</summary>
    public async Task<bool> SaveItemsAsync(TransferClaim claim, IReadOnlyCollection<TransferItem> items, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await Lease(db, claim).Where(l => l.Owner == claim.Owner)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, expiresAt), cancellationToken) != 1)
        {
            return false;
        }

        db.TransferItems.AddRange(items);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Writes a batch of checkpoints (each inserted or replaced) and renews the claim in one transaction (one commit for
    /// the batch); false (nothing written) when the claim is no longer this worker's.
    /// </summary>
    public async Task<bool> UpsertItemsAsync(TransferClaim claim, IReadOnlyCollection<TransferItem> items, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await Lease(db, claim).Where(l => l.Owner == claim.Owner)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, expiresAt), cancellationToken) != 1)
        {
            return false;
        }

        var ordinals = items.Select(i => i.Ordinal).ToList();
        var existing = (await db.TransferItems.Where(i => i.JobId == claim.JobId && i.DriveId == claim.DriveId && ordinals.Contains(i.Ordinal))
            .Select(i => i.Ordinal).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var item in items)
        {
            item.JobId = claim.JobId;
            item.DriveId = claim.DriveId;
            if (existing.Contains(item.Ordinal))
            {
                db.TransferItems.Update(item);
            }
            else
            {
                db.TransferItems.Add(item);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Ends the unit: its claim and checkpoints are removed (the drive's outcome is on the job by then).</summary>
    public async Task ReleaseAsync(TransferClaim claim, CancellationToken cancellationToken)
    {
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.TransferItems.Where(i => i.JobId == claim.JobId && i.DriveId == claim.DriveId).ExecuteDeleteAsync(cancellationToken);
        await Lease(db, claim).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static IQueryable<TransferLease> Lease(FerryDbContext db, TransferClaim claim) =>
        db.TransferLeases.Where(l => l.JobId == claim.JobId && l.DriveId == claim.DriveId);

    /// <summary>A claimable unit: the job, and the drive id of an import drive or <c>""</c> for an export job.</summary>
    internal sealed record ClaimCandidate(long JobId, string Unit);

    private static async Task<bool> TryTakeAsync(FerryDbContext db, long jobId, string unit, string owner, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var taken = await db.TransferLeases
            .Where(l => l.JobId == jobId && l.DriveId == unit && (l.ExpiresAt <= now || l.Owner == owner))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Owner, owner).SetProperty(l => l.ExpiresAt, expiresAt), cancellationToken);
        if (taken == 1)
        {
            return true;
        }

        if (await db.TransferLeases.AnyAsync(l => l.JobId == jobId && l.DriveId == unit, cancellationToken))
        {
            return false;
        }

        db.TransferLeases.Add(new TransferLease { JobId = jobId, DriveId = unit, Owner = owner, ExpiresAt = expiresAt });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
