using Ferry.Data.Sqlite;

namespace Ferry.Server.Hosting;

/// <summary>
/// The job store (section <c>Ferry:Database</c>).
/// To add a setting: the property here, its default in <c>appsettings.json</c>, and its line in the README.
/// </summary>
public sealed class DatabaseOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Ferry:Database";

    /// <summary>SQLite commit durability: <c>Full</c> (fsync per commit, the default) or <c>Normal</c>.</summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>Jobs kept in the in-memory read cache of the SQLite store (0 turns it off).</summary>
    public int JobCacheCapacity { get; set; } = 20_000;
}
