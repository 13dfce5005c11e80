using Ferry.Core;
using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Ferry.Core.Security;
using Ferry.Core.Transfer;
using Ferry.Data.PostgreSql;
using Ferry.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.UnitTests.Support;

/// <summary>
/// The real Core services of one store test on the backend it names: a SQLite file in a temporary folder, or a
/// PostgreSQL database of its own; a <see cref="FakeTimeProvider"/> starting at <see cref="SqliteJobEngine.Start"/>.
/// Nothing is shared between tests. Services resolved from it share its store, as instances sharing a database do.
/// </summary>
public sealed class StoreEngine : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly Func<ValueTask> _cleanUp;

    private StoreEngine(ServiceProvider services, FakeTimeProvider clock, StoreBackend backend, string? connectionString, Func<ValueTask> cleanUp)
    {
        _services = services;
        _cleanUp = cleanUp;
        Clock = clock;
        Backend = backend;
        ConnectionString = connectionString;
    }

    public FakeTimeProvider Clock { get; }

    public StoreBackend Backend { get; }

    /// <summary>The PostgreSQL database, or null on SQLite.</summary>
    public string? ConnectionString { get; }

    public IServiceProvider Services => _services;

    public JobService Jobs => _services.GetRequiredService<JobService>();

    public DataCentre DataCentre => _services.GetRequiredService<DataCentre>();

    public TransferStore Transfers => _services.GetRequiredService<TransferStore>();

    public LeaderLeaseStore LeaderLeases => _services.GetRequiredService<LeaderLeaseStore>();

    public static async Task<StoreEngine> StartAsync(StoreBackend backend)
    {
        var clock = new FakeTimeProvider(SqliteJobEngine.Start);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ISecretProtector, PrefixReversingProtector>();
        services.AddFerryCore();
        if (backend == StoreBackend.Sqlite)
        {
            var directory = Directory.CreateTempSubdirectory("ferry-unit-").FullName;
            services.AddSqliteJobStore(Path.Combine(directory, SqliteJobStoreExtensions.FileName));
            var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            await provider.MigrateSqliteAsync(CancellationToken.None);
            return new StoreEngine(provider, clock, backend, null, () =>
            {
                SqliteConnection.ClearAllPools();
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                    // A handle the OS still holds; the temp folder is cleaned later.
                }

                return ValueTask.CompletedTask;
            });
        }

        var database = await PostgreSqlTestDatabase.CreateAsync(TestContext.Current.CancellationToken);
        services.AddPostgreSqlJobStore(database.ConnectionString);
        var pg = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new StoreEngine(pg, clock, backend, database.ConnectionString, database.DisposeAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _cleanUp();
    }
}
