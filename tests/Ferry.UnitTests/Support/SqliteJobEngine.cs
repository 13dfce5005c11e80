using Ferry.Core;
using Ferry.Core.Emulation;
using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Ferry.Core.Security;
using Ferry.Core.Transfer;
using Ferry.Core.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.UnitTests.Support;

/// <summary>
/// Limits and timers for a <see cref="SqliteJobEngine"/>; null keeps the default of <see cref="JobRulesOptions"/>.
/// <paramref name="Emulation"/> turns the emulated data centre on (off when null).
/// </summary>
public sealed record SqliteJobEngineOptions(
    int? MaxActiveJobsPerSubscription = null,
    TimeSpan? CreatingExpiry = null,
    TimeSpan? RetainFinishedFor = null,
    TimeSpan? NeverReceivedAfter = null,
    EmulationSetup? Emulation = null,
    bool TransferEngine = false);

/// <summary>
/// The emulator settings of a <see cref="SqliteJobEngine"/>; null keeps the default of <see cref="EmulationOptions"/>.
/// The drive bay is always the engine's own temporary folder (<see cref="SqliteJobEngine.DriveBay"/>).
/// </summary>
public sealed record EmulationSetup(EmulationProgression Progression = EmulationProgression.Immediate, TimeSpan? StepDelay = null, TimeSpan? NeverReceivedAfter = null);

/// <summary>
/// The job engine of one test: the real Core services on a real store of the run's backend (a SQLite file in a
/// temporary folder, or a PostgreSQL database of its own under <c>FERRY_TEST_DATABASE=postgresql</c>; see
/// <see cref="TestJobStore"/>), a <see cref="FakeTimeProvider"/> and a <see cref="PrefixReversingProtector"/>. Nothing
/// is shared between tests.
/// </summary>
public sealed class SqliteJobEngine : IAsyncDisposable
{
    /// <summary>The instant every engine's clock starts at.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;
    private readonly string _directory;
    private readonly TestJobStore _store;

    private SqliteJobEngine(ServiceProvider services, string directory, TestJobStore store, FakeTimeProvider clock)
    {
        _services = services;
        _directory = directory;
        _store = store;
        Clock = clock;
    }

    public FakeTimeProvider Clock { get; }

    public JobChangeSignal Changes => _services.GetRequiredService<JobChangeSignal>();

    public JobService Jobs => _services.GetRequiredService<JobService>();

    public JobSweeper Sweeper => _services.GetRequiredService<JobSweeper>();

    public IJobStore Store => _services.GetRequiredService<IJobStore>();

    public DataCentre DataCentre => _services.GetRequiredService<DataCentre>();

    public Emulator Emulator => _services.GetRequiredService<Emulator>();

    public TransferStore Transfers => _services.GetRequiredService<TransferStore>();

    public EmulationControl EmulationControl => _services.GetRequiredService<EmulationControl>();

    public WebhookService Webhooks => _services.GetRequiredService<WebhookService>();

    public WebhookStore WebhookStore => _services.GetRequiredService<WebhookStore>();

    /// <summary>The emulator's drive bay: an empty folder of this engine.</summary>
    public string DriveBay => Path.Combine(_directory, "bay");

    /// <summary>The SQLite file (only on SQLite).</summary>
    public string DatabasePath => _store.DatabasePath ?? throw new InvalidOperationException("This engine's store is PostgreSQL, not a SQLite file.");

    public static async Task<SqliteJobEngine> StartAsync(SqliteJobEngineOptions? options = null)
    {
        options ??= new SqliteJobEngineOptions();
        var directory = Directory.CreateTempSubdirectory("ferry-unit-").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "bay"));
        var clock = new FakeTimeProvider(Start);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ISecretProtector, PrefixReversingProtector>();
        services.AddSingleton<Ferry.Core.Webhooks.IWebhookHostResolver, DocumentationResolver>();
        services.AddFerryCore();
        var store = await TestJobStore.AddAsync(services, directory);
        services.Configure<JobRulesOptions>(rules =>
        {
            rules.MaxActiveJobsPerSubscription = options.MaxActiveJobsPerSubscription ?? rules.MaxActiveJobsPerSubscription;
            rules.CreatingExpiry = options.CreatingExpiry ?? rules.CreatingExpiry;
            rules.RetainFinishedFor = options.RetainFinishedFor ?? rules.RetainFinishedFor;
            rules.NeverReceivedAfter = options.NeverReceivedAfter ?? rules.NeverReceivedAfter;
        });
        services.Configure<EmulationOptions>(emulation =>
        {
            emulation.Enabled = options.Emulation is not null;
            emulation.DriveBay = Path.Combine(directory, "bay");
            emulation.Progression = options.Emulation?.Progression ?? emulation.Progression;
            emulation.StepDelay = options.Emulation?.StepDelay ?? emulation.StepDelay;
            emulation.NeverReceivedAfter = options.Emulation?.NeverReceivedAfter ?? emulation.NeverReceivedAfter;
        });
        services.Configure<TransferOptions>(transfer => transfer.Enabled = options.TransferEngine);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await store.MigrateAsync(provider);
        return new SqliteJobEngine(provider, directory, store, clock);
    }

    /// <summary>
    /// Moves a job to <paramref name="state"/> through the store, bypassing the state machine and the audit trail
    /// (for tests of rules that only look at the state; lifecycle tests use the <see cref="DataCentre"/> steps).
    /// </summary>
    public async Task<Job> ForceStateAsync(JobKey key, JobState state)
    {
        var job = await Store.FindJobOrNullAsync(key.Surface, key.SubscriptionId, key.ResourceGroup, key.NameKey, CancellationToken.None)
            ?? throw new InvalidOperationException($"No job {key.Name}.");
        var expected = job.LastModifiedAt;
        var now = Clock.GetUtcNow();
        job.State = state;
        job.StateChangedAt = now;
        job.LastModifiedAt = JobETag.Next(now, expected);
        if (!await Store.UpdateJobAsync(job, expected, [], CancellationToken.None))
        {
            throw new InvalidOperationException($"Job {key.Name} changed concurrently.");
        }

        return job;
    }

    /// <summary>Every value of every row of <paramref name="table"/>, read from the store with a separate connection.</summary>
    public Task<List<Dictionary<string, object?>>> ReadRawRowsAsync(string table) => _store.ReadRawRowsAsync(table);

    /// <summary>The plan the store's database chooses for a query's <c>ToQueryString()</c> (see <see cref="TestJobStore.QueryPlanAsync"/>).</summary>
    public Task<string> QueryPlanAsync(string queryString) => _store.QueryPlanAsync(queryString);

    /// <summary>A new context of the engine's store, for tests that look at the SQL a store query becomes.</summary>
    public Task<FerryDbContext> CreateContextAsync() =>
        _services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<FerryDbContext>>().CreateDbContextAsync();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _store.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A handle the OS still holds; the temp folder is cleaned later.
        }
    }
}
