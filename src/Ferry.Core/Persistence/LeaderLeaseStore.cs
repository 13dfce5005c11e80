using Microsoft.EntityFrameworkCore;

namespace Ferry.Core.Persistence;

/// <summary>
/// Leader leases on EF Core, written once for every provider: which instance, among all that share the database, runs
/// a loop that must run once (the sweeper, the webhook outbox, the emulator). A lease is one row per loop name; it is
/// taken by a conditional update (lapsed, or already ours) or, when the row does not exist yet, by an insert that the
/// primary key lets only one instance win. Times come from the caller's clock.
/// </summary>
public sealed class LeaderLeaseStore(IDbContextFactory<FerryDbContext> contexts, IStoreWriteGate writeGate)
{
    /// <summary>
    /// Takes or renews the lease <paramref name="name"/> for <paramref name="owner"/>. True: <paramref name="owner"/>
    /// holds it until <paramref name="now"/> + <paramref name="duration"/> (whether it was lapsed, free or already its
    /// own). False: another owner holds a lease that has not lapsed at <paramref name="now"/>; nothing was written.
    /// Atomic across instances: of concurrent callers on a lapsed or missing lease, exactly one gets true.
    /// </summary>
    public async Task<bool> TryAcquireAsync(string name, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var expiresAt = now + duration;
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // The condition is re-checked on the row's latest version (PostgreSQL re-evaluates it after waiting for a
        // concurrent update), so of two instances taking over a lapsed lease only one matches.
        var taken = await db.LeaderLeases
            .Where(l => l.Name == name && (l.ExpiresAt <= now || l.Owner == owner))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Owner, owner).SetProperty(l => l.ExpiresAt, expiresAt), cancellationToken);
        if (taken == 1)
        {
            return true;
        }

        // Held by another instance: not worth a failed insert (PostgreSQL logs every unique violation).
        if (await db.LeaderLeases.AnyAsync(l => l.Name == name, cancellationToken))
        {
            return false;
        }

        db.LeaderLeases.Add(new LeaderLease { Name = name, Owner = owner, ExpiresAt = expiresAt });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e))
        {
            return false;
        }
    }

    /// <summary>
    /// Gives up the lease <paramref name="name"/> if <paramref name="owner"/> holds it (deletes the row), so another
    /// instance can take it at once instead of waiting for it to lapse. Does nothing when the lease is another's or gone.
    /// </summary>
    public async Task ReleaseAsync(string name, string owner, CancellationToken cancellationToken)
    {
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.LeaderLeases.Where(l => l.Name == name && l.Owner == owner).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The lease <paramref name="name"/> as stored (lapsed or not), or null when nobody holds or held it.</summary>
    public async Task<LeaderLease?> FindOrNullAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.LeaderLeases.AsNoTracking().SingleOrDefaultAsync(l => l.Name == name, cancellationToken);
    }
}
