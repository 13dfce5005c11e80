using Ferry.Data.PostgreSql;
using Npgsql;

namespace Ferry.UnitTests.Support;

/// <summary>
/// A migrated PostgreSQL database of one test, created on the server of <c>FERRY_TEST_POSTGRES</c> (an Npgsql
/// connection string whose user may create databases) and dropped on dispose. Without the variable the test is skipped,
/// or fails under <c>CI=true</c>. (Stands in for the run-wide throwaway server of <c>tests/Shared/PostgreSqlServer.cs</c>
/// until it lands.)
/// </summary>
public sealed class PostgreSqlTestDatabase : IAsyncDisposable
{
    /// <summary>The environment variable naming the server.</summary>
    public const string Variable = "FERRY_TEST_POSTGRES";

    private readonly string _adminConnectionString;
    private readonly string _name;

    private PostgreSqlTestDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        _name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The connection string of the new database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates and migrates a database of its own; skips (or, under CI, fails) the test when no server is configured.</summary>
    public static async Task<PostgreSqlTestDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            var reason = $"No PostgreSQL server: set {Variable} to a connection string whose user may create databases.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(reason);
            }

            Assert.Skip(reason);
        }

        var admin = new NpgsqlConnectionStringBuilder(server) { Pooling = false };
        admin.Database ??= "postgres";
        var name = "ferry_unit_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(admin.ConnectionString, $"CREATE DATABASE \"{name}\"", cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        var database = new PostgreSqlTestDatabase(admin.ConnectionString, name, connectionString);
        try
        {
            await PostgreSqlJobStoreExtensions.MigrateAsync(connectionString, cancellationToken);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }

        return database;
    }

    public async ValueTask DisposeAsync()
    {
        using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await ExecuteAsync(_adminConnectionString, $"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", CancellationToken.None);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
