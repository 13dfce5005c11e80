using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Ferry.UnitTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Ferry.UnitTests.Support.DataCentreSteps;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Core.Persistence;

/// <summary>
/// The Get Job read (docs/architecture.md §11.2): a store sharing its database (no snapshot cache) reads the job and its
/// drives in one statement, drives in their order, and sees every other instance's write at once; the SQLite snapshot
/// cache hands out copies and never keeps a read that overlapped a write.
/// </summary>
public sealed class JobReadTests
{
    public static TheoryData<StoreBackend> Backends => [StoreBackend.Sqlite, StoreBackend.PostgreSql];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JobStore OtherInstance(StoreEngine engine) =>
        new(engine.Services.GetRequiredService<IDbContextFactory<FerryDbContext>>(), IStoreWriteGate.Open, new JobChangeSignal());

    private static Task<Job?> FindAsync(JobStore store, string name) =>
        store.FindJobOrNullAsync(ApiSurface.Classic, Subscription, "", Key(name).NameKey, Ct);

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_shared_store_reads_the_job_with_its_drives_in_order_and_sees_other_instances_writes(StoreBackend backend)
    {
        await using var engine = await StartAsync(backend);
        var reader = OtherInstance(engine);
        Ok(await engine.Jobs.PutAsync(Key("many"), JobCondition.None, Parsed(Import(drives: 5)), Ct));
        Ok(await engine.Jobs.PutAsync(Key("none"), JobCondition.None, Parsed(Export()), Ct));

        var many = await FindAsync(reader, "many");
        Assert.NotNull(many);
        Assert.Equal(["DRIVE0000", "DRIVE0001", "DRIVE0002", "DRIVE0003", "DRIVE0004"], many.Drives.Select(d => d.DriveId));
        Assert.All(many.Drives, d => Assert.Equal(many.Id, d.JobId));
        var none = await FindAsync(reader, "none");
        Assert.NotNull(none);
        Assert.Empty(none.Drives);
        Assert.Null(await FindAsync(reader, "missing"));

        Ok(await engine.Jobs.UpdateAsync(Key("many"), JobCondition.None, Parsed(new JobUpdate { Description = "changed elsewhere" }), Ct));
        Assert.Equal("changed elsewhere", (await FindAsync(reader, "many"))?.Description);
        Ok(await engine.Jobs.DeleteAsync(Key("none"), JobCondition.None, Ct));
        Assert.Null(await FindAsync(reader, "none"));
    }

    [Fact]
    public void The_snapshot_cache_hands_out_copies_refuses_a_read_that_overlapped_a_write_and_stays_within_its_capacity()
    {
        var cache = new JobSnapshotCache(capacity: 2);
        static Job Job(string name) => new() { Surface = ApiSurface.Classic, SubscriptionId = Subscription, ResourceGroupKey = "", NameKey = name, Name = name };

        var version = cache.Version;
        cache.Offer(Job("A"), version);
        var first = cache.TryGet(ApiSurface.Classic, Subscription, "", "A");
        Assert.NotNull(first);
        first.Description = "changed by a caller";
        Assert.Null(cache.TryGet(ApiSurface.Classic, Subscription, "", "A")?.Description);

        // A write between the read's start and its offer: the snapshot may be stale, so it is not kept.
        var before = cache.Version;
        cache.Invalidate(Job("B"));
        cache.Offer(Job("B"), before);
        Assert.Null(cache.TryGet(ApiSurface.Classic, Subscription, "", "B"));
        Assert.Null(cache.TryGet(ApiSurface.Classic, Subscription, "", "A")?.Description);

        cache.Offer(Job("B"), cache.Version);
        cache.Offer(Job("C"), cache.Version);
        var kept = new[] { "A", "B", "C" }.Count(n => cache.TryGet(ApiSurface.Classic, Subscription, "", n) is not null);
        Assert.Equal(2, kept);
        Assert.NotNull(cache.TryGet(ApiSurface.Classic, Subscription, "", "C"));

        cache.InvalidateAll();
        Assert.Null(cache.TryGet(ApiSurface.Classic, Subscription, "", "C"));

        // Emptied, it holds its whole capacity again (the count it keeps starts over with the entries).
        cache.Offer(Job("D"), cache.Version);
        cache.Offer(Job("E"), cache.Version);
        Assert.NotNull(cache.TryGet(ApiSurface.Classic, Subscription, "", "D"));
        Assert.NotNull(cache.TryGet(ApiSurface.Classic, Subscription, "", "E"));
    }

    [Fact]
    public void A_full_snapshot_cache_makes_room_from_its_oldest_offer_and_skips_keys_invalidated_since()
    {
        var cache = new JobSnapshotCache(capacity: 3);
        static Job Job(string name) => new() { Surface = ApiSurface.Classic, SubscriptionId = Subscription, ResourceGroupKey = "", NameKey = name, Name = name };
        bool Has(string name) => cache.TryGet(ApiSurface.Classic, Subscription, "", name) is not null;

        foreach (var name in new[] { "A", "B", "C" })
        {
            cache.Offer(Job(name), cache.Version);
        }

        cache.Invalidate(Job("A")); // "A" is still queued, but no longer cached.
        cache.Offer(Job("D"), cache.Version);
        Assert.Equal([false, true, true, true], new[] { "A", "B", "C", "D" }.Select(Has));

        cache.Offer(Job("E"), cache.Version); // Full: the stale "A" is passed over, "B" (the oldest cached) makes room.
        Assert.Equal([false, true, true, true], new[] { "B", "C", "D", "E" }.Select(Has));

        // Many more offers than the capacity, with invalidations between them: the bound still holds and the newest stay.
        for (var i = 0; i < 1000; i++)
        {
            cache.Offer(Job($"J{i}"), cache.Version);
            if (i > 0)
            {
                cache.Invalidate(Job($"J{i - 1}"));
                cache.Offer(Job($"J{i - 1}"), cache.Version);
            }
        }

        Assert.Equal(3, new[] { "B", "C", "D", "E" }.Concat(Enumerable.Range(0, 1000).Select(i => $"J{i}")).Count(Has));
        Assert.True(Has("J999") && Has("J998"));
    }

    private static Task<StoreEngine> StartAsync(StoreBackend backend) => StoreEngine.StartAsync(backend);
}
