using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Ferry.UnitTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Ferry.UnitTests.Support.DataCentreSteps;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Core.Persistence;

/// <summary>
/// List Jobs totals of a store that shares its database (no snapshot cache): a total is reused until any instance
/// writes a job of the subscription (its <see cref="SubscriptionVersion"/> moves) or a counted job reaches its
/// deadline, and never served stale after either.
/// </summary>
public sealed class SharedCountCacheTests
{
    public static TheoryData<StoreBackend> Backends => [StoreBackend.Sqlite, StoreBackend.PostgreSql];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A second instance's store on the engine's database: its own count cache, no snapshot cache.</summary>
    private static JobStore OtherInstance(StoreEngine engine) =>
        new(engine.Services.GetRequiredService<IDbContextFactory<FerryDbContext>>(), IStoreWriteGate.Open, new JobChangeSignal());

    private static async Task<int?> TotalAsync(JobStore store, StoreEngine engine)
    {
        var cutoffs = ExpiryCutoffs.At(engine.Clock.GetUtcNow(), engine.Services.GetRequiredService<IOptions<JobRulesOptions>>().Value);
        var query = new JobListQuery { Surface = ApiSurface.Classic, SubscriptionId = Subscription, StorageAccountName = Account, PageSize = 10, IncludeTotal = true };
        return (await store.ListJobsAsync(query, cutoffs, Ct)).Total;
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_total_is_reused_until_another_instance_writes_a_job_of_the_subscription(StoreBackend backend)
    {
        await using var engine = await StartAsync(backend);
        var reader = OtherInstance(engine);
        Ok(await engine.Jobs.PutAsync(Key("one"), JobCondition.None, Parsed(Import()), Ct));
        Ok(await engine.Jobs.PutAsync(Key("two"), JobCondition.None, Parsed(Import()), Ct));
        Assert.Equal(2, await TotalAsync(reader, engine));

        // A row removed behind every store's back (no counter moves): the reader keeps its total, so it did not count again.
        await using (var db = await engine.Services.GetRequiredService<IDbContextFactory<FerryDbContext>>().CreateDbContextAsync(Ct))
        {
            await db.Jobs.Where(j => j.NameKey == "TWO").ExecuteDeleteAsync(Ct);
        }

        Assert.Equal(2, await TotalAsync(reader, engine));

        // A write through the other instance moves the counter: the reader counts again.
        Ok(await engine.Jobs.PutAsync(Key("three"), JobCondition.None, Parsed(Import()), Ct));
        Assert.Equal(2, await TotalAsync(reader, engine));
        Ok(await engine.Jobs.UpdateAsync(Key("three"), JobCondition.None, Parsed(new JobUpdate { RequestShipping = true, DeliveryPackage = SampleDeliveryPackage }), Ct));
        Ok(await engine.Jobs.DeleteAsync(Key("one"), JobCondition.None, Ct));
        Assert.Equal(1, await TotalAsync(reader, engine));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_total_is_not_reused_once_a_counted_job_reaches_its_deadline(StoreBackend backend)
    {
        await using var engine = await StartAsync(backend);
        var reader = OtherInstance(engine);
        Ok(await engine.Jobs.PutAsync(Key("stale"), JobCondition.None, Parsed(Import()), Ct));
        Assert.Equal(1, await TotalAsync(reader, engine));

        // No write at all: only the clock moves past the Creating job's 14-day deadline.
        engine.Clock.Advance(TimeSpan.FromDays(15));
        Assert.Equal(0, await TotalAsync(reader, engine));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task The_sweeper_moves_the_counter_of_each_subscription_it_deletes_from(StoreBackend backend)
    {
        await using var engine = await StartAsync(backend);
        Ok(await engine.Jobs.PutAsync(Key("old"), JobCondition.None, Parsed(Import()), Ct));
        await using var db = await engine.Services.GetRequiredService<IDbContextFactory<FerryDbContext>>().CreateDbContextAsync(Ct);
        var before = await db.SubscriptionVersions.SingleAsync(v => v.SubscriptionId == Subscription, Ct);
        engine.Clock.Advance(TimeSpan.FromDays(15));
        Assert.Equal(1, await engine.Services.GetRequiredService<IJobStore>().DeleteExpiredJobsAsync(
            ExpiryCutoffs.At(engine.Clock.GetUtcNow(), engine.Services.GetRequiredService<IOptions<JobRulesOptions>>().Value), engine.Clock.GetUtcNow(), Ct));
        var after = await db.SubscriptionVersions.SingleAsync(v => v.SubscriptionId == Subscription, Ct);
        Assert.True(after.Version > before.Version);
    }

    private static Task<StoreEngine> StartAsync(StoreBackend backend) => StoreEngine.StartAsync(backend);
}
