using Ferry.Core.Audit;
using Ferry.Core.Emulation;
using Ferry.Core.Jobs;
using Ferry.UnitTests.Support;
using static Ferry.UnitTests.Support.DataCentreSteps;

namespace Ferry.UnitTests.Core.Emulation;

/// <summary>
/// <see cref="Emulator.RunOnceAsync"/> on a real SQLite file, a real drive bay folder and a fake clock: how each
/// progression moves jobs through the data-centre steps, drives that never reach the bay, and export drives.
/// </summary>
public sealed class EmulatorTests
{
    private const int MaxPasses = 12;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SqliteJobEngineOptions Emulating(EmulationProgression progression = EmulationProgression.Immediate, TimeSpan? stepDelay = null, TimeSpan? neverReceivedAfter = null) =>
        new(Emulation: new EmulationSetup(progression, stepDelay, neverReceivedAfter));

    /// <summary>Puts a drive folder with a file of <paramref name="bytes"/> bytes into the bay; returns the folder.</summary>
    private static string InsertDrive(SqliteJobEngine engine, string relativePath, int bytes)
    {
        var folder = Path.Combine(engine.DriveBay, relativePath);
        Directory.CreateDirectory(Path.Combine(folder, "photos"));
        File.WriteAllBytes(Path.Combine(folder, "photos", "data.bin"), new byte[bytes]);
        return folder;
    }

    /// <summary>
    /// Runs passes while work is due at once (each pass answers zero), at most <see cref="MaxPasses"/>; stops when the
    /// job is finished or the emulator answers null or a wait. Returns the job, the last answer and the passes run.
    /// </summary>
    private static async Task<(Job Job, TimeSpan? Next, int Passes)> RunWhileDueAsync(SqliteJobEngine engine, string name)
    {
        TimeSpan? next = TimeSpan.Zero;
        var passes = 0;
        while (passes < MaxPasses && next == TimeSpan.Zero && !JobTransitions.IsFinished((await engine.ReadAsync(name)).State))
        {
            next = await engine.Emulator.RunOnceAsync(Ct);
            passes++;
        }

        return (await engine.ReadAsync(name), next, passes);
    }

    [Fact]
    public async Task Immediate_mode_takes_a_shipped_import_job_whose_drives_are_in_the_bay_to_Completed_one_step_per_pass()
    {
        await using var engine = await SqliteJobEngine.StartAsync(Emulating());
        await engine.CreateShippedAsync("MySampleJob", drives: 2);
        var folder0 = InsertDrive(engine, D0, 3);
        var folder1 = InsertDrive(engine, D1, 5);

        var (job, _, passes) = await RunWhileDueAsync(engine, "MySampleJob");
        var idle = await engine.Emulator.RunOnceAsync(Ct);

        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal(4, passes);
        Assert.Null(idle);
        Assert.All(job.Drives, d => Assert.Equal((DriveState.ShippedBack, CopyStatus.Completed, 100), (d.State, d.CopyStatus, d.PercentComplete)));
        Assert.Equal([(folder0, 3L), (folder1, 5L)], job.Drives.Select(d => (d.ContentPath!, d.BytesSucceeded)));
        Assert.Equal(100, job.PercentComplete);
        Assert.Equal(("FedEx", 2), (job.ReturnPackage!.CarrierName, job.ReturnPackage.DriveCount));
        Assert.Matches("^FERRY[0-9]{9}$", job.ReturnPackage.TrackingNumber);
        var steps = (await engine.AuditAsync("MySampleJob")).Skip(2).ToList();
        Assert.All(steps, e => Assert.Equal((AuditActorKind.System, "emulator"), (e.ActorKind, e.Actor)));
        Assert.Equal(
            ["Shipping>Received", "Received>Transferring", "Transferring>Packaging", "Packaging>Completed"],
            steps.Where(e => e.DriveId is null).Select(e => $"{e.OldState}>{e.NewState}"));
    }

    [Fact]
    public async Task With_the_transfer_engine_on_the_emulator_receives_drives_but_leaves_starting_and_finishing_copies_to_the_engine()
    {
        await using var engine = await SqliteJobEngine.StartAsync(Emulating() with { TransferEngine = true });
        await engine.CreateShippedAsync("RealCopy", drives: 1);
        InsertDrive(engine, D0, 3);

        var (job, next, passes) = await RunWhileDueAsync(engine, "RealCopy");

        Assert.Equal(JobState.Received, job.State);
        Assert.Equal(DriveState.Received, job.Drives.Single().State);
        Assert.Null(job.Drives.Single().CopyStatus);
        Assert.NotEqual(TimeSpan.Zero, next);
        Assert.True(passes <= 2);
    }

    [Fact]
    public async Task One_pass_steps_every_job_that_is_due()
    {
        await using var engine = await SqliteJobEngine.StartAsync(Emulating());
        await engine.CreateAsync("first", JobRequests.Import(1));
        await engine.ShipAsync("first");
        await engine.CreateShippedAsync("second", drives: 2);
        await engine.CreateAsync("creating");
        InsertDrive(engine, D0, 1);
        InsertDrive(engine, D1, 1);

        await engine.Emulator.RunOnceAsync(Ct);

        Assert.Equal(JobState.Received, (await engine.ReadAsync("first")).State);
        Assert.Equal(JobState.Received, (await engine.ReadAsync("second")).State);
        Assert.Equal(JobState.Creating, (await engine.ReadAsync("creating")).State);
    }

    [Fact]
    public async Task Delayed_mode_takes_one_step_only_once_the_delay_has_passed_since_the_last_state_change()
    {
        var delay = TimeSpan.FromSeconds(10);
        await using var engine = await SqliteJobEngine.StartAsync(Emulating(EmulationProgression.Delayed, delay));
        await engine.CreateShippedAsync("MySampleJob");
        InsertDrive(engine, D0, 1);

        engine.Clock.Advance(TimeSpan.FromSeconds(4));
        var before = await engine.FootprintAsync("MySampleJob");
        var early = await engine.Emulator.RunOnceAsync(Ct);
        var unchanged = await engine.FootprintAsync("MySampleJob");
        engine.Clock.Advance(TimeSpan.FromSeconds(6) - TimeSpan.FromTicks(1));
        var almost = await engine.Emulator.RunOnceAsync(Ct);
        var stillShipping = (await engine.ReadAsync("MySampleJob")).State;
        engine.Clock.Advance(TimeSpan.FromTicks(1));
        await engine.Emulator.RunOnceAsync(Ct);
        var afterStep = await engine.ReadAsync("MySampleJob");
        var next = await engine.Emulator.RunOnceAsync(Ct);

        Assert.Equal(TimeSpan.FromSeconds(6), early);
        Assert.Equal(before, unchanged);
        Assert.Equal(TimeSpan.FromTicks(1), almost);
        Assert.Equal(JobState.Shipping, stillShipping);
        Assert.Equal((JobState.Received, DriveState.Received), (afterStep.State, afterStep.StateOf(D0)));
        Assert.Equal(SqliteJobEngine.Start.AddSeconds(10), afterStep.StateChangedAt);
        Assert.Equal(delay, next);
        Assert.Equal(JobState.Received, (await engine.ReadAsync("MySampleJob")).State);
    }

    [Fact]
    public async Task Manual_mode_moves_nothing_however_long_the_job_waits()
    {
        await using var engine = await SqliteJobEngine.StartAsync(Emulating(EmulationProgression.Manual));
        await engine.CreateShippedAsync("MySampleJob");
        InsertDrive(engine, D0, 1);
        var before = await engine.FootprintAsync("MySampleJob");

        var first = await engine.Emulator.RunOnceAsync(Ct);
        engine.Clock.Advance(TimeSpan.FromDays(30));
        var later = await engine.Emulator.RunOnceAsync(Ct);

        Assert.Null(first);
        Assert.Null(later);
        Assert.Equal(before, await engine.FootprintAsync("MySampleJob"));
    }

    [Fact]
    public async Task Switching_to_Manual_at_runtime_stops_the_emulator()
    {
        await using var engine = await SqliteJobEngine.StartAsync(Emulating());
        await engine.CreateShippedAsync("MySampleJob");
        InsertDrive(engine, D0, 1);
        Ok(engine.EmulationControl.Set(EmulationProgression.Manual, null));

        Assert.Null(await engine.Emulator.RunOnceAsync(Ct));
        Assert.Equal(JobState.Shipping, (await engine.ReadAsync("MySampleJob")).State);
    }

    [Fact]
    public async Task A_server_without_emulation_moves_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob");
        InsertDrive(engine, D0, 1);

        Assert.Null(await engine.Emulator.RunOnceAsync(Ct));
        Assert.Equal(JobState.Shipping, (await engine.ReadAsync("MySampleJob")).State);
    }

    [Fact]
    public async Task A_job_waiting_for_its_drives_is_looked_at_again_after_the_poll_interval()
    {
        await using var engine = await SqliteJobEngine.StartAsync(Emulating());
        await engine.CreateShippedAsync("MySampleJob");
        var before = await engine.FootprintAsync("MySampleJob");

        var next = await engine.Emulator.RunOnceAsync(Ct);

        Assert.Equal(engine.EmulationControl.Options.PollInterval, next);
        Assert.Equal(before, await engine.FootprintAsync("MySampleJob"));
    }

    [Fact]
    public async Task A_step_that_leaves_the_job_in_its_state_is_looked_at_again_after_the_poll_interval_not_at_once()
    {
        await using var engine = await SqliteJobEngine.StartAsync(Emulating());
        await engine.CreateShippedAsync("MySampleJob", drives: 2);
        await engine.StartCopyAsync("MySampleJob", D0);

        var first = await engine.Emulator.RunOnceAsync(Ct);
        var second = await engine.Emulator.RunOnceAsync(Ct);

        var job = await engine.ReadAsync("MySampleJob");
        Assert.Equal((JobState.Transferring, DriveState.Completed, DriveState.Specified), (job.State, job.StateOf(D0), job.StateOf(D1)));
        Assert.Equal(engine.EmulationControl.Options.PollInterval, first);
        Assert.Equal(engine.EmulationControl.Options.PollInterval, second);
    }

    [Fact]
    public async Task A_drive_whose_folder_never_appears_becomes_NeverReceived_at_the_deadline_and_the_job_ends_Closed()
    {
        var deadline = TimeSpan.FromDays(1);
        await using var engine = await SqliteJobEngine.StartAsync(Emulating(neverReceivedAfter: deadline));
        await engine.CreateShippedAsync("MySampleJob", drives: 2);
        InsertDrive(engine, D0, 1);

        var (waiting, wait, _) = await RunWhileDueAsync(engine, "MySampleJob");
        engine.Clock.Advance(deadline - TimeSpan.FromTicks(1));
        await engine.Emulator.RunOnceAsync(Ct);
        var early = (await engine.ReadAsync("MySampleJob")).StateOf(D1);
        engine.Clock.Advance(TimeSpan.FromTicks(1));
        var (closed, _, _) = await RunWhileDueAsync(engine, "MySampleJob");

        Assert.Equal((JobState.Shipping, DriveState.Received, DriveState.Specified), (waiting.State, waiting.StateOf(D0), waiting.StateOf(D1)));
        Assert.Equal(engine.EmulationControl.Options.PollInterval, wait);
        Assert.Equal(DriveState.Specified, early);
        Assert.Equal((JobState.Closed, DriveState.ShippedBack, DriveState.NeverReceived), (closed.State, closed.StateOf(D0), closed.StateOf(D1)));
        Assert.Contains(await engine.AuditAsync("MySampleJob"), e =>
            (e.Action, e.DriveId, e.NewState, e.Actor) == (AuditAction.NeverReceived, D1, "NeverReceived", "emulator"));
    }

    [Fact]
    public async Task A_job_none_of_whose_drives_reach_the_bay_is_closed_at_the_deadline()
    {
        var deadline = TimeSpan.FromDays(2);
        await using var engine = await SqliteJobEngine.StartAsync(Emulating(neverReceivedAfter: deadline));
        await engine.CreateShippedAsync("MySampleJob", drives: 2);

        await engine.Emulator.RunOnceAsync(Ct);
        engine.Clock.Advance(deadline);
        var (job, _, _) = await RunWhileDueAsync(engine, "MySampleJob");

        Assert.Equal(JobState.Closed, job.State);
        Assert.All(job.Drives, d => Assert.Equal(DriveState.NeverReceived, d.State));
        var last = (await engine.AuditAsync("MySampleJob"))[^1];
        Assert.Equal((AuditAction.Close, "Closed", "emulator"), (last.Action, last.NewState, last.Actor));
    }

    [Fact]
    public async Task An_export_jobs_drives_are_the_subfolders_of_its_folder_in_the_bay()
    {
        await using var engine = await SqliteJobEngine.StartAsync(Emulating());
        await engine.CreateShippedExportAsync("MyExportJob");
        var folderB = InsertDrive(engine, Path.Combine("MyExportJob", "WD-B"), 7);
        var folderA = InsertDrive(engine, Path.Combine("MyExportJob", "WD-A"), 2);

        var (job, _, _) = await RunWhileDueAsync(engine, "MyExportJob");

        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal([("WD-A", folderA, 2L), ("WD-B", folderB, 7L)], job.Drives.Select(d => (d.DriveId, d.ContentPath!, d.BytesSucceeded)));
        Assert.All(job.Drives, d => Assert.Equal(DriveState.ShippedBack, d.State));
    }

    [Fact]
    public async Task An_export_job_completed_by_the_emulator_reveals_a_BitLocker_key_for_each_drive()
    {
        await using var engine = await SqliteJobEngine.StartAsync(Emulating());
        await engine.CreateShippedExportAsync("MyExportJob");
        InsertDrive(engine, Path.Combine("MyExportJob", "WD-A"), 1);

        var (job, _, _) = await RunWhileDueAsync(engine, "MyExportJob");

        Assert.Equal(JobState.Completed, job.State);
        var key = engine.Jobs.RevealBitLockerKey(job, job.DriveOf("WD-A"));
        Assert.NotNull(key);
        Assert.Matches("^([0-9]{6}-){7}[0-9]{6}$", key);
    }

    [Fact]
    public async Task A_cancelled_job_is_shipped_back_without_copying()
    {
        await using var engine = await SqliteJobEngine.StartAsync(Emulating());
        await engine.CreateShippedAsync("MySampleJob");
        await engine.CancelAsync("MySampleJob");
        InsertDrive(engine, D0, 4);

        var (job, _, passes) = await RunWhileDueAsync(engine, "MySampleJob");

        Assert.Equal(2, passes);
        Assert.Equal((JobState.Completed, DriveState.ShippedBack), (job.State, job.StateOf(D0)));
        Assert.Null(job.DriveOf(D0).CopyStatus);
        Assert.DoesNotContain(await engine.AuditAsync("MySampleJob"), e => e.Action == AuditAction.StartCopy);
    }
}
