using System.Data.Common;
using Ferry.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ferry.Data.Sqlite;

/// <summary>The SQLite dialect of <see cref="FerryDbContext"/>.</summary>
public sealed class SqliteFerryDbContext(DbContextOptions<SqliteFerryDbContext> options) : FerryDbContext(options)
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    /// <inheritdoc />
    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } e
        && e.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;
}
