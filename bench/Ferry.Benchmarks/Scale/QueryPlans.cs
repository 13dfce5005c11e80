using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Ferry.Benchmarks.Scale;

/// <summary>
/// <c>EXPLAIN (ANALYZE, BUFFERS)</c> of the two statements a classic List Jobs page runs on PostgreSQL (the
/// <c>odata.count</c> total and the page itself), written as EF Core sends them for one storage account, so that the
/// report says which of the two grows with the account.
/// </summary>
internal static partial class QueryPlans
{
    private const string Visible = """
        j."Surface" = 1 AND j."SubscriptionId" = @subscription AND j."StorageAccountName" = @account
          AND NOT (j."State" = 1 AND j."LastTouchedAt" <= @touchedBefore)
          AND NOT (j."State" IN (6, 7) AND j."StateChangedAt" <= @finishedBefore)
        """;

    public static readonly string CountSql = $"SELECT count(*)::int FROM jobs AS j WHERE {Visible}";

    public static readonly string PageSql = $"""SELECT j.* FROM jobs AS j WHERE {Visible} ORDER BY j."NameKey" LIMIT @limit""";

    /// <summary>Explains the count and the first page of <paramref name="account"/>; each is run three times and the last plan kept (warm cache).</summary>
    public static async Task<IReadOnlyList<QueryPlan>> ExplainAsync(string connectionString, string subscriptionId, string account, long jobs, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var plans = new List<QueryPlan>();
        foreach (var (what, sql) in new[] { ("odata.count (COUNT)", CountSql), ("first page (ORDER BY NameKey LIMIT)", PageSql) })
        {
            string text = "";
            for (var run = 0; run < 3; run++)
            {
                await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, connection) { CommandTimeout = 300 };
                var now = TimeProvider.System.GetUtcNow();
                command.Parameters.AddWithValue("subscription", subscriptionId);
                command.Parameters.AddWithValue("account", account);
                command.Parameters.AddWithValue("touchedBefore", (now - TimeSpan.FromDays(14)).UtcTicks);
                command.Parameters.AddWithValue("finishedBefore", (now - TimeSpan.FromDays(90)).UtcTicks);
                command.Parameters.AddWithValue("limit", pageSize + 1);
                var lines = new List<string>();
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    lines.Add(reader.GetString(0));
                }

                text = string.Join('\n', lines);
            }

            var match = ExecutionTime().Match(text);
            var ms = match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
            plans.Add(new QueryPlan(account, jobs, what, ms, text));
        }

        return plans;
    }

    [GeneratedRegex(@"Execution Time: ([0-9.]+) ms")]
    private static partial Regex ExecutionTime();
}

/// <summary>One explained statement: the account and its job count, what it is, its execution time and the whole plan.</summary>
internal sealed record QueryPlan(string Account, long Jobs, string Statement, double ExecutionMs, string Plan)
{
    /// <summary>The plan's first line (its top node) without the cost estimate.</summary>
    public string TopNode => Plan.Split('\n')[0].Trim();
}
