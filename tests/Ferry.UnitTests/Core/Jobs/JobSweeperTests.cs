using Ferry.Core.Audit;
using Ferry.Core.Jobs;
using Ferry.UnitTests.Support;
using static Ferry.UnitTests.Support.DataCentreSteps;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Core.Jobs;

/// <summary><see cref="JobSweeper.SweepOnceAsync"/> on a real SQLite file: the T1, T2 and T3 rules of docs/lifecycle.md §5.</summary>
public sealed class JobSweeperTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task CreateAsync(SqliteJobEngine engine, string name, int drives = 1)
    {
        var result = await engine.Jobs.PutAsync(Key(name), JobCondition.None, Parsed(Import(drives)), Ct);
        Assert.Null(result.Error);
    }

    private static async Task<bool> StoredAsync(SqliteJobEngine engine, string name) =>
        await engine.Store.FindJobOrNullAsync(ApiSurface.Classic, Subscription, "", name.ToUpperInvariant(), Ct) is not null;

    [Fact]
    public async Task A_Creating_job_is_deleted_two_weeks_after_its_last_touch_and_not_a_second_earlier()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "MySampleJob");

        engine.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromSeconds(1));
        var early = await engine.Sweeper.SweepOnceAsync(Ct);
        var storedEarly = await StoredAsync(engine, "MySampleJob");
        engine.Clock.Advance(TimeSpan.FromSeconds(1));
        var onTime = await engine.Sweeper.SweepOnceAsync(Ct);

        Assert.Equal(0, early);
        Assert.True(storedEarly);
        Assert.Equal(1, onTime);
        Assert.False(await StoredAsync(engine, "MySampleJob"));
    }

    [Fact]
    public async Task An_update_moves_the_Creating_deadline_to_two_weeks_after_the_update()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "MySampleJob");
        engine.Clock.Advance(TimeSpan.FromDays(10));
        Assert.Null((await engine.Jobs.UpdateAsync(Key("MySampleJob"), JobCondition.None, Parsed(new JobUpdate { Description = "touch" }), Ct)).Error);

        engine.Clock.Advance(TimeSpan.FromDays(4));
        var atOriginalDeadline = await engine.Sweeper.SweepOnceAsync(Ct);
        engine.Clock.Advance(TimeSpan.FromDays(10));
        var atNewDeadline = await engine.Sweeper.SweepOnceAsync(Ct);

        Assert.Equal(0, atOriginalDeadline);
        Assert.Equal(1, atNewDeadline);
    }

    [Theory]
    [InlineData(JobState.Completed)]
    [InlineData(JobState.Closed)]
    public async Task A_finished_job_is_purged_90_days_after_it_finished_not_after_it_was_created(JobState finished)
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "MySampleJob");
        engine.Clock.Advance(TimeSpan.FromDays(30));
        await engine.ForceStateAsync(Key("MySampleJob"), finished);

        engine.Clock.Advance(TimeSpan.FromDays(90) - TimeSpan.FromSeconds(1));
        var early = await engine.Sweeper.SweepOnceAsync(Ct);
        var storedEarly = await StoredAsync(engine, "MySampleJob");
        engine.Clock.Advance(TimeSpan.FromSeconds(1));
        var onTime = await engine.Sweeper.SweepOnceAsync(Ct);

        Assert.Equal(0, early);
        Assert.True(storedEarly);
        Assert.Equal(1, onTime);
        Assert.False(await StoredAsync(engine, "MySampleJob"));
    }

    [Theory]
    [InlineData(JobState.Shipping)]
    [InlineData(JobState.Received)]
    [InlineData(JobState.Transferring)]
    [InlineData(JobState.Packaging)]
    public async Task A_job_in_progress_is_never_swept(JobState state)
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "MySampleJob");
        await engine.ForceStateAsync(Key("MySampleJob"), state);

        engine.Clock.Advance(TimeSpan.FromDays(400));

        Assert.Equal(0, await engine.Sweeper.SweepOnceAsync(Ct));
        Assert.True(await StoredAsync(engine, "MySampleJob"));
    }

    [Fact]
    public async Task A_sweep_deletes_the_drives_of_the_jobs_it_deletes_and_leaves_other_jobs_alone()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "old1", drives: 3);
        await CreateAsync(engine, "old2", drives: 2);
        engine.Clock.Advance(TimeSpan.FromDays(7));
        await CreateAsync(engine, "young", drives: 1);
        engine.Clock.Advance(TimeSpan.FromDays(7));

        var deleted = await engine.Sweeper.SweepOnceAsync(Ct);

        Assert.Equal(2, deleted);
        Assert.Equal(["young"], (await engine.ReadRawRowsAsync("jobs")).Select(r => (string)r["Name"]!));
        Assert.Single(await engine.ReadRawRowsAsync("drives"));
        Assert.Equal(0, await engine.Sweeper.SweepOnceAsync(Ct));
    }

    [Fact]
    public async Task The_sweeper_honours_configured_durations()
    {
        await using var engine = await SqliteJobEngine.StartAsync(new SqliteJobEngineOptions(CreatingExpiry: TimeSpan.FromHours(1), RetainFinishedFor: TimeSpan.FromHours(2)));
        await CreateAsync(engine, "creating");
        await CreateAsync(engine, "finished");
        await engine.ForceStateAsync(Key("finished"), JobState.Completed);

        engine.Clock.Advance(TimeSpan.FromHours(1));
        var first = await engine.Sweeper.SweepOnceAsync(Ct);
        engine.Clock.Advance(TimeSpan.FromHours(1));
        var second = await engine.Sweeper.SweepOnceAsync(Ct);

        Assert.Equal(1, first);
        Assert.False(await StoredAsync(engine, "creating"));
        Assert.Equal(1, second);
        Assert.False(await StoredAsync(engine, "finished"));
    }

    [Fact]
    public async Task A_drive_still_Specified_two_weeks_after_Shipping_becomes_NeverReceived_and_not_a_tick_earlier()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "MySampleJob", drives: 2);
        engine.Clock.Advance(TimeSpan.FromDays(3));
        await engine.ShipAsync("MySampleJob");

        engine.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromTicks(1));
        await engine.Sweeper.SweepOnceAsync(Ct);
        var early = await engine.ReadAsync("MySampleJob");
        engine.Clock.Advance(TimeSpan.FromTicks(1));
        await engine.Sweeper.SweepOnceAsync(Ct);
        var onTime = await engine.ReadAsync("MySampleJob");

        Assert.All(early.Drives, d => Assert.Equal(DriveState.Specified, d.State));
        Assert.Equal(JobState.Shipping, onTime.State);
        Assert.All(onTime.Drives, d => Assert.Equal((DriveState.NeverReceived, SqliteJobEngine.Start.AddDays(17)), (d.State, d.StateChangedAt)));
        var marked = (await engine.AuditAsync("MySampleJob")).TakeLast(2).ToList();
        Assert.All(marked, e => Assert.Equal((AuditAction.NeverReceived, "Specified", "NeverReceived", AuditActorKind.System, "sweeper"),
            (e.Action, e.OldState, e.NewState, e.ActorKind, e.Actor)));
        Assert.Equal([D0, D1], marked.Select(e => e.DriveId));
    }

    [Fact]
    public async Task T2_leaves_drives_that_arrived_alone_and_settles_the_job_to_Received()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "MySampleJob", drives: 2);
        await engine.ShipAsync("MySampleJob");
        Ok(await engine.DataCentre.ReceiveDriveAsync(Key("MySampleJob"), D0, null, Actor.Operator, Ct));
        engine.Clock.Advance(TimeSpan.FromDays(14));

        await engine.Sweeper.SweepOnceAsync(Ct);

        var job = await engine.ReadAsync("MySampleJob");
        Assert.Equal(JobState.Received, job.State);
        Assert.Equal((DriveState.Received, DriveState.NeverReceived), (job.StateOf(D0), job.StateOf(D1)));
    }

    [Fact]
    public async Task T2_marks_a_job_once_and_leaves_Creating_jobs_and_export_jobs_alone()
    {
        await using var engine = await SqliteJobEngine.StartAsync(new SqliteJobEngineOptions(CreatingExpiry: TimeSpan.FromDays(30)));
        await CreateAsync(engine, "shipped");
        await engine.ShipAsync("shipped");
        await CreateAsync(engine, "creating");
        await engine.CreateShippedExportAsync("export");
        engine.Clock.Advance(TimeSpan.FromDays(14));

        await engine.Sweeper.SweepOnceAsync(Ct);
        var afterFirst = await engine.FootprintAsync("shipped");
        engine.Clock.Advance(TimeSpan.FromDays(1));
        await engine.Sweeper.SweepOnceAsync(Ct);

        Assert.Equal(DriveState.NeverReceived, (await engine.ReadAsync("shipped")).StateOf(D0));
        Assert.Equal(afterFirst, await engine.FootprintAsync("shipped"));
        Assert.Equal(DriveState.Specified, (await engine.ReadAsync("creating")).StateOf(D0));
        var export = await engine.ReadAsync("export");
        Assert.Equal((JobState.Shipping, 0), (export.State, export.Drives.Count));
        Assert.Equal([AuditAction.Create, AuditAction.Ship], (await engine.AuditAsync("export")).Select(e => e.Action));
    }

    [Fact]
    public async Task T2_honours_a_configured_deadline()
    {
        await using var engine = await SqliteJobEngine.StartAsync(new SqliteJobEngineOptions(NeverReceivedAfter: TimeSpan.FromHours(6)));
        await CreateAsync(engine, "MySampleJob");
        await engine.ShipAsync("MySampleJob");

        engine.Clock.Advance(TimeSpan.FromHours(6) - TimeSpan.FromSeconds(1));
        await engine.Sweeper.SweepOnceAsync(Ct);
        var early = (await engine.ReadAsync("MySampleJob")).StateOf(D0);
        engine.Clock.Advance(TimeSpan.FromSeconds(1));
        await engine.Sweeper.SweepOnceAsync(Ct);

        Assert.Equal(DriveState.Specified, early);
        Assert.Equal(DriveState.NeverReceived, (await engine.ReadAsync("MySampleJob")).StateOf(D0));
    }
}
