using System.Globalization;
using Ferry.Core.Audit;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Ferry.UnitTests.Support;
using static Ferry.UnitTests.Support.DataCentreSteps;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Core.Jobs;

/// <summary>Steps C1 (start copy), C2 (progress), C3 (finish copy) and S1 (ship back), and export BitLocker keys.</summary>
public sealed partial class DataCentreTests
{
    /// <summary>An import job with <paramref name="drives"/> drives, all received: Received.</summary>
    private static async Task ReceivedJobAsync(SqliteJobEngine engine, string name, int drives)
    {
        await engine.CreateShippedAsync(name, drives);
        await engine.ReceiveAsync(name, [.. Enumerable.Range(0, drives).Select(i => Drive(i).DriveId)]);
    }

    /// <summary>A Received import job with one drive, copied with <paramref name="status"/>: Packaging.</summary>
    private static async Task PackagingJobAsync(SqliteJobEngine engine, string name, CopyStatus status = CopyStatus.Completed)
    {
        await ReceivedJobAsync(engine, name, 1);
        await engine.StartCopyAsync(name, D0);
        await engine.FinishCopyAsync(name, D0, status);
    }

    private static Task<Result<Job>> Finish(SqliteJobEngine engine, string name, string driveId, CopyStatus status, bool startIfNeeded = false) =>
        engine.DataCentre.FinishCopyAsync(Key(name), driveId, status, false, null, startIfNeeded, Actor.Operator, Ct);

    private static void AssertRecoveryPassword(string? password)
    {
        Assert.NotNull(password);
        var groups = password.Split('-');
        Assert.Equal(8, groups.Length);
        Assert.All(groups, g =>
        {
            Assert.Matches("^[0-9]{6}$", g);
            var value = int.Parse(g, CultureInfo.InvariantCulture);
            Assert.Equal(0, value % 11);
            Assert.True(value < 720896, $"{value} is not below 720896");
        });
    }

    [Fact]
    public async Task C1_starts_a_Received_drive_copying_and_moves_the_job_to_Transferring()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await ReceivedJobAsync(engine, "MySampleJob", 2);
        engine.Clock.Advance(TimeSpan.FromDays(3));

        Ok(await engine.DataCentre.StartCopyAsync(Key("MySampleJob"), D0, "/bay/DRIVE0000", Actor.Operator, Ct));

        var job = await engine.ReadAsync("MySampleJob");
        Assert.Equal(JobState.Transferring, job.State);
        Assert.Equal(SqliteJobEngine.Start.AddDays(3), job.StateChangedAt);
        Assert.Equal(0, job.PercentComplete);
        var drive = job.DriveOf(D0);
        Assert.Equal((DriveState.Transferring, CopyStatus.InProgress, 0, 0L), (drive.State, drive.CopyStatus, drive.PercentComplete, drive.BytesSucceeded));
        Assert.Equal("/bay/DRIVE0000", drive.ContentPath);
        Assert.Equal(SqliteJobEngine.Start.AddDays(3), drive.StateChangedAt);
        Assert.Equal((DriveState.Received, (CopyStatus?)null), (job.StateOf(D1), job.DriveOf(D1).CopyStatus));
        Assert.Equal(PrefixReversingProtector.Expected(BitLockerKey), drive.ProtectedBitLockerKey);
    }

    [Fact]
    public async Task C1_on_a_second_drive_keeps_the_job_Transferring_without_a_second_job_entry()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await ReceivedJobAsync(engine, "MySampleJob", 2);
        await engine.StartCopyAsync("MySampleJob", D0);

        await engine.StartCopyAsync("MySampleJob", D1);

        var audit = await engine.AuditAsync("MySampleJob");
        Assert.Equal(JobState.Transferring, (await engine.ReadAsync("MySampleJob")).State);
        Assert.Single(audit, e => e.DriveId is null && e.NewState == "Transferring");
        Assert.Equal((AuditAction.StartCopy, D1, "Received", "Transferring"), (audit[^1].Action, audit[^1].DriveId, audit[^1].OldState, audit[^1].NewState));
    }

    [Fact]
    public async Task C1_on_a_Specified_drive_of_a_Shipping_job_receives_and_starts_it_at_once()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);

        var job = await engine.StartCopyAsync("MySampleJob", D1);

        Assert.Equal(JobState.Transferring, job.State);
        Assert.Equal((DriveState.Specified, DriveState.Transferring), (job.StateOf(D0), job.StateOf(D1)));
        var start = (await engine.AuditAsync("MySampleJob")).TakeLast(2).ToList();
        Assert.Equal([(D1, "Specified", "Transferring"), (null, "Shipping", "Transferring")], start.Select(e => (e.DriveId, e.OldState, e.NewState)));
    }

    [Fact]
    public async Task C1_generates_an_export_drives_BitLocker_recovery_password_kept_protected_and_hidden_until_ship_back()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedExportAsync("MyExportJob");
        await engine.ReceiveAsync("MyExportJob", "WD-1", "WD-2");

        var transferring = await engine.StartCopyAsync("MyExportJob", "WD-1");
        var completed = await engine.FinishCopyAsync("MyExportJob", "WD-1");
        await engine.StartCopyAsync("MyExportJob", "WD-2");
        await engine.FinishCopyAsync("MyExportJob", "WD-2");
        var shipped = await engine.ShipBackAsync("MyExportJob");

        var stored = transferring.DriveOf("WD-1").ProtectedBitLockerKey;
        Assert.NotNull(stored);
        Assert.StartsWith(PrefixReversingProtector.Prefix, stored, StringComparison.Ordinal);
        Assert.Null(engine.Jobs.RevealBitLockerKey(transferring, transferring.DriveOf("WD-1")));
        Assert.Null(engine.Jobs.RevealBitLockerKey(completed, completed.DriveOf("WD-1")));
        Assert.Null(engine.Jobs.RevealBitLockerKey(completed, completed.DriveOf("WD-2")));
        var first = engine.Jobs.RevealBitLockerKey(shipped, shipped.DriveOf("WD-1"));
        var second = engine.Jobs.RevealBitLockerKey(shipped, shipped.DriveOf("WD-2"));
        AssertRecoveryPassword(first);
        AssertRecoveryPassword(second);
        Assert.Equal(new PrefixReversingProtector().Unprotect(stored), first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Recovery_passwords_are_eight_groups_of_six_digits_each_a_multiple_of_11_below_720896()
    {
        var passwords = Enumerable.Range(0, 200).Select(_ => DataCentre.NewRecoveryPassword()).ToList();

        Assert.All(passwords, AssertRecoveryPassword);
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }

    [Fact]
    public async Task C1_on_a_job_that_is_Creating_or_Packaging_is_a_409_and_changes_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateAsync("creating");
        await engine.CreateShippedAsync("packaging", drives: 2);
        await engine.ReceiveAsync("packaging", D0, D1);
        await engine.CancelAsync("packaging");

        await AssertRefusedAsync(engine, "creating", FerryErrors.Conflict,
            () => engine.DataCentre.StartCopyAsync(Key("creating"), D0, null, Actor.Operator, Ct));
        await AssertRefusedAsync(engine, "packaging", FerryErrors.Conflict,
            () => engine.DataCentre.StartCopyAsync(Key("packaging"), D0, null, Actor.Operator, Ct));
    }

    [Fact]
    public async Task C1_after_a_cancel_request_is_a_409_and_changes_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await ReceivedJobAsync(engine, "MySampleJob", 2);
        await engine.StartCopyAsync("MySampleJob", D0);
        await engine.CancelAsync("MySampleJob");

        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.Conflict,
            () => engine.DataCentre.StartCopyAsync(Key("MySampleJob"), D1, null, Actor.Operator, Ct));
    }

    [Fact]
    public async Task C1_on_a_drive_that_never_arrived_is_copying_or_finished_is_a_409_and_on_an_unknown_drive_a_404()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 3);
        await engine.ReceiveAsync("MySampleJob", D0, D1);
        await engine.StartCopyAsync("MySampleJob", D0);
        await engine.StartCopyAsync("MySampleJob", D1);
        await engine.FinishCopyAsync("MySampleJob", D1);

        foreach (var drive in new[] { D0, D1, D2 })
        {
            await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.Conflict,
                () => engine.DataCentre.StartCopyAsync(Key("MySampleJob"), drive, null, Actor.Operator, Ct));
        }

        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.NotFound,
            () => engine.DataCentre.StartCopyAsync(Key("MySampleJob"), "NOPE", null, Actor.Operator, Ct), "driveId");
    }

    [Fact]
    public async Task C2_records_a_drives_percentage_and_bytes_with_an_operator_note()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await ReceivedJobAsync(engine, "MySampleJob", 1);
        await engine.StartCopyAsync("MySampleJob", D0);

        var job = await engine.ProgressAsync("MySampleJob", D0, 40, 1024);

        var drive = (await engine.ReadAsync("MySampleJob")).DriveOf(D0);
        Assert.Equal((40, 1024L, DriveState.Transferring, CopyStatus.InProgress), (drive.PercentComplete, drive.BytesSucceeded, drive.State, drive.CopyStatus));
        Assert.Equal(40, job.PercentComplete);
        var note = (await engine.AuditAsync("MySampleJob"))[^1];
        Assert.Equal((AuditAction.Progress, D0, (string?)null, (string?)null, "40%"), (note.Action, note.DriveId, note.OldState, note.NewState, note.Reason));
    }

    [Fact]
    public async Task C2_sets_the_job_percentage_to_the_mean_of_its_drives_leaving_out_drives_never_received()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 3);
        await engine.ReceiveAsync("MySampleJob", D0, D2);
        await engine.StartCopyAsync("MySampleJob", D0);

        var oneStarted = await engine.ProgressAsync("MySampleJob", D0, 40, 400);
        await engine.StartCopyAsync("MySampleJob", D2);
        var bothStarted = await engine.ProgressAsync("MySampleJob", D2, 70, 700);
        var rounded = await engine.ProgressAsync("MySampleJob", D0, 33, 330);

        Assert.Equal(DriveState.NeverReceived, bothStarted.StateOf(D1));
        Assert.Equal(20, oneStarted.PercentComplete);
        Assert.Equal(55, bothStarted.PercentComplete);
        Assert.Equal(51, rounded.PercentComplete);
        Assert.Equal(51, (await engine.ReadAsync("MySampleJob")).PercentComplete);
    }

    [Fact]
    public async Task C2_reported_by_the_system_changes_the_figures_without_an_audit_entry()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await ReceivedJobAsync(engine, "MySampleJob", 1);
        await engine.StartCopyAsync("MySampleJob", D0);
        var entries = (await engine.AuditAsync("MySampleJob")).Count;

        Ok(await engine.DataCentre.ReportProgressAsync(Key("MySampleJob"), D0, 75, 4096, Actor.Emulator, Ct));

        Assert.Equal(75, (await engine.ReadAsync("MySampleJob")).DriveOf(D0).PercentComplete);
        Assert.Equal(entries, (await engine.AuditAsync("MySampleJob")).Count);
    }

    [Theory]
    [InlineData(-1, 0, "percentComplete")]
    [InlineData(101, 0, "percentComplete")]
    [InlineData(50, -1, "bytesSucceeded")]
    public async Task C2_with_a_percentage_outside_0_to_100_or_negative_bytes_is_a_400_and_changes_nothing(int percent, long bytes, string target)
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await ReceivedJobAsync(engine, "MySampleJob", 1);
        await engine.StartCopyAsync("MySampleJob", D0);

        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.BadRequest,
            () => engine.DataCentre.ReportProgressAsync(Key("MySampleJob"), D0, percent, bytes, Actor.Operator, Ct), target);
    }

    [Fact]
    public async Task C2_on_a_drive_that_is_not_Transferring_is_a_409_and_on_an_unknown_drive_a_404()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await ReceivedJobAsync(engine, "MySampleJob", 1);

        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.Conflict,
            () => engine.DataCentre.ReportProgressAsync(Key("MySampleJob"), D0, 10, 10, Actor.Operator, Ct));
        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.NotFound,
            () => engine.DataCentre.ReportProgressAsync(Key("MySampleJob"), "NOPE", 10, 10, Actor.Operator, Ct), "driveId");
    }

    [Fact]
    public async Task C3_Completed_finishes_the_drive_Completed_at_100_percent_and_the_last_drive_moves_the_job_to_Packaging()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await ReceivedJobAsync(engine, "MySampleJob", 2);
        await engine.StartCopyAsync("MySampleJob", D0);
        await engine.StartCopyAsync("MySampleJob", D1);
        await engine.ProgressAsync("MySampleJob", D0, 60, 600);

        var first = await engine.FinishCopyAsync("MySampleJob", D0, bytes: 1000);
        var second = await engine.FinishCopyAsync("MySampleJob", D1);

        Assert.Equal((JobState.Transferring, 50), (first.State, first.PercentComplete));
        var drive = first.DriveOf(D0);
        Assert.Equal((DriveState.Completed, CopyStatus.Completed, 100, 1000L), (drive.State, drive.CopyStatus, drive.PercentComplete, drive.BytesSucceeded));
        Assert.Equal((JobState.Packaging, 100), (second.State, second.PercentComplete));
        Assert.Equal(0L, second.DriveOf(D1).BytesSucceeded);
        var end = (await engine.AuditAsync("MySampleJob")).TakeLast(2).ToList();
        Assert.Equal([(AuditAction.CompleteCopy, D1, "Transferring", "Completed"), (AuditAction.Settle, null, "Transferring", "Packaging")],
            end.Select(e => (e.Action, e.DriveId, e.OldState, e.NewState)));
    }

    [Theory]
    [InlineData(CopyStatus.Completed, true, AuditAction.CompleteCopy)]
    [InlineData(CopyStatus.CompletedWithWarnings, false, AuditAction.CompleteCopy)]
    [InlineData(CopyStatus.CompletedWithErrors, false, AuditAction.FailDrive)]
    [InlineData(CopyStatus.ManifestNotFound, false, AuditAction.FailDrive)]
    public async Task C3_with_more_to_report_finishes_the_drive_CompletedMoreInfo_keeping_its_percentage(CopyStatus status, bool moreInfo, AuditAction action)
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await ReceivedJobAsync(engine, "MySampleJob", 1);
        await engine.StartCopyAsync("MySampleJob", D0);
        await engine.ProgressAsync("MySampleJob", D0, 30, 300);

        var job = await engine.FinishCopyAsync("MySampleJob", D0, status, moreInfo);

        var drive = job.DriveOf(D0);
        Assert.Equal((DriveState.CompletedMoreInfo, status, 30, 300L), (drive.State, drive.CopyStatus, drive.PercentComplete, drive.BytesSucceeded));
        Assert.Equal(JobState.Packaging, job.State);
        Assert.Contains(await engine.AuditAsync("MySampleJob"), e => e.Action == action && e.DriveId == D0 && e.NewState == "CompletedMoreInfo");
    }

    [Fact]
    public async Task C3_with_startIfNeeded_starts_and_finishes_a_Received_drive_in_one_change()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await ReceivedJobAsync(engine, "MySampleJob", 1);
        var before = (await engine.AuditAsync("MySampleJob")).Count;

        var job = Ok(await engine.DataCentre.FinishCopyAsync(Key("MySampleJob"), D0, CopyStatus.Completed, false, 2048, startIfNeeded: true, Actor.Operator, Ct));

        Assert.Equal(JobState.Packaging, job.State);
        Assert.Equal((DriveState.Completed, 2048L, 100), (job.StateOf(D0), job.DriveOf(D0).BytesSucceeded, job.DriveOf(D0).PercentComplete));
        var entries = (await engine.AuditAsync("MySampleJob")).Skip(before).Select(e => (e.Action, e.DriveId, e.OldState, e.NewState));
        Assert.Equal(
        [
            (AuditAction.StartCopy, D0, "Received", "Transferring"),
            (AuditAction.StartCopy, null, "Received", "Transferring"),
            (AuditAction.CompleteCopy, D0, "Transferring", "Completed"),
            (AuditAction.Settle, null, "Transferring", "Packaging"),
        ], entries);
    }

    [Theory]
    [InlineData(CopyStatus.None)]
    [InlineData(CopyStatus.InProgress)]
    public async Task C3_with_None_or_InProgress_is_a_400_and_changes_nothing(CopyStatus status)
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await ReceivedJobAsync(engine, "MySampleJob", 1);
        await engine.StartCopyAsync("MySampleJob", D0);

        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.BadRequest, () => Finish(engine, "MySampleJob", D0, status), "copyStatus");
    }

    [Fact]
    public async Task C3_with_negative_bytes_is_a_400_and_changes_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await ReceivedJobAsync(engine, "MySampleJob", 1);
        await engine.StartCopyAsync("MySampleJob", D0);

        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.BadRequest,
            () => engine.DataCentre.FinishCopyAsync(Key("MySampleJob"), D0, CopyStatus.Completed, false, -1, false, Actor.Operator, Ct), "bytesSucceeded");
    }

    [Fact]
    public async Task C3_on_a_drive_that_is_not_Transferring_is_a_409_without_startIfNeeded_and_on_an_unknown_drive_a_404()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await ReceivedJobAsync(engine, "MySampleJob", 1);

        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.Conflict, () => Finish(engine, "MySampleJob", D0, CopyStatus.Completed));
        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.NotFound, () => Finish(engine, "MySampleJob", "NOPE", CopyStatus.Completed), "driveId");
    }

    [Fact]
    public async Task C3_with_startIfNeeded_on_a_finished_drive_or_a_cancelled_job_is_a_409_and_changes_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await ReceivedJobAsync(engine, "finished", 2);
        await engine.StartCopyAsync("finished", D0);
        await engine.StartCopyAsync("finished", D1);
        await engine.FinishCopyAsync("finished", D0);
        await ReceivedJobAsync(engine, "cancelled", 2);
        await engine.StartCopyAsync("cancelled", D0);
        await engine.CancelAsync("cancelled");

        await AssertRefusedAsync(engine, "finished", FerryErrors.Conflict, () => Finish(engine, "finished", D0, CopyStatus.Completed, startIfNeeded: true));
        await AssertRefusedAsync(engine, "cancelled", FerryErrors.Conflict, () => Finish(engine, "cancelled", D1, CopyStatus.Completed, startIfNeeded: true));
    }

    [Fact]
    public async Task S1_ships_every_drive_back_records_the_package_and_completes_a_job_without_errors()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);
        await engine.ReceiveAsync("MySampleJob", D0, D1, "EXTRA-1");
        await engine.StartCopyAsync("MySampleJob", D0);
        await engine.StartCopyAsync("MySampleJob", D1);
        await engine.FinishCopyAsync("MySampleJob", D0);
        await engine.FinishCopyAsync("MySampleJob", D1, CopyStatus.CompletedWithWarnings);
        engine.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(20));

        Ok(await engine.DataCentre.ShipBackAsync(Key("MySampleJob"), new ShippingPackage("DHL", "TRACK-7", null, null), Actor.Operator, Ct));

        var job = await engine.ReadAsync("MySampleJob");
        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal(SqliteJobEngine.Start.AddDays(1).AddHours(20), job.StateChangedAt);
        Assert.All(job.Drives, d => Assert.Equal(DriveState.ShippedBack, d.State));
        Assert.Equal(new ShippingPackage("DHL", "TRACK-7", 3, "2026-01-07"), job.ReturnPackage);
        Assert.Equal(["EXTRA-1"], job.ExtraDriveIds);
    }

    [Fact]
    public async Task S1_keeps_a_given_drive_count_and_ship_date()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await PackagingJobAsync(engine, "MySampleJob");
        var package = new ShippingPackage("FedEx", "123", 0, "28 November 2026");

        Assert.Equal(package, (await engine.ShipBackAsync("MySampleJob", package)).ReturnPackage);
    }

    [Fact]
    public async Task S1_closes_a_job_with_a_failed_drive()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await PackagingJobAsync(engine, "MySampleJob", CopyStatus.BitLockerKeyInvalid);

        var job = await engine.ShipBackAsync("MySampleJob");

        Assert.Equal((JobState.Closed, DriveState.ShippedBack), (job.State, job.StateOf(D0)));
        Assert.Equal(CopyStatus.BitLockerKeyInvalid, job.DriveOf(D0).CopyStatus);
    }

    [Fact]
    public async Task S1_closes_a_job_with_a_drive_never_received_which_stays_NeverReceived_and_is_not_counted()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);
        await engine.ReceiveAsync("MySampleJob", D0);
        await engine.StartCopyAsync("MySampleJob", D0);
        await engine.FinishCopyAsync("MySampleJob", D0);

        var job = await engine.ShipBackAsync("MySampleJob");

        Assert.Equal(JobState.Closed, job.State);
        Assert.Equal((DriveState.ShippedBack, DriveState.NeverReceived), (job.StateOf(D0), job.StateOf(D1)));
        Assert.Equal(1, job.ReturnPackage!.DriveCount);
    }

    [Fact]
    public async Task S1_marks_a_drive_still_expected_at_ship_back_NeverReceived()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 2);
        await engine.StartCopyAsync("MySampleJob", D0);
        await engine.CancelAsync("MySampleJob");
        await engine.FinishCopyAsync("MySampleJob", D0);
        Assert.Equal((JobState.Packaging, DriveState.Specified), ((await engine.ReadAsync("MySampleJob")).State, (await engine.ReadAsync("MySampleJob")).StateOf(D1)));

        var job = await engine.ShipBackAsync("MySampleJob");

        Assert.Equal((JobState.Closed, DriveState.ShippedBack, DriveState.NeverReceived), (job.State, job.StateOf(D0), job.StateOf(D1)));
        Assert.Contains(await engine.AuditAsync("MySampleJob"), e => e.Action == AuditAction.ShipBack && e.DriveId == D1 && e.NewState == "NeverReceived");
    }

    public static TheoryData<string, string, int?, string> BadReturnPackages() => new()
    {
        { "", "123", null, "carrierName" },
        { "  ", "123", null, "carrierName" },
        { "FedEx", "", null, "trackingNumber" },
        { "FedEx", "123", -1, "driveCount" },
    };

    [Theory]
    [MemberData(nameof(BadReturnPackages))]
    public async Task S1_with_an_incomplete_package_is_a_400_naming_the_member_and_changes_nothing(string carrier, string tracking, int? count, string target)
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await PackagingJobAsync(engine, "MySampleJob");

        await AssertRefusedAsync(engine, "MySampleJob", FerryErrors.BadRequest,
            () => engine.DataCentre.ShipBackAsync(Key("MySampleJob"), new ShippingPackage(carrier, tracking, count, null), Actor.Operator, Ct), target);
    }

    [Fact]
    public async Task S1_on_a_job_that_is_not_Packaging_is_a_409_and_changes_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await ReceivedJobAsync(engine, "received", 1);
        await PackagingJobAsync(engine, "completed");
        await engine.ShipBackAsync("completed");

        foreach (var name in new[] { "received", "completed" })
        {
            await AssertRefusedAsync(engine, name, FerryErrors.Conflict,
                () => engine.DataCentre.ShipBackAsync(Key(name), SampleReturnPackage, Actor.Operator, Ct));
        }
    }
}
