using System.Data.Common;
using System.Text.RegularExpressions;
using Ferry.Data.PostgreSql;
using Ferry.Data.Sqlite;
using Ferry.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ferry.UnitTests.Support;

/// <summary>
/// The job store of one test engine, on the run's backend (<see cref="TestDatabase"/>): a SQLite file in the engine's
/// temporary folder, or a fresh PostgreSQL database of the run's <see cref="PostgreSqlServer"/>, dropped on dispose.
/// </summary>
internal sealed class TestJobStore : IAsyncDisposable
{
    private readonly PostgreSqlServer? _server;

    private TestJobStore(string? databasePath, PostgreSqlServer? server, string? connectionString)
    {
        DatabasePath = databasePath;
        _server = server;
        ConnectionString = connectionString;
    }

    /// <summary>The SQLite file, or null on PostgreSQL.</summary>
    public string? DatabasePath { get; }

    /// <summary>The PostgreSQL database, or null on SQLite.</summary>
    public string? ConnectionString { get; }

    /// <summary>Registers the store in <paramref name="services"/>; a SQLite file goes into <paramref name="directory"/>.</summary>
    public static async Task<TestJobStore> AddAsync(IServiceCollection services, string directory)
    {
        if (!TestDatabase.IsPostgreSql)
        {
            var path = Path.Combine(directory, SqliteJobStoreExtensions.FileName);
            services.AddSqliteJobStore(path);
            return new TestJobStore(path, null, null);
        }

        var server = await PostgreSqlServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync(PostgreSqlJobStoreExtensions.MigrateAsync);
        services.AddPostgreSqlJobStore(connectionString);
        return new TestJobStore(null, server, connectionString);
    }

    /// <summary>Prepares the registered store: SQLite migrates its new file; a PostgreSQL database is a copy of the migrated template.</summary>
    public async Task MigrateAsync(IServiceProvider services)
    {
        if (DatabasePath is not null)
        {
            await services.MigrateSqliteAsync(CancellationToken.None);
        }
    }

    /// <summary>Every value of every row of <paramref name="table"/>, read with a separate connection.</summary>
    public async Task<List<Dictionary<string, object?>>> ReadRawRowsAsync(string table)
    {
        await using DbConnection connection = DatabasePath is not null
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString())
            : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\"";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = await reader.IsDBNullAsync(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// The plan the database chooses for <paramref name="queryString"/> (EF's <c>ToQueryString()</c> of a query), one line
    /// per step: SQLite's <c>EXPLAIN QUERY PLAN</c>, or PostgreSQL's <c>EXPLAIN</c> with sequential scans priced out so
    /// that a table this small still shows which index the query can use. The parameter values of the header are
    /// spliced into the statement as literals.
    /// </summary>
    public async Task<string> QueryPlanAsync(string queryString)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var body = new List<string>();
        foreach (var line in queryString.Split('\n'))
        {
            if (Regex.Match(line, @"^\.param set (@\w+) (.*)$") is { Success: true } sqlite)
            {
                values[sqlite.Groups[1].Value] = sqlite.Groups[2].Value;
            }
            else if (Regex.Match(line, @"^-- (@\w+)='(.*)'( \(.*\))?$") is { Success: true } npgsql)
            {
                values[npgsql.Groups[1].Value] = "'" + npgsql.Groups[2].Value.Replace("'", "''", StringComparison.Ordinal) + "'";
            }
            else
            {
                body.Add(line);
            }
        }

        var sql = Regex.Replace(string.Join('\n', body), @"@\w+", m => values.GetValueOrDefault(m.Value, m.Value));
        await using DbConnection connection = DatabasePath is not null
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString())
            : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        if (DatabasePath is null)
        {
            command.CommandText = "SET enable_seqscan = off";
            await command.ExecuteNonQueryAsync();
        }

        command.CommandText = (DatabasePath is not null ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql;
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetValue(reader.FieldCount - 1)?.ToString() ?? "");
        }

        return string.Join('\n', plan);
    }

    /// <summary>Drops the PostgreSQL database, or releases the SQLite file (its folder is the engine's to delete).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(ConnectionString!);
            return;
        }

        SqliteConnection.ClearAllPools();
    }
}
