namespace Ferry.Data.Sqlite;

/// <summary>How far a SQLite commit goes before it is acknowledged (the <c>synchronous</c> pragma, in WAL mode).</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// The commit is in the WAL file but not yet fsynced: it survives the process being killed, not a power loss or
    /// an operating-system crash. Several times faster on slow disks.
    /// </summary>
    Normal = 1,

    /// <summary>The WAL is fsynced at every commit: an acknowledged write survives a power loss. The default.</summary>
    Full = 2,
}
