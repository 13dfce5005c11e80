using Ferry.Core.Persistence;
using Ferry.UnitTests.Support;

namespace Ferry.UnitTests.Core.Persistence;

/// <summary>
/// <see cref="LeaderLeaseStore"/> on every backend, with times from a fake clock: one holder at a time, renewal,
/// take-over after the lease lapses or is given up, and exactly one winner among real concurrent acquirers.
/// </summary>
public sealed class LeaderLeaseStoreTests
{
    private const string Lease = "sweeper";

    private static readonly TimeSpan _duration = TimeSpan.FromSeconds(30);

    public static TheoryData<StoreBackend> Backends => [StoreBackend.Sqlite, StoreBackend.PostgreSql];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<bool> AcquireAsync(StoreEngine engine, string owner) =>
        engine.LeaderLeases.TryAcquireAsync(Lease, owner, engine.Clock.GetUtcNow(), _duration, Ct);

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Of_two_owners_only_the_first_acquires_the_lease_while_it_is_live(StoreBackend backend)
    {
        await using var engine = await StoreEngine.StartAsync(backend);

        Assert.True(await AcquireAsync(engine, "a"));
        Assert.False(await AcquireAsync(engine, "b"));
        engine.Clock.Advance(_duration - TimeSpan.FromSeconds(1));
        Assert.False(await AcquireAsync(engine, "b"));

        var lease = await engine.LeaderLeases.FindOrNullAsync(Lease, Ct);
        Assert.Equal(("a", SqliteJobEngine.Start + _duration), (lease?.Owner, lease?.ExpiresAt));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task The_holder_renews_its_lease_and_keeps_it_past_the_first_expiry(StoreBackend backend)
    {
        await using var engine = await StoreEngine.StartAsync(backend);
        Assert.True(await AcquireAsync(engine, "a"));

        engine.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await AcquireAsync(engine, "a"));
        engine.Clock.Advance(TimeSpan.FromSeconds(20));

        Assert.False(await AcquireAsync(engine, "b"));
        var lease = await engine.LeaderLeases.FindOrNullAsync(Lease, Ct);
        Assert.Equal(("a", SqliteJobEngine.Start + TimeSpan.FromSeconds(20) + _duration), (lease?.Owner, lease?.ExpiresAt));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Once_the_lease_lapses_another_owner_takes_it_over_and_the_old_holder_is_refused(StoreBackend backend)
    {
        await using var engine = await StoreEngine.StartAsync(backend);
        Assert.True(await AcquireAsync(engine, "a"));

        engine.Clock.Advance(_duration);

        Assert.True(await AcquireAsync(engine, "b"));
        Assert.False(await AcquireAsync(engine, "a"));
        Assert.Equal("b", (await engine.LeaderLeases.FindOrNullAsync(Lease, Ct))?.Owner);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Releasing_lets_another_owner_take_the_lease_at_once_and_only_the_holder_can_release(StoreBackend backend)
    {
        await using var engine = await StoreEngine.StartAsync(backend);
        Assert.True(await AcquireAsync(engine, "a"));

        await engine.LeaderLeases.ReleaseAsync(Lease, "b", Ct);
        Assert.False(await AcquireAsync(engine, "b"));
        await engine.LeaderLeases.ReleaseAsync(Lease, "a", Ct);

        Assert.Null(await engine.LeaderLeases.FindOrNullAsync(Lease, Ct));
        Assert.True(await AcquireAsync(engine, "b"));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Leases_of_different_loops_are_independent(StoreBackend backend)
    {
        await using var engine = await StoreEngine.StartAsync(backend);

        Assert.True(await engine.LeaderLeases.TryAcquireAsync("sweeper", "a", engine.Clock.GetUtcNow(), _duration, Ct));
        Assert.True(await engine.LeaderLeases.TryAcquireAsync("webhooks", "b", engine.Clock.GetUtcNow(), _duration, Ct));
        Assert.False(await engine.LeaderLeases.TryAcquireAsync("webhooks", "a", engine.Clock.GetUtcNow(), _duration, Ct));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Of_eight_concurrent_acquirers_of_a_new_lease_exactly_one_wins(StoreBackend backend)
    {
        await using var engine = await StoreEngine.StartAsync(backend);

        var winners = await AcquireConcurrentlyAsync(engine, "round1-", 8);

        Assert.Single(winners);
        Assert.Equal(winners[0], (await engine.LeaderLeases.FindOrNullAsync(Lease, Ct))?.Owner);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Of_eight_concurrent_acquirers_of_a_lapsed_lease_exactly_one_wins(StoreBackend backend)
    {
        await using var engine = await StoreEngine.StartAsync(backend);
        Assert.True(await AcquireAsync(engine, "dead"));
        engine.Clock.Advance(_duration + TimeSpan.FromSeconds(1));

        var winners = await AcquireConcurrentlyAsync(engine, "round2-", 8);

        Assert.Single(winners);
        Assert.Equal(winners[0], (await engine.LeaderLeases.FindOrNullAsync(Lease, Ct))?.Owner);
    }

    /// <summary>Starts <paramref name="count"/> acquirers on the thread pool, released together; returns the owners that got true.</summary>
    private static async Task<string[]> AcquireConcurrentlyAsync(StoreEngine engine, string prefix, int count)
    {
        using var go = new SemaphoreSlim(0);
        var now = engine.Clock.GetUtcNow();
        var attempts = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await go.WaitAsync(Ct);
            var owner = prefix + i;
            return (Owner: owner, Won: await engine.LeaderLeases.TryAcquireAsync(Lease, owner, now, _duration, Ct));
        })).ToList();
        go.Release(count);
        var results = await Task.WhenAll(attempts);
        return [.. results.Where(r => r.Won).Select(r => r.Owner)];
    }
}
