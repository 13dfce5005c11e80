using Ferry.Data.PostgreSql;
using Ferry.TestSupport;

namespace Ferry.IntegrationTests.Support;

/// <summary>
/// The database of each test server's data directory on the run's backend (<see cref="TestDatabase"/>). On SQLite the
/// server keeps its file in the data directory and this adds nothing. On PostgreSQL every data directory gets a
/// database of its own from the run's <see cref="PostgreSqlServer"/>, and a server started again on the same data
/// directory (a restart) gets the same database back, as a SQLite server gets its file back.
/// </summary>
internal static class ServerDatabases
{
    private const string ProviderKey = "Ferry:Database:Provider";
    private const string ConnectionStringKey = "Ferry:Database:ConnectionString";

    private static readonly Lock _gate = new();
    private static readonly Dictionary<string, Task<string>> _byDataDirectory = new(StringComparer.Ordinal);

    /// <summary>
    /// The server arguments (<c>--Ferry:Database:Provider PostgreSql --Ferry:Database:ConnectionString …</c>) that put
    /// <paramref name="dataDirectory"/>'s server on its database; none on SQLite, or when <paramref name="settings"/>
    /// already choose a database (the test's own choice wins).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ArgumentsAsync(string dataDirectory, IEnumerable<string>? settings = null)
    {
        if (!TestDatabase.IsPostgreSql || (settings ?? []).Any(s => ChoosesDatabase(s.TrimStart('-'))))
        {
            return [];
        }

        var server = await PostgreSqlServer.GetAsync();
        server.EnsureAvailable();
        var key = Path.GetFullPath(dataDirectory);
        Task<string>? database;
        lock (_gate)
        {
            if (!_byDataDirectory.TryGetValue(key, out database))
            {
                database = server.CreateDatabaseAsync(PostgreSqlJobStoreExtensions.MigrateAsync);
                _byDataDirectory[key] = database;
            }
        }

        string connectionString;
        try
        {
            connectionString = await database;
        }
        catch
        {
            lock (_gate)
            {
                _byDataDirectory.Remove(key);
            }

            throw;
        }

        return ["--" + ProviderKey, "PostgreSql", "--" + ConnectionStringKey, connectionString];
    }

    /// <summary>Whether a setting key (<c>Ferry:Database:Provider</c>, case-insensitive) picks the server's database itself.</summary>
    public static bool ChoosesDatabase(string key) =>
        key.Equals(ProviderKey, StringComparison.OrdinalIgnoreCase) || key.Equals(ConnectionStringKey, StringComparison.OrdinalIgnoreCase)
        || key is "database" or "connection-string";

    /// <summary>Drops the database of <paramref name="dataDirectory"/>, if it has one (when its owner deletes the directory).</summary>
    public static async Task ReleaseAsync(string dataDirectory)
    {
        Task<string>? created;
        lock (_gate)
        {
            if (!_byDataDirectory.Remove(Path.GetFullPath(dataDirectory), out created))
            {
                return;
            }
        }

        await ((Task)created).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (created.IsCompletedSuccessfully)
        {
            await (await PostgreSqlServer.GetAsync()).DropDatabaseAsync(await created);
        }
    }
}
