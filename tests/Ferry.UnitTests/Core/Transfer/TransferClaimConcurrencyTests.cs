using Ferry.Core.Audit;
using Ferry.Core.Jobs;
using Ferry.Core.Transfer;
using Ferry.UnitTests.Support;
using Npgsql;
using static Ferry.UnitTests.Support.DataCentreSteps;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Core.Transfer;

/// <summary>
/// <see cref="TransferStore.ClaimOrNullAsync"/> under real concurrent claimers (parallel tasks, distinct owners, a
/// context each) on every backend: each drive is claimed once while its lease is live, a lapsed lease is taken over,
/// an export job is claimed whole; on PostgreSQL a drive row another transaction locked is skipped, not waited for.
/// </summary>
public sealed class TransferClaimConcurrencyTests
{
    private const int Claimers = 8;

    private static readonly TimeSpan _lease = TimeSpan.FromMinutes(2);

    public static TheoryData<StoreBackend> Backends => [StoreBackend.Sqlite, StoreBackend.PostgreSql];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task ShipAndReceiveAsync(StoreEngine engine, string name, CreateJob request, params string[] driveIds)
    {
        Ok(await engine.Jobs.PutAsync(Key(name), JobCondition.None, Parsed(request), Ct));
        Ok(await engine.Jobs.UpdateAsync(Key(name), JobCondition.None, Parsed(new JobUpdate { RequestShipping = true, DeliveryPackage = SampleDeliveryPackage }), Ct));
        Ok(await engine.DataCentre.ReceivePackageAsync(Key(name), [.. driveIds.Select(d => new ReceivedDrive(d, "/bay/" + d))], Actor.Operator, Ct));
    }

    /// <summary>Runs <see cref="Claimers"/> claims at once on the thread pool, owners <paramref name="prefix"/>0…; returns the claims made.</summary>
    private static async Task<TransferClaim[]> ClaimConcurrentlyAsync(StoreEngine engine, string prefix)
    {
        using var go = new SemaphoreSlim(0);
        var now = engine.Clock.GetUtcNow();
        var claims = Enumerable.Range(0, Claimers).Select(i => Task.Run(async () =>
        {
            await go.WaitAsync(Ct);
            return await engine.Transfers.ClaimOrNullAsync(prefix + i, autoStart: true, now, _lease, Ct);
        })).ToList();
        go.Release(Claimers);
        return [.. (await Task.WhenAll(claims)).OfType<TransferClaim>()];
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Concurrent_claimers_take_each_drive_exactly_once_and_take_it_over_once_the_lease_lapses(StoreBackend backend)
    {
        await using var engine = await StoreEngine.StartAsync(backend);
        string[] drives = [D0, D1, D2, "DRIVE0003"];
        await ShipAndReceiveAsync(engine, "jobp", Import(4), drives);

        var first = await ClaimConcurrentlyAsync(engine, "first-");
        var whileLive = await ClaimConcurrentlyAsync(engine, "second-");
        engine.Clock.Advance(_lease);
        var afterLapse = await ClaimConcurrentlyAsync(engine, "third-");

        Assert.Equal(drives, first.Select(c => c.DriveId).Order(StringComparer.Ordinal));
        Assert.Equal(drives.Length, first.Select(c => c.Owner).Distinct().Count());
        Assert.Empty(whileLive);
        Assert.Equal(drives, afterLapse.Select(c => c.DriveId).Order(StringComparer.Ordinal));
        Assert.All(afterLapse, c => Assert.StartsWith("third-", c.Owner, StringComparison.Ordinal));
        Assert.Equal(drives.Length, afterLapse.Select(c => c.Owner).Distinct().Count());
        Assert.All(first, c => Assert.Equal(first[0].JobId, c.JobId));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Concurrent_claimers_take_an_export_job_once_as_a_whole(StoreBackend backend)
    {
        await using var engine = await StoreEngine.StartAsync(backend);
        await ShipAndReceiveAsync(engine, "jobq", Export(), "E1", "E2", "E3");

        var claims = await ClaimConcurrentlyAsync(engine, "w");

        Assert.Equal("", Assert.Single(claims).DriveId);
    }

    [Fact]
    public async Task On_PostgreSQL_a_drive_row_another_transaction_locked_is_skipped_not_waited_for()
    {
        await using var engine = await StoreEngine.StartAsync(StoreBackend.PostgreSql);
        await ShipAndReceiveAsync(engine, "jobr", Import(2), D0, D1);
        await using var other = new NpgsqlConnection(engine.ConnectionString);
        await other.OpenAsync(Ct);
        await using var transaction = await other.BeginTransactionAsync(Ct);
        await using (var lockD0 = new NpgsqlCommand("SELECT 1 FROM drives WHERE \"DriveId\" = @id FOR UPDATE", other, transaction))
        {
            lockD0.Parameters.AddWithValue("id", D0);
            await lockD0.ExecuteScalarAsync(Ct);
        }

        // Only a safety net: a claim that waited for the lock would hang here instead of failing.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        var claim = await engine.Transfers.ClaimOrNullAsync("w1", autoStart: true, engine.Clock.GetUtcNow(), _lease, bound.Token);
        var none = await engine.Transfers.ClaimOrNullAsync("w2", autoStart: true, engine.Clock.GetUtcNow(), _lease, bound.Token);
        await transaction.CommitAsync(Ct);
        var unlocked = await engine.Transfers.ClaimOrNullAsync("w2", autoStart: true, engine.Clock.GetUtcNow(), _lease, Ct);

        Assert.Equal(D1, claim?.DriveId);
        Assert.Null(none);
        Assert.Equal(D0, unlocked?.DriveId);
    }
}
