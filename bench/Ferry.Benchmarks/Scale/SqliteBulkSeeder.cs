using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Ferry.Benchmarks.Scale;

/// <summary>
/// The SQLite twin of <see cref="BulkSeeder"/>: copies the template job of an account (and its drive) in the stopped
/// server's database file under the seeded names, with a recursive CTE for the numbers, in transactions of 100,000
/// jobs, then runs <c>ANALYZE</c>. The server must not be running: the file is one process's.
/// </summary>
internal static class SqliteBulkSeeder
{
    /// <summary>The server's database file in its data directory (Ferry.Data.Sqlite's <c>SqliteJobStoreExtensions.FileName</c>).</summary>
    public const string FileName = "ferry.db";

    private const int BatchSize = 100_000;

    /// <summary>Copies the template job <c>{prefix}0000001</c> of <paramref name="account"/> to jobs 2 to <paramref name="lastIndex"/>.</summary>
    public static async Task<BulkSeedOutcome> SeedAsync(string file, string subscriptionId, string account, string prefix, long lastIndex, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            throw new BenchmarkFailedException($"The SQLite database {file} does not exist.");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await connection.OpenAsync(stop.Token);
        try
        {
            var key = prefix.ToUpperInvariant();
            long templateId;
            await using (var find = Command(connection, """SELECT "Id" FROM jobs WHERE "Surface" = 1 AND "SubscriptionId" = @subscription AND "StorageAccountName" = @account AND "NameKey" = @key"""))
            {
                find.Parameters.AddWithValue("@subscription", subscriptionId);
                find.Parameters.AddWithValue("@account", account);
                find.Parameters.AddWithValue("@key", key + "0000001");
                templateId = await find.ExecuteScalarAsync(stop.Token) is long id ? id : throw new BenchmarkFailedException($"The template job {prefix}0000001 of account {account} is not in {file}.");
            }

            var jobColumns = await ColumnsAsync(connection, "jobs", ["Id", "Name", "NameKey"], stop.Token);
            var driveColumns = await ColumnsAsync(connection, "drives", ["Id", "JobId"], stop.Token);
            var insertJobs = $"""
                WITH RECURSIVE g(n) AS (SELECT @first UNION ALL SELECT n + 1 FROM g WHERE n < @last)
                INSERT INTO jobs ("Name", "NameKey", {string.Join(", ", jobColumns.Select(Quote))})
                SELECT @prefix || printf('%07d', n), @prefixKey || printf('%07d', n), {string.Join(", ", jobColumns.Select(c => "t." + Quote(c)))}
                FROM jobs t, g
                WHERE t."Id" = @template
                """;
            var insertDrives = $"""
                INSERT INTO drives ("JobId", {string.Join(", ", driveColumns.Select(Quote))})
                SELECT j."Id", {string.Join(", ", driveColumns.Select(c => "d." + Quote(c)))}
                FROM jobs j, drives d
                WHERE d."JobId" = @template AND j."Surface" = 1 AND j."SubscriptionId" = @subscription AND j."StorageAccountName" = @account
                  AND j."NameKey" >= @firstKey AND j."NameKey" <= @lastKey
                """;
            long inserted = 0;
            for (var first = 2L; first <= lastIndex; first += BatchSize)
            {
                var last = Math.Min(lastIndex, first + BatchSize - 1);
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(stop.Token);
                await using (var jobs = Command(connection, insertJobs, transaction))
                {
                    jobs.Parameters.AddWithValue("@first", first);
                    jobs.Parameters.AddWithValue("@last", last);
                    jobs.Parameters.AddWithValue("@template", templateId);
                    jobs.Parameters.AddWithValue("@prefix", prefix);
                    jobs.Parameters.AddWithValue("@prefixKey", key);
                    var rows = await jobs.ExecuteNonQueryAsync(stop.Token);
                    if (rows != last - first + 1)
                    {
                        throw new BenchmarkFailedException($"Bulk insert of jobs {first:N0}–{last:N0} into {account} (SQLite) inserted {rows:N0} rows.");
                    }
                }

                await using (var drives = Command(connection, insertDrives, transaction))
                {
                    drives.Parameters.AddWithValue("@template", templateId);
                    drives.Parameters.AddWithValue("@subscription", subscriptionId);
                    drives.Parameters.AddWithValue("@account", account);
                    drives.Parameters.AddWithValue("@firstKey", key + first.ToString("D7", System.Globalization.CultureInfo.InvariantCulture));
                    drives.Parameters.AddWithValue("@lastKey", key + last.ToString("D7", System.Globalization.CultureInfo.InvariantCulture));
                    await drives.ExecuteNonQueryAsync(stop.Token);
                }

                await transaction.CommitAsync(stop.Token);
                inserted += last - first + 1;
                var elapsed = Stopwatch.GetElapsedTime(started);
                Console.WriteLine($"  bulk: {inserted + 1:N0}/{lastIndex:N0} jobs in {account} after {elapsed.TotalSeconds:0} s ({inserted / elapsed.TotalSeconds:N0}/s)");
            }

            var insertTime = Stopwatch.GetElapsedTime(started);
            var analyzeStarted = Stopwatch.GetTimestamp();
            await using (var analyze = Command(connection, "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);"))
            {
                await analyze.ExecuteNonQueryAsync(stop.Token);
            }

            var analyzeTime = Stopwatch.GetElapsedTime(analyzeStarted);
            await using var count = Command(connection, "SELECT count(*) FROM jobs");
            var rowsNow = (long)(await count.ExecuteScalarAsync(stop.Token))!;
            return new BulkSeedOutcome(inserted, insertTime, "ANALYZE", analyzeTime, rowsNow, new FileInfo(file).Length, "the database file");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BenchmarkFailedException($"The bulk insert into {account} (SQLite) did not finish within {timeout.TotalSeconds:0} s (--bulk-timeout).");
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null) =>
        new(sql, connection, transaction) { CommandTimeout = 0 };

    private static async Task<List<string>> ColumnsAsync(SqliteConnection connection, string table, string[] except, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid");
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            if (!except.Contains(name, StringComparer.Ordinal))
            {
                columns.Add(name);
            }
        }

        return columns.Count > 0 ? columns : throw new BenchmarkFailedException($"Table {table} has no columns: is the schema migrated?");
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
