using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Ferry.Benchmarks.Scale;

/// <summary>
/// Fills a storage account straight in PostgreSQL, far faster than Put Job: a template job created through the API
/// (<c>{prefix}0000001</c>, with its drive) is copied server-side with <c>INSERT … SELECT … generate_series</c> under the
/// seeded names <c>{prefix}0000002</c>, <c>{prefix}0000003</c>, …, in batches of one transaction each, its drive row with each
/// copy. Every other column (state, timestamps, protected secrets, JSON members) is the template's, so the copies
/// are jobs the server lists and reads like any other. Audit entries are not copied.
/// </summary>
internal static class BulkSeeder
{
    private const int BatchSize = 100_000;

    /// <summary>
    /// Copies the template job of <paramref name="account"/> to jobs 2 to <paramref name="lastIndex"/> (names are
    /// unique per subscription, so each account has its own <paramref name="prefix"/>); then vacuums and analyses the tables.
    /// </summary>
    public static async Task<BulkSeedOutcome> SeedAsync(
        string connectionString, string subscriptionId, string account, string prefix, long lastIndex, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(stop.Token);
        try
        {
            var templateId = await TemplateIdAsync(connection, subscriptionId, account, prefix, stop.Token);
            var jobColumns = await ColumnsAsync(connection, "jobs", ["Id", "Name", "NameKey"], stop.Token);
            var driveColumns = await ColumnsAsync(connection, "drives", ["Id", "JobId"], stop.Token);
            var insertJobs = $"""
                INSERT INTO jobs ("Name", "NameKey", {string.Join(", ", jobColumns.Select(Quote))})
                SELECT @prefix || lpad(g::text, 7, '0'), @prefixKey || lpad(g::text, 7, '0'), {string.Join(", ", jobColumns.Select(c => "t." + Quote(c)))}
                FROM jobs t CROSS JOIN generate_series(@first, @last) AS g
                WHERE t."Id" = @template
                """;
            var insertDrives = $"""
                INSERT INTO drives ("JobId", {string.Join(", ", driveColumns.Select(Quote))})
                SELECT j."Id", {string.Join(", ", driveColumns.Select(c => "d." + Quote(c)))}
                FROM jobs j CROSS JOIN drives d
                WHERE d."JobId" = @template AND j."Surface" = 1 AND j."SubscriptionId" = @subscription AND j."StorageAccountName" = @account
                  AND j."NameKey" >= @firstKey AND j."NameKey" <= @lastKey
                """;
            long inserted = 0;
            for (var first = 2L; first <= lastIndex; first += BatchSize)
            {
                var last = Math.Min(lastIndex, first + BatchSize - 1);
                await using var transaction = await connection.BeginTransactionAsync(stop.Token);
                await using (var jobs = new NpgsqlCommand(insertJobs, connection, transaction) { CommandTimeout = 0 })
                {
                    jobs.Parameters.AddWithValue("first", first);
                    jobs.Parameters.AddWithValue("last", last);
                    jobs.Parameters.AddWithValue("template", templateId);
                    jobs.Parameters.AddWithValue("prefix", prefix);
                    jobs.Parameters.AddWithValue("prefixKey", prefix.ToUpperInvariant());
                    var rows = await jobs.ExecuteNonQueryAsync(stop.Token);
                    if (rows != last - first + 1)
                    {
                        throw new BenchmarkFailedException($"Bulk insert of jobs {first:N0}–{last:N0} into {account} inserted {rows:N0} rows.");
                    }
                }

                await using (var drives = new NpgsqlCommand(insertDrives, connection, transaction) { CommandTimeout = 0 })
                {
                    drives.Parameters.AddWithValue("template", templateId);
                    drives.Parameters.AddWithValue("subscription", subscriptionId);
                    drives.Parameters.AddWithValue("account", account);
                    drives.Parameters.AddWithValue("firstKey", prefix.ToUpperInvariant() + first.ToString("D7", CultureInfo.InvariantCulture));
                    drives.Parameters.AddWithValue("lastKey", prefix.ToUpperInvariant() + last.ToString("D7", CultureInfo.InvariantCulture));
                    await drives.ExecuteNonQueryAsync(stop.Token);
                }

                await transaction.CommitAsync(stop.Token);
                inserted += last - first + 1;
                var elapsed = Stopwatch.GetElapsedTime(started);
                Console.WriteLine($"  bulk: {inserted + 1:N0}/{lastIndex:N0} jobs in {account} after {elapsed.TotalSeconds:0} s ({inserted / elapsed.TotalSeconds:N0}/s)");
            }

            var insertTime = Stopwatch.GetElapsedTime(started);
            var vacuumStarted = Stopwatch.GetTimestamp();
            foreach (var table in new[] { "jobs", "drives" })
            {
                await using var vacuum = new NpgsqlCommand($"VACUUM (ANALYZE) {table}", connection) { CommandTimeout = 0 };
                await vacuum.ExecuteNonQueryAsync(stop.Token);
            }

            var vacuumTime = Stopwatch.GetElapsedTime(vacuumStarted);
            await using var size = new NpgsqlCommand("SELECT pg_total_relation_size('jobs') + pg_total_relation_size('drives'), (SELECT count(*) FROM jobs)", connection);
            await using var reader = await size.ExecuteReaderAsync(stop.Token);
            await reader.ReadAsync(stop.Token);
            return new BulkSeedOutcome(inserted, insertTime, "VACUUM (ANALYZE)", vacuumTime, reader.GetInt64(1), reader.GetInt64(0), "the jobs and drives tables with their indexes");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BenchmarkFailedException($"The bulk insert into {account} did not finish within {timeout.TotalSeconds:0} s (--bulk-timeout).");
        }
    }

    private static async Task<long> TemplateIdAsync(NpgsqlConnection connection, string subscriptionId, string account, string prefix, CancellationToken cancellationToken)
    {
        await using var find = new NpgsqlCommand(
            """SELECT "Id" FROM jobs WHERE "Surface" = 1 AND "SubscriptionId" = @subscription AND "StorageAccountName" = @account AND "NameKey" = @key""",
            connection);
        find.Parameters.AddWithValue("subscription", subscriptionId);
        find.Parameters.AddWithValue("account", account);
        find.Parameters.AddWithValue("key", prefix.ToUpperInvariant() + "0000001");
        return await find.ExecuteScalarAsync(cancellationToken) is long id
            ? id
            : throw new BenchmarkFailedException($"The template job {prefix}0000001 of account {account} is not in the database.");
    }

    private static async Task<List<string>> ColumnsAsync(NpgsqlConnection connection, string table, string[] except, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table ORDER BY ordinal_position", connection);
        command.Parameters.AddWithValue("table", table);
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

/// <summary>
/// What a bulk insert did: jobs copied, time to insert, the maintenance run after it and its time, the rows of the
/// jobs table after it, and the bytes of <paramref name="StorageWhat"/>.
/// </summary>
internal sealed record BulkSeedOutcome(long Inserted, TimeSpan InsertTime, string Maintenance, TimeSpan MaintenanceTime, long JobsTableRows, long StorageBytes, string StorageWhat);
