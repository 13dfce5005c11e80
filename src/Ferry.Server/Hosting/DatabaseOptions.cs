using Ferry.Data.Sqlite;

namespace Ferry.Server.Hosting;

/// <summary>
/// The job store (section <c>Ferry:Database</c>).
/// To add a setting: the property here, its check in <see cref="DatabaseSetup"/>, its default in
/// <c>appsettings.json</c>, and its line in the README.
/// </summary>
public sealed class DatabaseOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Ferry:Database";

    /// <summary>Which database holds the jobs: <c>Sqlite</c> (embedded, the default) or <c>PostgreSql</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The Npgsql connection string (PostgreSQL only). Never logged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL only: apply pending migrations at startup instead of refusing to start. Off by default: with several
    /// instances the schema is changed once, on purpose, by <c>ferry db migrate</c>. (SQLite always migrates at startup.)
    /// </summary>
    public bool MigrateOnStart { get; set; }

    /// <summary>SQLite commit durability: <c>Full</c> (fsync per commit, the default) or <c>Normal</c>.</summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>
    /// Jobs kept in the in-memory read cache of the SQLite store (0 turns it off; PostgreSQL has none). About 2.4 KB of
    /// managed heap a job, so the default bounds it near 10 MB (docs/architecture.md §11.10).
    /// </summary>
    public int JobCacheCapacity { get; set; } = 4_096;
}

/// <summary>The databases Ferry can keep its jobs in.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded SQLite file in the data directory: one process.</summary>
    Sqlite = 1,

    /// <summary>A PostgreSQL database: any number of instances and workers.</summary>
    PostgreSql = 2,
}
