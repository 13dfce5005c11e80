using Ferry.Core.Persistence;
using Ferry.Data.Sqlite;

namespace Ferry.Server.Hosting;

/// <summary>
/// The job store of a data directory, opened without a server (for <c>ferry subscription</c> and <c>ferry db</c>).
/// SQLite allows this beside a running server; the migration is the same one the server applies.
/// </summary>
public sealed class LocalStore : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private LocalStore(ServiceProvider services) => _services = services;

    /// <summary>The store.</summary>
    public IJobStore Store => _services.GetRequiredService<IJobStore>();

    /// <summary>Opens (creating and migrating if needed) the store of <paramref name="dataDirectory"/>.</summary>
    public static async Task<LocalStore> OpenAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var directory = ServerBootstrap.PrepareDataDirectory(dataDirectory);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSqliteJobStore(Path.Combine(directory, SqliteJobStoreExtensions.FileName))
            .AddSingleton<IJobStore, JobStore>()
            .BuildServiceProvider();
        await services.MigrateSqliteAsync(cancellationToken);
        return new LocalStore(services);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
