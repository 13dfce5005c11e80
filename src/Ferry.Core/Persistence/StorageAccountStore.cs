using Ferry.Core.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Ferry.Core.Persistence;

/// <summary>
/// The registered storage accounts (<c>storage_accounts</c>) on EF Core, written once for every provider. Keys are the
/// lowercase resource ids; secrets arrive and leave protected. Each call uses its own short-lived context.
/// </summary>
public sealed class StorageAccountStore(IDbContextFactory<FerryDbContext> contexts, IStoreWriteGate writeGate)
{
    /// <summary>The registration under <paramref name="key"/> (a lowercase id), or null.</summary>
    public async Task<RegisteredStorageAccount?> FindOrNullAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.StorageAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == key, cancellationToken);
    }

    /// <summary>Every registration, ordered by id.</summary>
    public async Task<IReadOnlyList<RegisteredStorageAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.StorageAccounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Registers <paramref name="account"/>, replacing the credentials of an existing registration with its id.
    /// Returns true when the registration is new, false when it replaced one. Of concurrent registrations of one id,
    /// one creates it and the others replace it.
    /// </summary>
    public async Task<bool> UpsertAsync(RegisteredStorageAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await ReplaceAsync(db, account, cancellationToken))
        {
            return false;
        }

        db.StorageAccounts.Add(account);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e))
        {
            // Another instance registered the id between the update and the insert: ours replaces it.
            db.ChangeTracker.Clear();
            await ReplaceAsync(db, account, cancellationToken);
            return false;
        }
    }

    /// <summary>Removes the registration under <paramref name="key"/>; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.StorageAccounts.Where(a => a.Id == key).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    private static async Task<bool> ReplaceAsync(FerryDbContext db, RegisteredStorageAccount account, CancellationToken cancellationToken) =>
        await db.StorageAccounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(
            s => s.SetProperty(a => a.AccountName, account.AccountName)
                .SetProperty(a => a.ProtectedAccountKey, account.ProtectedAccountKey)
                .SetProperty(a => a.ProtectedContainerSas, account.ProtectedContainerSas)
                .SetProperty(a => a.RegisteredAt, account.RegisteredAt),
            cancellationToken) > 0;
}
