using Ferry.Data.PostgreSql;
using Ferry.TestSupport;
using Npgsql;

namespace Ferry.UnitTests.Support;

/// <summary>
/// The suite's own PostgreSQL (<see cref="PostgreSqlServer"/>): every database is a migrated copy of the template, the
/// copies are independent, and a dropped one is gone. It runs on every backend run, because the PostgreSQL run of the
/// store tests stands on it.
/// </summary>
public sealed class PostgreSqlServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_database_carries_the_migrated_schema()
    {
        var server = await PostgreSqlServer.GetAsync();
        var database = await server.CreateDatabaseAsync(PostgreSqlJobStoreExtensions.MigrateAsync, Ct);
        try
        {
            Assert.Equal("jobs", await ScalarAsync(database, "SELECT to_regclass('jobs')::text"));
            Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM jobs"));
            Assert.True((long)(await ScalarAsync(database, "SELECT count(*) FROM \"__EFMigrationsHistory\""))! > 0);
        }
        finally
        {
            await server.DropDatabaseAsync(database, Ct);
        }
    }

    [Fact]
    public async Task Two_databases_from_the_template_are_independent()
    {
        var server = await PostgreSqlServer.GetAsync();
        var first = await server.CreateDatabaseAsync(PostgreSqlJobStoreExtensions.MigrateAsync, Ct);
        var second = await server.CreateDatabaseAsync(PostgreSqlJobStoreExtensions.MigrateAsync, Ct);
        try
        {
            Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);
            await ScalarAsync(first, "CREATE TABLE probe (id int); INSERT INTO probe VALUES (1); SELECT 1");

            Assert.Equal(1L, await ScalarAsync(first, "SELECT count(*) FROM probe"));
            Assert.Null(await ScalarAsync(second, "SELECT to_regclass('probe')::text"));
            var third = await server.CreateDatabaseAsync(PostgreSqlJobStoreExtensions.MigrateAsync, Ct);
            try
            {
                Assert.Null(await ScalarAsync(third, "SELECT to_regclass('probe')::text"));
            }
            finally
            {
                await server.DropDatabaseAsync(third, Ct);
            }
        }
        finally
        {
            await server.DropDatabaseAsync(first, Ct);
            await server.DropDatabaseAsync(second, Ct);
        }
    }

    [Fact]
    public async Task Dropping_a_database_removes_it_even_with_a_connection_open()
    {
        var server = await PostgreSqlServer.GetAsync();
        var database = await server.CreateDatabaseAsync(PostgreSqlJobStoreExtensions.MigrateAsync, Ct);
        var name = new NpgsqlConnectionStringBuilder(database).Database!;
        await using var open = new NpgsqlConnection(database);
        await open.OpenAsync(Ct);
        Assert.Contains(name, await server.ListDatabasesAsync(Ct));

        await server.DropDatabaseAsync(database, Ct);

        Assert.DoesNotContain(name, await server.ListDatabasesAsync(Ct));
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(Ct);
        return value is DBNull ? null : value;
    }
}
