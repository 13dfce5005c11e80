using Ferry.Core.Audit;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Ferry.UnitTests.Support;
using static Ferry.UnitTests.Support.DataCentreSteps;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Core.Jobs;

/// <summary>Steps R1 (receive the package), R2 (a drive arrives), N1 (never received) and N2 (close).</summary>
public sealed partial class DataCentreTests
{
    private static Task<Result<Job>> Receive(SqliteJobEngine engine, string name, params string[] driveIds) =>
        engine.DataCentre.ReceivePackageAsync(Key(name), [.. driveIds.Select(d => new ReceivedDrive(d, null))], Actor.Operator, Ct);

    [Fact]
    public async Task R1_receives_the_listed_drives_of_an_import_job_and_moves_it_to_Received()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);
        engine.Clock.Advance(TimeSpan.FromDays(2));

        var job = Ok(await engine.DataCentre.ReceivePackageAsync(Key("MySampleJob"),
            [new ReceivedDrive(D0, "/bay/DRIVE0000"), new ReceivedDrive("drive0001", null)], Actor.Operator, Ct));

        var stored = await engine.ReadAsync("MySampleJob");
        Assert.Equal(JobState.Received, stored.State);
        Assert.Equal(SqliteJobEngine.Start.AddDays(2), stored.StateChangedAt);
        Assert.Equal(SqliteJobEngine.Start.AddDays(2), stored.LastModifiedAt);
        Assert.All(stored.Drives, d => Assert.Equal((DriveState.Received, SqliteJobEngine.Start.AddDays(2)), (d.State, d.StateChangedAt)));
        Assert.Equal("/bay/DRIVE0000", stored.DriveOf(D0).ContentPath);
        Assert.Null(stored.DriveOf(D1).ContentPath);
        Assert.All(stored.Drives, d => Assert.Null(d.CopyStatus));
        Assert.Empty(stored.ExtraDriveIds);
        Assert.Null(stored.PercentComplete);
        Assert.Equal(stored.LastModifiedAt, job.LastModifiedAt);
    }

    [Fact]
    public async Task R1_marks_job_drives_missing_from_the_package_NeverReceived_and_records_unlisted_ids_as_extra_drives()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 3);

        await engine.ReceiveAsync("MySampleJob", D0, "EXTRA-9", D2);

        var job = await engine.ReadAsync("MySampleJob");
        Assert.Equal(JobState.Received, job.State);
        Assert.Equal([DriveState.Received, DriveState.NeverReceived, DriveState.Received], job.Drives.Select(d => d.State));
        Assert.Equal(["EXTRA-9"], job.ExtraDriveIds);
        Assert.Equal(3, job.Drives.Count);
        var note = Assert.Single(await engine.AuditAsync("MySampleJob"), e => e.Action == AuditAction.ReceivePackage && e.OldState is null);
        Assert.Contains("EXTRA-9", note.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task R1_without_any_of_the_jobs_drives_leaves_the_job_Shipping_with_every_drive_NeverReceived()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);

        await engine.ReceiveAsync("MySampleJob", "STRANGER");

        var job = await engine.ReadAsync("MySampleJob");
        Assert.Equal(JobState.Shipping, job.State);
        Assert.All(job.Drives, d => Assert.Equal(DriveState.NeverReceived, d.State));
        Assert.Equal(["STRANGER"], job.ExtraDriveIds);
    }

    [Fact]
    public async Task R1_creates_one_Received_drive_per_id_for_an_export_job_in_package_order()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedExportAsync("MyExportJob");
        engine.Clock.Advance(TimeSpan.FromHours(3));

        Ok(await engine.DataCentre.ReceivePackageAsync(Key("MyExportJob"),
            [new ReceivedDrive("WD-B", "/bay/b"), new ReceivedDrive("WD-A", null)], Actor.Operator, Ct));

        var job = await engine.ReadAsync("MyExportJob");
        Assert.Equal(JobState.Received, job.State);
        Assert.Equal(["WD-B", "WD-A"], job.Drives.Select(d => d.DriveId));
        Assert.Equal([0, 1], job.Drives.Select(d => d.Ordinal));
        Assert.All(job.Drives, d =>
        {
            Assert.Equal(DriveState.Received, d.State);
            Assert.Equal(SqliteJobEngine.Start.AddHours(3), d.StateChangedAt);
            Assert.Null(d.ProtectedBitLockerKey);
            Assert.Null(d.CopyStatus);
        });
        Assert.Equal("/bay/b", job.Drives[0].ContentPath);
        Assert.Empty(job.ExtraDriveIds);
        var created = (await engine.AuditAsync("MyExportJob")).Where(e => e.DriveId is not null).ToList();
        Assert.Equal([("WD-B", null, "Received"), ("WD-A", null, "Received")], created.Select(e => (e.DriveId, e.OldState, e.NewState)));
    }

    public static TheoryData<string[]> BadPackages() => new()
    {
        Array.Empty<string>(),
        Enumerable.Range(0, 11).Select(i => $"WD-{i}").ToArray(),
        new[] { "WD-1", "wd-1" },
        new[] { "WD 1" },
        new[] { "" },
        new[] { new string('W', 129) },
    };

    [Theory]
    [MemberData(nameof(BadPackages))]
    public async Task R1_with_a_bad_drive_list_is_a_400_and_changes_nothing(string[] driveIds)
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob");

        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.BadRequest, () => Receive(engine, "MySampleJob", driveIds));
    }

    [Fact]
    public async Task R1_accepts_ten_drives_and_a_drive_id_of_128_characters()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedExportAsync("MyExportJob");

        var job = await engine.ReceiveAsync("MyExportJob", [new string('W', 128), .. Enumerable.Range(1, 9).Select(i => $"WD-{i}")]);

        Assert.Equal(10, job.Drives.Count);
    }

    [Fact]
    public async Task R1_on_a_Creating_job_is_a_409_and_changes_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateAsync("MySampleJob");

        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.Conflict, () => Receive(engine, "MySampleJob", D0));
    }

    [Fact]
    public async Task R1_a_second_time_is_a_409_and_changes_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob");
        await engine.ReceiveAsync("MySampleJob", D0);

        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.Conflict, () => Receive(engine, "MySampleJob", D0, "EXTRA"));
    }

    [Fact]
    public async Task R2_receives_a_NeverReceived_drive_and_moves_a_Shipping_job_to_Received()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);
        await engine.ReceiveAsync("MySampleJob", "STRANGER");
        engine.Clock.Advance(TimeSpan.FromDays(5));

        Ok(await engine.DataCentre.ReceiveDriveAsync(Key("MySampleJob"), D1, "/bay/late", Actor.Operator, Ct));

        var job = await engine.ReadAsync("MySampleJob");
        Assert.Equal(JobState.Received, job.State);
        Assert.Equal(SqliteJobEngine.Start.AddDays(5), job.StateChangedAt);
        Assert.Equal((DriveState.NeverReceived, DriveState.Received), (job.StateOf(D0), job.StateOf(D1)));
        Assert.Equal("/bay/late", job.DriveOf(D1).ContentPath);
        var late = (await engine.AuditAsync("MySampleJob")).TakeLast(2).ToList();
        Assert.Equal([(AuditAction.ReceiveDrive, D1, "NeverReceived", "Received"), (AuditAction.ReceiveDrive, null, "Shipping", "Received")],
            late.Select(e => (e.Action, e.DriveId, e.OldState, e.NewState)));
    }

    [Fact]
    public async Task R2_moves_a_Shipping_job_to_Received_even_while_another_drive_is_still_expected()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);
        Ok(await engine.DataCentre.MarkNeverReceivedAsync(Key("MySampleJob"), D0, Actor.Operator, Ct));

        var job = Ok(await engine.DataCentre.ReceiveDriveAsync(Key("MySampleJob"), D0, null, Actor.Operator, Ct));

        Assert.Equal((JobState.Received, DriveState.Received, DriveState.Specified), (job.State, job.StateOf(D0), job.StateOf(D1)));
        Assert.Equal(JobState.Received, (await engine.ReadAsync("MySampleJob")).State);
    }

    [Fact]
    public async Task R2_on_a_Transferring_job_receives_the_drive_and_keeps_the_job_Transferring()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);
        await engine.ReceiveAsync("MySampleJob", D0);
        await engine.StartCopyAsync("MySampleJob", D0);

        Ok(await engine.DataCentre.ReceiveDriveAsync(Key("MySampleJob"), D1, null, Actor.Operator, Ct));

        var job = await engine.ReadAsync("MySampleJob");
        Assert.Equal(JobState.Transferring, job.State);
        Assert.Equal((DriveState.Transferring, DriveState.Received), (job.StateOf(D0), job.StateOf(D1)));
    }

    [Fact]
    public async Task Receiving_single_drives_of_a_Shipping_job_moves_it_to_Received_once_no_drive_is_still_expected()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);

        var first = Ok(await engine.DataCentre.ReceiveDriveAsync(Key("MySampleJob"), D0, null, Actor.Operator, Ct));
        var second = Ok(await engine.DataCentre.ReceiveDriveAsync(Key("MySampleJob"), D1, null, Actor.Operator, Ct));

        Assert.Equal((JobState.Shipping, DriveState.Received, DriveState.Specified), (first.State, first.StateOf(D0), first.StateOf(D1)));
        Assert.Equal((JobState.Received, DriveState.Received), (second.State, second.StateOf(D1)));
    }

    [Fact]
    public async Task Receiving_a_drive_the_job_does_not_list_is_a_404_naming_driveId()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob");

        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.NotFound,
            () => engine.DataCentre.ReceiveDriveAsync(Key("MySampleJob"), "NOPE", null, Actor.Operator, Ct), "driveId");
    }

    [Fact]
    public async Task Receiving_a_drive_of_a_Creating_job_is_a_409_and_changes_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateAsync("MySampleJob");

        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.Conflict,
            () => engine.DataCentre.ReceiveDriveAsync(Key("MySampleJob"), D0, null, Actor.Operator, Ct));
    }

    [Fact]
    public async Task Receiving_a_drive_that_already_arrived_is_a_409_and_changes_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob");
        await engine.ReceiveAsync("MySampleJob", D0);

        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.Conflict,
            () => engine.DataCentre.ReceiveDriveAsync(Key("MySampleJob"), D0, "/elsewhere", Actor.Operator, Ct));
    }

    [Fact]
    public async Task Receiving_a_late_drive_once_the_job_is_Packaging_is_a_409_and_changes_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);
        await engine.ReceiveAsync("MySampleJob", D0);
        await engine.StartCopyAsync("MySampleJob", D0);
        await engine.FinishCopyAsync("MySampleJob", D0);
        Assert.Equal(JobState.Packaging, (await engine.ReadAsync("MySampleJob")).State);

        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.Conflict,
            () => engine.DataCentre.ReceiveDriveAsync(Key("MySampleJob"), D1, null, Actor.Operator, Ct));
    }

    [Fact]
    public async Task N1_marks_a_Specified_drive_NeverReceived_and_leaves_the_job_Shipping()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);

        Ok(await engine.DataCentre.MarkNeverReceivedAsync(Key("MySampleJob"), D1, Actor.Operator, Ct));

        var job = await engine.ReadAsync("MySampleJob");
        Assert.Equal(JobState.Shipping, job.State);
        Assert.Equal((DriveState.Specified, DriveState.NeverReceived), (job.StateOf(D0), job.StateOf(D1)));
        var entry = (await engine.AuditAsync("MySampleJob"))[^1];
        Assert.Equal((AuditAction.NeverReceived, D1, "Specified", "NeverReceived", AuditActorKind.Operator),
            (entry.Action, entry.DriveId, entry.OldState, entry.NewState, entry.ActorKind));
    }

    [Fact]
    public async Task N1_on_the_last_expected_drive_settles_a_Shipping_job_with_a_received_drive_to_Received()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);
        Ok(await engine.DataCentre.ReceiveDriveAsync(Key("MySampleJob"), D0, null, Actor.Operator, Ct));

        var job = Ok(await engine.DataCentre.MarkNeverReceivedAsync(Key("MySampleJob"), D1, Actor.Operator, Ct));

        Assert.Equal(JobState.Received, job.State);
        var settle = (await engine.AuditAsync("MySampleJob"))[^1];
        Assert.Equal((AuditAction.Settle, null, "Shipping", "Received"), (settle.Action, settle.DriveId, settle.OldState, settle.NewState));
    }

    [Fact]
    public async Task N1_on_a_drive_of_a_Creating_job_is_a_409_and_changes_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateAsync("MySampleJob");

        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.Conflict,
            () => engine.DataCentre.MarkNeverReceivedAsync(Key("MySampleJob"), D0, Actor.Operator, Ct));
    }

    [Fact]
    public async Task N1_on_a_drive_that_is_not_Specified_is_a_409_and_on_an_unknown_drive_a_404()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);
        await engine.ReceiveAsync("MySampleJob", D0);

        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.Conflict,
            () => engine.DataCentre.MarkNeverReceivedAsync(Key("MySampleJob"), D0, Actor.Operator, Ct));
        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.Conflict,
            () => engine.DataCentre.MarkNeverReceivedAsync(Key("MySampleJob"), D1, Actor.Operator, Ct));
        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.NotFound,
            () => engine.DataCentre.MarkNeverReceivedAsync(Key("MySampleJob"), "NOPE", Actor.Operator, Ct), "driveId");
    }

    [Fact]
    public async Task N2_closes_a_Shipping_job_none_of_whose_drives_arrived_marking_the_expected_ones_NeverReceived()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);
        Ok(await engine.DataCentre.MarkNeverReceivedAsync(Key("MySampleJob"), D0, Actor.Operator, Ct));
        engine.Clock.Advance(TimeSpan.FromDays(30));

        Ok(await engine.DataCentre.CloseAsync(Key("MySampleJob"), Actor.Operator, Ct));

        var job = await engine.ReadAsync("MySampleJob");
        Assert.Equal(JobState.Closed, job.State);
        Assert.Equal(SqliteJobEngine.Start.AddDays(30), job.StateChangedAt);
        Assert.All(job.Drives, d => Assert.Equal(DriveState.NeverReceived, d.State));
        Assert.Null(job.ReturnPackage);
        var closing = (await engine.AuditAsync("MySampleJob")).TakeLast(2).ToList();
        Assert.Equal([(AuditAction.Close, D1, "Specified", "NeverReceived"), (AuditAction.Close, null, "Shipping", "Closed")],
            closing.Select(e => (e.Action, e.DriveId, e.OldState, e.NewState)));
    }

    [Fact]
    public async Task N2_closes_a_Shipping_export_job_that_has_no_drives()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedExportAsync("MyExportJob");

        Assert.Equal(JobState.Closed, Ok(await engine.DataCentre.CloseAsync(Key("MyExportJob"), Actor.Operator, Ct)).State);
    }

    [Fact]
    public async Task N2_when_a_drive_was_received_is_a_409_and_changes_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);
        Ok(await engine.DataCentre.ReceiveDriveAsync(Key("MySampleJob"), D0, null, Actor.Operator, Ct));

        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.Conflict, () => engine.DataCentre.CloseAsync(Key("MySampleJob"), Actor.Operator, Ct));
    }

    [Fact]
    public async Task N2_on_a_job_that_is_not_Shipping_is_a_409_and_changes_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateAsync("creating");
        await engine.CreateShippedAsync("received");
        await engine.ReceiveAsync("received", D0);

        await AssertRefusedAsync(engine, "creating", FerryErrors.Conflict, () => engine.DataCentre.CloseAsync(Key("creating"), Actor.Operator, Ct));
        await AssertRefusedAsync(engine, "received", FerryErrors.Conflict, () => engine.DataCentre.CloseAsync(Key("received"), Actor.Operator, Ct));
    }
}
