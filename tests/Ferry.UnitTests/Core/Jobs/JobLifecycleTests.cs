using Ferry.Core.Audit;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Ferry.UnitTests.Support;
using static Ferry.UnitTests.Support.DataCentreSteps;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Core.Jobs;

/// <summary>
/// Whole lifecycles on a real SQLite file, driven by customer requests (<see cref="JobService"/>) and data-centre steps
/// (<see cref="DataCentre"/>), with the automatic moves of <see cref="JobProgression"/> in between: the job diagram of
/// docs/lifecycle.md §1.1, the drive diagram of §2.1 and cancellation in every state (§4.1).
/// </summary>
public sealed class JobLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<Result<Job>> RequestCancel(SqliteJobEngine engine, string name) =>
        engine.Jobs.UpdateAsync(Key(name), JobCondition.None, Parsed(new JobUpdate { RequestCancel = true }), Ct);

    [Fact]
    public async Task An_import_job_goes_from_Creating_through_every_state_to_Completed()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var states = new List<JobState> { (await engine.CreateAsync("MySampleJob", Import(2))).State };

        states.Add((await engine.ShipAsync("MySampleJob")).State);
        states.Add((await engine.ReceiveAsync("MySampleJob", D0, D1)).State);
        states.Add((await engine.StartCopyAsync("MySampleJob", D0)).State);
        await engine.StartCopyAsync("MySampleJob", D1);
        await engine.FinishCopyAsync("MySampleJob", D0);
        states.Add((await engine.FinishCopyAsync("MySampleJob", D1)).State);
        states.Add((await engine.ShipBackAsync("MySampleJob")).State);

        Assert.Equal([JobState.Creating, JobState.Shipping, JobState.Received, JobState.Transferring, JobState.Packaging, JobState.Completed], states);
        var job = await engine.ReadAsync("MySampleJob");
        Assert.All(job.Drives, d => Assert.Equal((DriveState.ShippedBack, CopyStatus.Completed, 100), (d.State, d.CopyStatus, d.PercentComplete)));
        Assert.Equal(100, job.PercentComplete);
        Assert.False(job.CancelRequested);
    }

    [Fact]
    public async Task A_job_with_a_failed_drive_ends_Closed()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);
        await engine.ReceiveAsync("MySampleJob", D0, D1);
        await engine.StartCopyAsync("MySampleJob", D0);
        await engine.StartCopyAsync("MySampleJob", D1);
        await engine.FinishCopyAsync("MySampleJob", D0);
        await engine.FinishCopyAsync("MySampleJob", D1, CopyStatus.ManifestCorrupted);

        var job = await engine.ShipBackAsync("MySampleJob");

        Assert.Equal(JobState.Closed, job.State);
        Assert.All(job.Drives, d => Assert.Equal(DriveState.ShippedBack, d.State));
    }

    [Fact]
    public async Task A_job_with_a_drive_missing_from_the_package_ends_Closed_with_that_drive_NeverReceived()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);

        var received = await engine.ReceiveAsync("MySampleJob", D0);
        await engine.StartCopyAsync("MySampleJob", D0);
        var packaging = await engine.FinishCopyAsync("MySampleJob", D0);
        var closed = await engine.ShipBackAsync("MySampleJob");

        Assert.Equal((JobState.Received, DriveState.NeverReceived), (received.State, received.StateOf(D1)));
        Assert.Equal((JobState.Packaging, 100), (packaging.State, packaging.PercentComplete));
        Assert.Equal((JobState.Closed, DriveState.ShippedBack, DriveState.NeverReceived), (closed.State, closed.StateOf(D0), closed.StateOf(D1)));
    }

    [Fact]
    public async Task A_job_none_of_whose_drives_arrived_stays_Shipping_until_N2_closes_it()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);

        var afterPackage = await engine.ReceiveAsync("MySampleJob", "NOT-OURS");
        var closed = Ok(await engine.DataCentre.CloseAsync(Key("MySampleJob"), Actor.Operator, Ct));

        Assert.Equal(JobState.Shipping, afterPackage.State);
        Assert.All(afterPackage.Drives, d => Assert.Equal(DriveState.NeverReceived, d.State));
        Assert.Equal(JobState.Closed, closed.State);
        Assert.All(closed.Drives, d => Assert.Equal(DriveState.NeverReceived, d.State));
    }

    [Fact]
    public async Task A_drive_arriving_late_moves_its_Shipping_job_to_Received_and_the_job_can_complete()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 1);
        await engine.ReceiveAsync("MySampleJob", "NOT-OURS");

        var late = Ok(await engine.DataCentre.ReceiveDriveAsync(Key("MySampleJob"), D0, null, Actor.Operator, Ct));
        await engine.StartCopyAsync("MySampleJob", D0);
        await engine.FinishCopyAsync("MySampleJob", D0);
        var done = await engine.ShipBackAsync("MySampleJob");

        Assert.Equal((JobState.Received, DriveState.Received), (late.State, late.StateOf(D0)));
        Assert.Equal(JobState.Completed, done.State);
        Assert.Equal(2, done.ReturnPackage!.DriveCount);
    }

    [Fact]
    public async Task An_export_job_goes_from_Creating_to_Completed_with_the_drives_that_arrived()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedExportAsync("MyExportJob");

        var received = await engine.ReceiveAsync("MyExportJob", "WD-1");
        var transferring = await engine.StartCopyAsync("MyExportJob", "WD-1");
        var packaging = await engine.FinishCopyAsync("MyExportJob", "WD-1", bytes: 5);
        var completed = await engine.ShipBackAsync("MyExportJob");

        Assert.Equal([JobState.Received, JobState.Transferring, JobState.Packaging, JobState.Completed],
            [received.State, transferring.State, packaging.State, completed.State]);
        Assert.Equal(DriveState.ShippedBack, completed.StateOf("WD-1"));
    }

    [Fact]
    public async Task Cancelling_a_Creating_job_leaves_it_Creating_and_deletable()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateAsync("MySampleJob");

        var job = Ok(await RequestCancel(engine, "MySampleJob"));

        Assert.Equal((JobState.Creating, true), (job.State, job.CancelRequested));
        Assert.Equal((JobState.Creating, true), ((await engine.ReadAsync("MySampleJob")).State, (await engine.ReadAsync("MySampleJob")).CancelRequested));
        Assert.True(Ok(await engine.Jobs.DeleteAsync(Key("MySampleJob"), JobCondition.None, Ct)));
    }

    [Fact]
    public async Task A_job_cancelled_while_Shipping_goes_straight_to_Packaging_at_R1_and_ends_Completed_without_copying()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);

        var cancelled = Ok(await RequestCancel(engine, "MySampleJob"));
        var received = await engine.ReceiveAsync("MySampleJob", D0, D1);
        var start = await engine.DataCentre.StartCopyAsync(Key("MySampleJob"), D0, null, Actor.Operator, Ct);
        var done = await engine.ShipBackAsync("MySampleJob");

        Assert.Equal((JobState.Shipping, true), (cancelled.State, cancelled.CancelRequested));
        Assert.Equal(JobState.Packaging, received.State);
        Assert.All(received.Drives, d => Assert.Equal(DriveState.Received, d.State));
        AssertError(FerryErrors.Conflict, start.Error);
        Assert.Equal(JobState.Completed, done.State);
        Assert.All(done.Drives, d => Assert.Equal((DriveState.ShippedBack, (CopyStatus?)null), (d.State, d.CopyStatus)));
        var r1 = (await engine.AuditAsync("MySampleJob")).Where(e => e.DriveId is null && e.Action == AuditAction.ReceivePackage);
        Assert.Equal([("Shipping", "Packaging")], r1.Select(e => (e.OldState, e.NewState)));
    }

    [Fact]
    public async Task A_Received_job_moves_to_Packaging_as_soon_as_it_is_cancelled_with_its_drives_left_Received()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);
        await engine.ReceiveAsync("MySampleJob", D0, D1);

        var job = Ok(await RequestCancel(engine, "MySampleJob"));

        Assert.Equal(JobState.Packaging, job.State);
        Assert.All((await engine.ReadAsync("MySampleJob")).Drives, d => Assert.Equal(DriveState.Received, d.State));
        Assert.Equal(JobState.Completed, (await engine.ShipBackAsync("MySampleJob")).State);
    }

    [Fact]
    public async Task A_job_cancelled_while_Transferring_skips_drives_not_started_finishes_the_copying_one_then_packages()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 3);
        await engine.ReceiveAsync("MySampleJob", D0, D1, D2);
        await engine.StartCopyAsync("MySampleJob", D0);

        var cancelled = Ok(await RequestCancel(engine, "MySampleJob"));
        var refusedStart = await engine.DataCentre.StartCopyAsync(Key("MySampleJob"), D1, null, Actor.Operator, Ct);
        var progressed = await engine.ProgressAsync("MySampleJob", D0, 50, 500);
        var finished = await engine.FinishCopyAsync("MySampleJob", D0);
        var shipped = await engine.ShipBackAsync("MySampleJob");

        Assert.Equal(JobState.Transferring, cancelled.State);
        AssertError(FerryErrors.Conflict, refusedStart.Error);
        Assert.Equal(JobState.Transferring, progressed.State);
        Assert.Equal(JobState.Packaging, finished.State);
        Assert.Equal([DriveState.Completed, DriveState.Received, DriveState.Received], finished.Drives.Select(d => d.State));
        Assert.Equal(JobState.Completed, shipped.State);
        Assert.All(shipped.Drives, d => Assert.Equal(DriveState.ShippedBack, d.State));
        var settle = (await engine.AuditAsync("MySampleJob")).Single(e => e.Action == AuditAction.Settle);
        Assert.Equal(("Transferring", "Packaging"), (settle.OldState, settle.NewState));
    }

    [Fact]
    public async Task Cancelling_is_refused_with_a_409_once_the_job_is_Packaging_Completed_or_Closed_and_changes_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("packaging");
        await engine.ReceiveAsync("packaging", D0);
        await engine.StartCopyAsync("packaging", D0);
        await engine.FinishCopyAsync("packaging", D0);
        await engine.CreateShippedAsync("completed");
        await engine.ReceiveAsync("completed", D0);
        await engine.StartCopyAsync("completed", D0);
        await engine.FinishCopyAsync("completed", D0);
        await engine.ShipBackAsync("completed");
        await engine.CreateShippedAsync("closed");
        Ok(await engine.DataCentre.CloseAsync(Key("closed"), Actor.Operator, Ct));

        foreach (var (name, state) in new[] { ("packaging", JobState.Packaging), ("completed", JobState.Completed), ("closed", JobState.Closed) })
        {
            var before = await engine.FootprintAsync(name);
            engine.Clock.Advance(TimeSpan.FromMinutes(1));

            var result = await RequestCancel(engine, name);

            AssertError(FerryErrors.Conflict, result.Error);
            Assert.Equal(state, (await engine.ReadAsync(name)).State);
            Assert.Equal(before, await engine.FootprintAsync(name));
        }
    }
}
