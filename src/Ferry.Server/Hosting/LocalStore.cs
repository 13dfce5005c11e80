using Ferry.Core.Jobs;
using Ferry.Core.Persistence;

namespace Ferry.Server.Hosting;

/// <summary>
/// The job store opened without a server (for <c>ferry subscription</c> and <c>ferry db</c>): the data directory's
/// SQLite file (allowed beside a running server, and migrated as the server would), or a PostgreSQL database.
/// </summary>
public sealed class LocalStore : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private LocalStore(ServiceProvider services, IReadOnlyList<string> appliedMigrations)
    {
        _services = services;
        AppliedMigrations = appliedMigrations;
    }

    /// <summary>The migrations applied when the store was opened, in order (none when its schema was up to date).</summary>
    public IReadOnlyList<string> AppliedMigrations { get; }

    /// <summary>The store.</summary>
    public IJobStore Store => _services.GetRequiredService<IJobStore>();

    /// <summary>The services of the store (its DbContext factory).</summary>
    public IServiceProvider Services => _services;

    /// <summary>
    /// Opens the store of <paramref name="database"/> (SQLite: in <paramref name="dataDirectory"/>, created and migrated
    /// if needed). PostgreSQL is migrated only when <paramref name="migrate"/>; otherwise a schema that is not this
    /// build's is an <see cref="InvalidOperationException"/> saying how to migrate.
    /// </summary>
    public static async Task<LocalStore> OpenAsync(string dataDirectory, DatabaseOptions database, bool migrate, CancellationToken cancellationToken)
    {
        DatabaseSetup.Check(database);
        var directory = database.Provider == DatabaseProvider.Sqlite ? ServerBootstrap.PrepareDataDirectory(dataDirectory) : dataDirectory;
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<JobChangeSignal>()
            .AddSingleton(IStoreWriteGate.Open)
            .AddJobStore(database, directory)
            .AddSingleton<IJobStore, JobStore>()
            .BuildServiceProvider();
        IReadOnlyList<string> applied;
        try
        {
            applied = await services.PrepareStoreAsync(database, migrate, cancellationToken);
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }

        return new LocalStore(services, applied);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
