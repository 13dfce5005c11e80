using System.Data.Common;
using System.Runtime.CompilerServices;
using Ferry.Data.PostgreSql;
using Ferry.Data.Sqlite;

namespace Ferry.Server.Hosting;

/// <summary>
/// The provider switch (docs/architecture.md §7.5): reads and checks <see cref="DatabaseOptions"/>, registers the chosen
/// store, and brings its schema up to date (SQLite) or checks it is (PostgreSQL). The server, <c>ferry db</c> and
/// <c>ferry subscription</c> all open the store here.
/// </summary>
public static class DatabaseSetup
{
    /// <summary>Reads <c>Ferry:Database</c>; throws <see cref="InvalidOperationException"/> naming the bad setting.</summary>
    public static DatabaseOptions Read(IConfiguration configuration)
    {
        DatabaseOptions database;
        try
        {
            database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{DatabaseOptions.Section}: {e.InnerException?.Message ?? e.Message} (Provider is Sqlite or PostgreSql.)", e);
        }

        return Check(database);
    }

    /// <summary>Checks the settings; throws <see cref="InvalidOperationException"/> naming the bad one.</summary>
    public static DatabaseOptions Check(DatabaseOptions database)
    {
        if (!Enum.IsDefined(database.Provider))
        {
            throw new InvalidOperationException($"{DatabaseOptions.Section}:Provider must be Sqlite or PostgreSql.");
        }

        if (!Enum.IsDefined(database.SqliteSynchronous))
        {
            throw new InvalidOperationException($"{DatabaseOptions.Section}:SqliteSynchronous must be Full or Normal.");
        }

        if (database.JobCacheCapacity is < 0 or > 10_000_000)
        {
            throw new InvalidOperationException($"{DatabaseOptions.Section}:JobCacheCapacity must be between 0 and 10000000.");
        }

        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            if (string.IsNullOrWhiteSpace(database.ConnectionString))
            {
                throw new InvalidOperationException($"PostgreSQL needs a connection string: --connection-string \"Host=…;Database=…;Username=…\" or {DatabaseOptions.Section}:ConnectionString.");
            }

            CheckPostgreSqlConnectionString(database.ConnectionString);
        }

        return database;
    }

    /// <summary>
    /// Parses the connection string with Npgsql's own builder. A method of its own, so that Npgsql's assembly loads only
    /// when the provider is PostgreSQL (docs/architecture.md §11.3).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CheckPostgreSqlConnectionString(string connectionString)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            // The message names the bad keyword, never the connection string (it may hold a password).
            throw new InvalidOperationException($"{DatabaseOptions.Section}:ConnectionString is not a valid PostgreSQL connection string: {e.Message}", e);
        }
    }

    /// <summary>Registers the store of <paramref name="database"/>; SQLite's file is in <paramref name="dataDirectory"/>.</summary>
    public static IServiceCollection AddJobStore(this IServiceCollection services, DatabaseOptions database, string dataDirectory) =>
        database.Provider switch
        {
            DatabaseProvider.Sqlite => services.AddSqliteJobStore(Path.Combine(dataDirectory, SqliteJobStoreExtensions.FileName), database.SqliteSynchronous, database.JobCacheCapacity),
            DatabaseProvider.PostgreSql => services.AddPostgreSqlJobStore(database.ConnectionString!),
            _ => throw new InvalidOperationException($"Unknown database provider '{database.Provider}'."),
        };

    /// <summary>
    /// Readies the store: SQLite is migrated (embedded, one process). PostgreSQL is migrated when
    /// <paramref name="migrate"/> or <see cref="DatabaseOptions.MigrateOnStart"/> says so; otherwise a schema behind (or
    /// ahead of) this build is an <see cref="InvalidOperationException"/> that says how to migrate. Returns the
    /// migrations applied, in order (none when the schema was up to date).
    /// </summary>
    public static async Task<IReadOnlyList<string>> PrepareStoreAsync(this IServiceProvider services, DatabaseOptions database, bool migrate, CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            return await services.MigrateSqliteAsync(cancellationToken);
        }

        try
        {
            var status = await services.GetPostgreSqlSchemaStatusAsync(cancellationToken);
            if (status.Unknown.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The schema of {PostgreSqlJobStoreExtensions.Describe(database.ConnectionString!)} is newer than this Ferry (it has migration {status.Unknown[^1]}, "
                    + "which this build does not know). Run the Ferry version that migrated it, or a newer one.");
            }

            if (status.Pending.Count == 0)
            {
                return [];
            }

            if (!migrate && !database.MigrateOnStart)
            {
                throw new InvalidOperationException(
                    $"The schema of {PostgreSqlJobStoreExtensions.Describe(database.ConnectionString!)} is behind this Ferry ({status.Pending.Count} migration(s) pending, "
                    + $"the first {status.Pending[0]}). Apply them with `ferry db migrate --database postgresql --connection-string \"…\"` "
                    + $"(or set {DatabaseOptions.Section}:MigrateOnStart=true), then start again.");
            }

            await services.MigratePostgreSqlAsync(cancellationToken);
            return status.Pending;
        }
        catch (DbException e)
        {
            throw new InvalidOperationException($"Cannot use {PostgreSqlJobStoreExtensions.Describe(database.ConnectionString!)}: {e.Message}", e);
        }
    }
}
