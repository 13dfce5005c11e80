using Ferry.Core.Audit;
using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Ferry.Core.Transfer;
using Ferry.UnitTests.Support;
using Microsoft.EntityFrameworkCore;
using static Ferry.UnitTests.Support.DataCentreSteps;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Core.Transfer;

/// <summary>
/// <see cref="TransferStore"/> on a real SQLite file with a fake clock: what is claimable, that a live claim excludes
/// other workers, that a lapsed one is taken over, and that checkpoints belong to the claim holder.
/// </summary>
public sealed class TransferStoreTests
{
    private static readonly TimeSpan _lease = TimeSpan.FromMinutes(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task ReceiveWithContentAsync(SqliteJobEngine engine, string name, params string[] driveIds) =>
        Ok(await engine.DataCentre.ReceivePackageAsync(Key(name), [.. driveIds.Select(d => new ReceivedDrive(d, "/bay/" + d))], Actor.Operator, Ct));

    [Fact]
    public async Task A_received_drive_with_content_is_claimed_once_and_a_drive_without_content_never()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("joba", drives: 2);
        Ok(await engine.DataCentre.ReceivePackageAsync(Key("joba"), [new ReceivedDrive(D0, "/bay/d0"), new ReceivedDrive(D1, null)], Actor.Operator, Ct));

        var first = await engine.Transfers.ClaimOrNullAsync("w1", autoStart: true, engine.Clock.GetUtcNow(), _lease, Ct);
        var second = await engine.Transfers.ClaimOrNullAsync("w2", autoStart: true, engine.Clock.GetUtcNow(), _lease, Ct);

        Assert.Equal(D0, first?.DriveId);
        Assert.Null(second);
    }

    [Fact]
    public async Task Without_auto_start_only_a_drive_an_operator_started_is_claimable()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("jobb", drives: 2);
        await ReceiveWithContentAsync(engine, "jobb", D0, D1);

        Assert.Null(await engine.Transfers.ClaimOrNullAsync("w1", autoStart: false, engine.Clock.GetUtcNow(), _lease, Ct));
        Ok(await engine.DataCentre.StartCopyAsync(Key("jobb"), D1, null, Actor.Operator, Ct));
        Assert.Equal(D1, (await engine.Transfers.ClaimOrNullAsync("w1", autoStart: false, engine.Clock.GetUtcNow(), _lease, Ct))?.DriveId);
    }

    [Fact]
    public async Task A_cancelled_job_s_received_drives_are_not_started()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("jobc", drives: 2);
        Ok(await engine.DataCentre.ReceiveDriveAsync(Key("jobc"), D0, "/bay/d0", Actor.Operator, Ct));
        await engine.CancelAsync("jobc");

        Assert.Null(await engine.Transfers.ClaimOrNullAsync("w1", autoStart: true, engine.Clock.GetUtcNow(), _lease, Ct));
    }

    [Fact]
    public async Task A_lapsed_claim_is_taken_over_and_the_old_holder_can_neither_renew_nor_checkpoint()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("jobd");
        await ReceiveWithContentAsync(engine, "jobd", D0);
        var old = (await engine.Transfers.ClaimOrNullAsync("w1", true, engine.Clock.GetUtcNow(), _lease, Ct))!;
        Assert.True(await engine.Transfers.UpsertItemsAsync(old, [new TransferItem { Ordinal = 0, Decision = "{}" }], engine.Clock.GetUtcNow() + _lease, Ct));

        engine.Clock.Advance(_lease - TimeSpan.FromSeconds(1));
        Assert.Null(await engine.Transfers.ClaimOrNullAsync("w2", true, engine.Clock.GetUtcNow(), _lease, Ct));
        engine.Clock.Advance(TimeSpan.FromSeconds(2));
        var taken = await engine.Transfers.ClaimOrNullAsync("w2", true, engine.Clock.GetUtcNow(), _lease, Ct);

        Assert.Equal(("w2", D0), (taken?.Owner, taken?.DriveId));
        Assert.False(await engine.Transfers.RenewAsync(old, engine.Clock.GetUtcNow() + _lease, Ct));
        Assert.False(await engine.Transfers.UpsertItemsAsync(old, [new TransferItem { Ordinal = 1, Decision = "{}" }], engine.Clock.GetUtcNow() + _lease, Ct));
        var items = await engine.Transfers.ListItemsAsync(taken!, Ct);
        Assert.Equal([0], items.Select(i => i.Ordinal));
    }

    [Fact]
    public async Task Releasing_removes_the_claim_and_its_checkpoints_and_deleting_the_job_removes_them_too()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("jobe", drives: 2);
        await ReceiveWithContentAsync(engine, "jobe", D0, D1);
        var claim = (await engine.Transfers.ClaimOrNullAsync("w1", true, engine.Clock.GetUtcNow(), _lease, Ct))!;
        await engine.Transfers.UpsertItemsAsync(claim, [new TransferItem { Ordinal = 0, Result = "{}" }], engine.Clock.GetUtcNow() + _lease, Ct);

        await engine.Transfers.ReleaseAsync(claim, Ct);

        Assert.Empty(await engine.Transfers.ListItemsAsync(claim, Ct));
        Assert.Empty(await engine.ReadRawRowsAsync("transfer_leases"));
        var next = (await engine.Transfers.ClaimOrNullAsync("w1", true, engine.Clock.GetUtcNow(), _lease, Ct))!;
        await engine.Transfers.UpsertItemsAsync(next, [new TransferItem { Ordinal = 0, Decision = "{}" }], engine.Clock.GetUtcNow() + _lease, Ct);
        await engine.ForceStateAsync(Key("jobe"), JobState.Completed);
        Ok(await engine.Jobs.DeleteAsync(Key("jobe"), JobCondition.None, Ct));

        Assert.Empty(await engine.ReadRawRowsAsync("transfer_leases"));
        Assert.Empty(await engine.ReadRawRowsAsync("transfer_items"));
    }

    [Fact]
    public async Task An_export_job_is_claimed_whole()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedExportAsync("jobx");
        Ok(await engine.DataCentre.ReceivePackageAsync(Key("jobx"), [new ReceivedDrive("E1", "/bay/e1"), new ReceivedDrive("E2", "/bay/e2")], Actor.Operator, Ct));

        var claim = await engine.Transfers.ClaimOrNullAsync("w1", true, engine.Clock.GetUtcNow(), _lease, Ct);

        Assert.Equal("", claim?.DriveId);
        Assert.Null(await engine.Transfers.ClaimOrNullAsync("w2", true, engine.Clock.GetUtcNow(), _lease, Ct));
    }

    [Fact]
    public async Task The_claim_reads_the_claimable_drives_index_not_every_job()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("jobf", drives: 2);
        await using var db = await engine.CreateContextAsync();
        var query = TransferStore.Candidates(db, "w1", autoStart: true, engine.Clock.GetUtcNow()).Take(1).ToQueryString();

        var plan = await engine.QueryPlanAsync(query);

        TestContext.Current.TestOutputHelper?.WriteLine(plan);
        // The drives are found by their state (the partial index, or the state index on a table this small), and their
        // jobs by key: no line of the plan walks a whole table (SQLite "SCAN t" without an index, PostgreSQL "Seq Scan").
        Assert.Matches($"{FerryDbContext.ClaimableDrivesIndex}|IX_drives_State", plan);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        Assert.All(plan.Split('\n').Where(step => step.StartsWith("SCAN ", StringComparison.Ordinal)),
            step => Assert.Contains($"USING INDEX {FerryDbContext.ClaimableDrivesIndex}", step, StringComparison.Ordinal));
    }
}
