using Ferry.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Data.Sqlite;

/// <summary>Registers the SQLite store.</summary>
public static class SqliteJobStoreExtensions
{
    /// <summary>The database file name inside the data directory.</summary>
    public const string FileName = "ferry.db";

    /// <summary>
    /// Registers a pooled <see cref="FerryDbContext"/> factory on the SQLite file at <paramref name="databasePath"/>,
    /// its write gate, and (when <paramref name="jobCacheCapacity"/> is positive) the job snapshot cache, which is
    /// sound because one process owns the file; and the prepared Get Job read (<see cref="SqliteJobRowReader"/>).
    /// </summary>
    public static IServiceCollection AddSqliteJobStore(this IServiceCollection services, string databasePath, SqliteSynchronous synchronous = SqliteSynchronous.Full, int jobCacheCapacity = 4_096)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();
        services.AddPooledDbContextFactory<SqliteFerryDbContext>(options => Configure(options, connectionString, synchronous));
        services.AddSingleton<IDbContextFactory<FerryDbContext>, UpcastFactory>();
        services.AddSingleton<IStoreWriteGate, SqliteWriteGate>();

        // Get Job's read on connections of its own that keep the statement prepared (docs/architecture.md §11.9).
        var readConnectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        services.AddSingleton(provider => new SqliteJobRowReader(readConnectionString, provider.GetRequiredService<IDbContextFactory<SqliteFerryDbContext>>()));
        services.AddSingleton<IJobRowReader>(provider => provider.GetRequiredService<SqliteJobRowReader>());
        if (jobCacheCapacity > 0)
        {
            services.AddSingleton(new JobSnapshotCache(jobCacheCapacity));
        }
        return services;
    }

    /// <summary>Applies the options every SQLite context uses.</summary>
    internal static void Configure(DbContextOptionsBuilder options, string connectionString, SqliteSynchronous synchronous) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(SqliteFerryDbContext).Assembly.GetName().Name))
            .AddInterceptors(new SqlitePragmas(synchronous))
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)

            // The active-job count stops at the limit (Take without OrderBy): order cannot change a count. A failed command
            // or save reaches its caller as an exception, which is logged once where it is decided: a unique-key race a
            // client caused is a 409, not an error (docs/architecture.md §8.1).
            .ConfigureWarnings(warnings => warnings.Ignore(CoreEventId.RowLimitingOperationWithoutOrderByWarning)
                .Log((RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug), (CoreEventId.QueryIterationFailed, LogLevel.Debug)));

    /// <summary>
    /// Creates the database if needed, switches it to WAL (persistent per file) and applies pending migrations.
    /// SQLite is embedded and single-process, so it migrates at startup. Returns the migrations applied, in order.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateSqliteAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        var factory = services.GetRequiredService<IDbContextFactory<SqliteFerryDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        return pending;
    }

    private sealed class UpcastFactory(IDbContextFactory<SqliteFerryDbContext> inner) : IDbContextFactory<FerryDbContext>
    {
        public FerryDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<FerryDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
