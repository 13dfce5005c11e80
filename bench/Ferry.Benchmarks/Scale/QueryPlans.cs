using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Ferry.Benchmarks.Scale;

/// <summary>
/// <c>EXPLAIN (ANALYZE, BUFFERS)</c> of the statements a classic List Jobs page runs on PostgreSQL (the
/// <c>odata.count</c> total and the page itself), written as EF Core sends them for one storage account, so that the
/// report says which of them grows with the account; and of the same page across a whole subscription (the shape of
/// ARM's list by subscription, which has no storage account to narrow it).
/// </summary>
internal static partial class QueryPlans
{
    public const string Count = "odata.count (COUNT)";
    public const string Page = "first page (ORDER BY NameKey LIMIT)";
    public const string SubscriptionPage = "first page across the subscription (no account filter)";

    // The expiry conditions as EF Core writes them (DateTimeOffsets are UTC ticks).
    private const string Visible = """
        (j."State" <> 1 OR j."LastTouchedAt" > @touchedBefore) AND (j."State" NOT IN (6, 7) OR j."StateChangedAt" > @finishedBefore)
        """;

    private const string InAccount = """j."Surface" = 1 AND j."SubscriptionId" = @subscription AND j."StorageAccountName" = @account""";

    private const string InSubscription = """j."Surface" = 1 AND j."SubscriptionId" = @subscription""";

    /// <summary>Explains <paramref name="statement"/> (<see cref="Count"/>, <see cref="Page"/> or <see cref="SubscriptionPage"/>); run three times and the last plan kept (warm cache).</summary>
    public static async Task<QueryPlan> ExplainAsync(string connectionString, string subscriptionId, string? account, long jobs, string statement, int pageSize, CancellationToken cancellationToken)
    {
        var sql = statement switch
        {
            Count => $"SELECT count(*)::int FROM jobs AS j WHERE {InAccount} AND {Visible}",
            Page => $"""SELECT j.* FROM jobs AS j WHERE {InAccount} AND {Visible} ORDER BY j."NameKey" LIMIT @limit""",
            SubscriptionPage => $"""SELECT j.* FROM jobs AS j WHERE {InSubscription} AND {Visible} ORDER BY j."NameKey" LIMIT @limit""",
            _ => throw new ArgumentOutOfRangeException(nameof(statement), statement, "Unknown statement."),
        };
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var text = "";
        for (var run = 0; run < 3; run++)
        {
            await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, connection) { CommandTimeout = 300 };
            var now = TimeProvider.System.GetUtcNow();
            command.Parameters.AddWithValue("subscription", subscriptionId);
            command.Parameters.AddWithValue("account", account ?? "");
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
        return new QueryPlan(account ?? "(the whole subscription)", jobs, statement, ms, text);
    }

    [GeneratedRegex(@"Execution Time: ([0-9.]+) ms")]
    private static partial Regex ExecutionTime();
}

/// <summary>One explained statement: the account (or the whole subscription) and its job count, what it is, its execution time and the whole plan.</summary>
internal sealed record QueryPlan(string Account, long Jobs, string Statement, double ExecutionMs, string Plan)
{
    /// <summary>The plan's first line (its top node).</summary>
    public string TopNode => Plan.Split('\n')[0].Trim();
}
