using Ferry.Core.Persistence;
using Ferry.Core.Transfer;
using Ferry.Data.PostgreSql;
using Microsoft.EntityFrameworkCore;

namespace Ferry.UnitTests.Data.PostgreSql;

/// <summary>
/// How the PostgreSQL provider renders the store's <see cref="RowLocks.ForUpdateSkipLocked{T}"/> request, on the SQL EF
/// generates for the transfer claim (no server: the SQL is only generated).
/// </summary>
public sealed class SkipLockedInterceptorTests
{
    private static PostgreSqlFerryDbContext OfflineContext()
    {
        var options = new DbContextOptionsBuilder<PostgreSqlFerryDbContext>();
        PostgreSqlJobStoreExtensions.Configure(options, "Host=localhost;Database=offline");
        return new PostgreSqlFerryDbContext(options.Options);
    }

    [Fact]
    public void The_claim_query_locks_the_one_drive_row_it_returns_and_skips_rows_others_locked()
    {
        using var db = OfflineContext();
        var generated = TransferStore.Candidates(db, "w1", autoStart: true, DateTimeOffset.UnixEpoch).Take(1).ToQueryString();

        var sql = SkipLockedInterceptor.Rewrite(generated);

        TestContext.Current.TestOutputHelper?.WriteLine(sql);
        Assert.Contains("FROM drives AS d", sql, StringComparison.Ordinal);
        Assert.Contains("NOT EXISTS", sql, StringComparison.Ordinal);
        Assert.EndsWith("LIMIT @p\nFOR UPDATE OF d SKIP LOCKED", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_without_the_tag_is_left_as_it_is()
    {
        const string sql = "-- another tag\n\nSELECT d.\"Id\" FROM drives AS d";

        Assert.Same(sql, SkipLockedInterceptor.Rewrite(sql));
    }

    [Fact]
    public void A_trailing_semicolon_is_kept_out_of_the_locking_clause()
    {
        var sql = SkipLockedInterceptor.Rewrite("-- ferry:skip-locked jobs\n\nSELECT j.\"Id\" FROM drives AS d INNER JOIN jobs AS j ON d.\"JobId\" = j.\"Id\";\n");

        Assert.EndsWith("ON d.\"JobId\" = j.\"Id\"\nFOR UPDATE OF j SKIP LOCKED", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_naming_a_table_the_query_does_not_read_fails_loudly()
    {
        var e = Assert.Throws<InvalidOperationException>(() => SkipLockedInterceptor.Rewrite("-- ferry:skip-locked jobs\n\nSELECT d.\"Id\" FROM drives AS d"));

        Assert.Contains("'jobs'", e.Message, StringComparison.Ordinal);
    }
}
