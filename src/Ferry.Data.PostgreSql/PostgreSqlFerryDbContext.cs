using System.Data.Common;
using Ferry.Core.Persistence;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Ferry.Data.PostgreSql;

/// <summary>
/// The PostgreSQL dialect of <see cref="FerryDbContext"/>: byte-order collation on every text column (so names sort
/// and page exactly as on SQLite, whatever the database's locale), unique-violation detection, a per-subscription
/// advisory lock for job inserts, and the data-protection key ring, which instances sharing the database share.
/// </summary>
public sealed class PostgreSqlFerryDbContext(DbContextOptions<PostgreSqlFerryDbContext> options) : FerryDbContext(options), IDataProtectionKeyContext
{
    /// <summary>The byte-order collation every PostgreSQL server has.</summary>
    public const string Collation = "C";

    /// <summary>The data-protection key ring (the secrets of jobs are protected with it).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <inheritdoc />
    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <inheritdoc />
    public override async Task LockSubscriptionForInsertAsync(string subscriptionId, CancellationToken cancellationToken) =>
        await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({subscriptionId}, 7))", cancellationToken);

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        var keys = modelBuilder.Entity<DataProtectionKey>();
        keys.ToTable("data_protection_keys");
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()).Where(p => p.ClrType == typeof(string)))
        {
            property.SetCollation(Collation);
        }
    }
}
