using Ferry.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ferry.Data.PostgreSql;

/// <summary>Registers the PostgreSQL store and applies its migrations.</summary>
public static class PostgreSqlJobStoreExtensions
{
    /// <summary>
    /// Registers a pooled <see cref="FerryDbContext"/> factory on the database of <paramref name="connectionString"/>,
    /// and a scoped <see cref="PostgreSqlFerryDbContext"/> (for the data-protection key ring). The write gate admits every
    /// writer (rows lock individually) and groups this instance's job writes into one transaction per batch
    /// (<see cref="PostgreSqlWriteGate"/>); there is no job snapshot cache: other instances write the same rows.
    /// </summary>
    public static IServiceCollection AddPostgreSqlJobStore(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.AddPooledDbContextFactory<PostgreSqlFerryDbContext>(options => Configure(options, connectionString));
        services.AddSingleton<IDbContextFactory<FerryDbContext>, UpcastFactory>();
        services.AddSingleton<IStoreWriteGate, PostgreSqlWriteGate>();
        services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<PostgreSqlFerryDbContext>>().CreateDbContext());
        return services;
    }

    /// <summary>Statements each connection keeps prepared when the connection string does not say (<c>Max Auto Prepare</c>).</summary>
    internal const int DefaultMaxAutoPrepare = 64;

    /// <summary>Runs of a statement on one connection before it is prepared, when the connection string does not say (<c>Auto Prepare Min Usages</c>).</summary>
    internal const int DefaultAutoPrepareMinUsages = 2;

    /// <summary>
    /// The connection string with Npgsql's automatic preparation on (docs/architecture.md §11.2): a statement run twice on
    /// a pooled connection is prepared there and runs from its plan from then on. And without the session reset of a
    /// pooled connection (<c>No Reset On Close</c>, docs/architecture.md §11.12): Ferry keeps no session state (no <c>SET</c>, <c>LISTEN</c>,
    /// temporary tables or session advisory locks), and the reset cost PostgreSQL seven statements on every use of a
    /// pooled connection, as many as the reads themselves. Settings the connection string names are kept as they are
    /// (<c>Max Auto Prepare=0</c> turns preparation off, <c>No Reset On Close=false</c> brings the reset back).
    /// </summary>
    internal static string Tune(string connectionString)
    {
        var named = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!named.ContainsKey("Max Auto Prepare") && !named.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!named.ContainsKey("Auto Prepare Min Usages") && !named.ContainsKey("AutoPrepareMinUsages"))
        {
            builder.AutoPrepareMinUsages = DefaultAutoPrepareMinUsages;
        }

        if (!named.ContainsKey("No Reset On Close") && !named.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>Applies the options every PostgreSQL context uses.</summary>
    internal static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(Tune(connectionString), npgsql => npgsql.MigrationsAssembly(typeof(PostgreSqlFerryDbContext).Assembly.GetName().Name))
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)

            // Renders the store's row-lock requests (the transfer claim's FOR UPDATE SKIP LOCKED).
            .AddInterceptors(SkipLockedInterceptor.Instance)

            // The active-job count stops at the limit (Take without OrderBy): order cannot change a count. A failed command
            // or save reaches its caller as an exception, which is logged once where it is decided: a unique-key race a
            // client caused is a 409, not an error (docs/architecture.md §8.1).
            .ConfigureWarnings(warnings => warnings.Ignore(CoreEventId.RowLimitingOperationWithoutOrderByWarning)
                .Log((RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug), (CoreEventId.QueryIterationFailed, LogLevel.Debug)));

    /// <summary>Applies pending migrations to the registered database (the migrations lock the history table, so
    /// two instances migrating at once apply each migration once).</summary>
    public static async Task MigratePostgreSqlAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        var factory = services.GetRequiredService<IDbContextFactory<PostgreSqlFerryDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>Applies pending migrations to the database of <paramref name="connectionString"/>.</summary>
    public static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        var options = new DbContextOptionsBuilder<PostgreSqlFerryDbContext>();
        Configure(options, connectionString);
        await using var db = new PostgreSqlFerryDbContext(options.Options);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>
    /// How the registered database's schema compares with this build: the migrations it lacks, and those it has that
    /// this build does not know (a newer Ferry migrated it).
    /// </summary>
    public static async Task<SchemaStatus> GetPostgreSqlSchemaStatusAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        var factory = services.GetRequiredService<IDbContextFactory<PostgreSqlFerryDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var known = db.Database.GetMigrations().ToList();
        // An empty database has no history table: asking for applied migrations would log a failed query.
        var history = db.GetService<IHistoryRepository>();
        var applied = await history.ExistsAsync(cancellationToken)
            ? (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList()
            : [];
        return new SchemaStatus([.. known.Except(applied, StringComparer.Ordinal)], [.. applied.Except(known, StringComparer.Ordinal)]);
    }

    /// <summary>The connection string's server and database, without credentials (for messages and logs).</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"database '{builder.Database ?? builder.Username}' on {builder.Host}:{builder.Port}";
        }
        catch (ArgumentException)
        {
            return "the configured database";
        }
    }

    private sealed class UpcastFactory(IDbContextFactory<PostgreSqlFerryDbContext> inner) : IDbContextFactory<FerryDbContext>
    {
        public FerryDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<FerryDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
