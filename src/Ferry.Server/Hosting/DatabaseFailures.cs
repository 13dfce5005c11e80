using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Ferry.Server.Hosting;

/// <summary>
/// Which database failures are an outage rather than a fault (docs/architecture.md §8.5): the database server is down,
/// restarting or refusing connections, or the SQLite file cannot be opened or written. Such a failure passes when the
/// database comes back, so a request answers 503 with <c>Retry-After</c> and a background loop tries again; anything
/// else is a fault (a 500, or a loop that ends the process).
/// </summary>
internal static class DatabaseFailures
{
    /// <summary>SQLITE_BUSY: the file stayed locked past the busy timeout.</summary>
    private const int SqliteBusy = 5;

    /// <summary>SQLITE_READONLY: the file (or its directory, or the mount) cannot be written.</summary>
    private const int SqliteReadOnly = 8;

    /// <summary>SQLITE_IOERR: the operating system refused a read, write or sync.</summary>
    private const int SqliteIoError = 10;

    /// <summary>SQLITE_FULL: the disk is full.</summary>
    private const int SqliteFull = 13;

    /// <summary>SQLITE_CANTOPEN: the file (or its journal) cannot be opened.</summary>
    private const int SqliteCantOpen = 14;

    /// <summary>
    /// Whether <paramref name="exception"/> is, or wraps, a database failure that its provider calls transient (a
    /// broken or refused connection, a server shutting down or starting up), a connection-class SQLSTATE (08xxx,
    /// 57P01–57P03) as PostgreSQL reports it while it goes down, or a SQLite file that cannot be opened, written or
    /// locked in time (SQLITE_BUSY, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN).
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        SqliteException sqlite => IsTransientSqliteCode(sqlite.SqliteErrorCode),
        DbException { IsTransient: true } => true,
        DbException { SqlState: ['0', '8', _, _, _] or "57P01" or "57P02" or "57P03" } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };

    /// <summary>Whether a SQLite result code (primary or extended) is one of the file's transient failures.</summary>
    public static bool IsTransientSqliteCode(int code) => (code & 0xFF) is SqliteBusy or SqliteReadOnly or SqliteIoError or SqliteFull or SqliteCantOpen;

    /// <summary>Whether the failure involves SQLite (its pooled connections may have opened the file read-only).</summary>
    public static bool IsSqlite(Exception exception) => exception switch
    {
        SqliteException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsSqlite),
        { InnerException: { } inner } => IsSqlite(inner),
        _ => false,
    };
}
