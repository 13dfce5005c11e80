using Ferry.Core.Jobs;
using Ferry.UnitTests.Support;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Core.Jobs;

/// <summary><see cref="JobSweeper.SweepOnceAsync"/> on a real SQLite file: the T1 and T3 rules of lifecycle.md §5.</summary>
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
}
