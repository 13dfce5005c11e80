using Microsoft.EntityFrameworkCore;

namespace Ferry.Core.Persistence;

/// <summary>
/// Row locking the store asks for in LINQ and a provider with row-level locks renders in SQL. The request is a query
/// tag (an SQL comment), so the query is written once: PostgreSQL's command interceptor turns it into
/// <c>FOR UPDATE OF … SKIP LOCKED</c>; SQLite, whose writers the write gate serialises, runs the query as written.
/// </summary>
public static class RowLocks
{
    /// <summary>The tag that asks for <c>FOR UPDATE SKIP LOCKED</c>, followed by the table whose rows to lock.</summary>
    public const string SkipLockedTag = "ferry:skip-locked ";

    /// <summary>
    /// Asks that the rows of <paramref name="table"/> the query returns be locked for update until the end of the
    /// current transaction, skipping (not waiting for) rows another transaction has locked. Run it inside a
    /// transaction; on providers without row locks it is a plain query.
    /// </summary>
    public static IQueryable<T> ForUpdateSkipLocked<T>(this IQueryable<T> query, string table) =>
        query.TagWith(SkipLockedTag + table);
}
