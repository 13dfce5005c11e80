using Ferry.Data.PostgreSql;
using Ferry.TestSupport;

namespace Ferry.UnitTests.Support;

/// <summary>
/// A migrated PostgreSQL database of one test on the run's throwaway server (<see cref="PostgreSqlServer"/>), dropped
/// on dispose. Without a server the test is skipped, or fails under <c>CI=true</c>.
/// </summary>
public sealed class PostgreSqlTestDatabase : IAsyncDisposable
{
    private readonly PostgreSqlServer _server;

    private PostgreSqlTestDatabase(PostgreSqlServer server, string connectionString)
    {
        _server = server;
        ConnectionString = connectionString;
    }

    /// <summary>The connection string of the new database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a migrated database of its own; skips (or, under CI, fails) the test when there is no server.</summary>
    public static async Task<PostgreSqlTestDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var server = await PostgreSqlServer.GetAsync();
        server.EnsureAvailable();
        return new PostgreSqlTestDatabase(server, await server.CreateDatabaseAsync(PostgreSqlJobStoreExtensions.MigrateAsync, cancellationToken));
    }

    public async ValueTask DisposeAsync() => await _server.DropDatabaseAsync(ConnectionString, CancellationToken.None);
}
