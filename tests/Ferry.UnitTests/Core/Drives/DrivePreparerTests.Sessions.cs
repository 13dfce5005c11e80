using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary><see cref="DrivePreparer"/>: the journal, resuming, later sessions and the refusals that protect drives.</summary>
public sealed partial class DrivePreparerTests
{
    [Fact]
    public async Task A_resumed_session_copies_only_what_is_missing_and_ends_identical_to_an_uninterrupted_run()
    {
        using var w = new DriveWorkspace();
        w.File("src/a.bin", (2 * Block) + 1, 1);
        w.File("src/b.bin", 3 * Block, 2);
        w.File("src/c.bin", 17, 3);
        var dataset = new[] { DriveWorkspace.Dir(w.Combine("src"), "cont1/") };
        var key = RecoveryPassword.Generate();
        var (interrupted, reference) = (w.Drive("d1"), w.Drive("ref"));
        var request = w.Request("ses1", dataset, new PrepareDrive(interrupted, DriveId: "DRIVE001", BitLockerKey: key)) with { BlockSize = Block };
        using var cancel = new CancellationTokenSource();
        var stop = new SyncProgress<PrepareProgress>(p =>
        {
            if (p.FilesDone == 1)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new DrivePreparer().PrepareAsync(request, stop, cancel.Token));
        var first = Path.Combine(interrupted, "ses1", "a.bin");
        Assert.True(File.Exists(first));
        Assert.False(File.Exists(Path.Combine(interrupted, "DriveManifest.xml")));
        var stamp = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(first, stamp);
        var fresh = await Assert.ThrowsAsync<DrivePreparationException>(() => PrepareAsync(request));
        var resumed = Assert.Single(await PrepareAsync(request with { Resume = true, Dataset = [] }));
        var again = await Assert.ThrowsAsync<DrivePreparationException>(() => PrepareAsync(request with { Resume = true }));

        var uninterrupted = Assert.Single(await PrepareAsync(request with
        {
            JournalPath = w.Combine("other", "ref.jrn"),
            Drives = [new PrepareDrive(reference, DriveId: "DRIVE001", BitLockerKey: key)],
        }));
        Assert.Contains("--resume", fresh.Message, StringComparison.Ordinal);
        Assert.Contains("complete", again.Message, StringComparison.Ordinal);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(first));
        Assert.Equal(DriveWorkspace.Bytes(Path.Combine(reference, "DriveManifest.xml")), DriveWorkspace.Bytes(Path.Combine(interrupted, "DriveManifest.xml")));
        Assert.Equal(uninterrupted.ManifestHash, resumed.ManifestHash);
        Assert.Equal(3, resumed.Blobs);
        foreach (var name in new[] { "a.bin", "b.bin", "c.bin" })
        {
            Assert.Equal(DriveWorkspace.Bytes(w.Combine("src", name)), DriveWorkspace.Bytes(Path.Combine(interrupted, "ses1", name)));
        }
    }

    [Fact]
    public async Task A_completed_file_that_vanished_from_the_drive_is_copied_again_on_resume()
    {
        using var w = new DriveWorkspace();
        w.File("src/a.bin", 100, 1);
        w.File("src/b.bin", 100, 2);
        var drive = w.Drive("d1");
        var request = w.Request("ses1", [DriveWorkspace.Dir(w.Combine("src"), "cont1/")], new PrepareDrive(drive));
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new DrivePreparer().PrepareAsync(request, new SyncProgress<PrepareProgress>(p => { if (p.FilesDone == 1) { cancel.Cancel(); } }), cancel.Token));
        File.Delete(Path.Combine(drive, "ses1", "a.bin"));

        await PrepareAsync(request with { Resume = true });

        Assert.Equal(DriveWorkspace.Bytes(w.Combine("src", "a.bin")), DriveWorkspace.Bytes(Path.Combine(drive, "ses1", "a.bin")));
        Assert.Equal(2, DriveWorkspace.Manifest(drive).AllBlobs.Count());
    }

    [Fact]
    public async Task A_second_session_appends_its_blob_list_to_the_drive_manifest()
    {
        using var w = new DriveWorkspace();
        w.File("first/a.bin", 10, 1);
        w.File("second/b.bin", 20, 2);
        var drive = w.Drive("d1");
        var one = Assert.Single(await PrepareAsync(w.Request("ses1", [DriveWorkspace.Dir(w.Combine("first"), "cont1/")], new PrepareDrive(drive))));

        var two = Assert.Single(await PrepareAsync(new PrepareRequest(w.Journal, "ses2", [DriveWorkspace.Dir(w.Combine("second"), "cont2/")], [])));

        var manifest = DriveWorkspace.Manifest(drive);
        Assert.Equal(["ses1-0", "ses2-0"], manifest.BlobLists.Select(l => l.Id));
        Assert.Equal([@"\ses1\a.bin", @"\ses2\b.bin"], manifest.AllBlobs.Select(b => b.FilePath));
        Assert.Equal(DriveWorkspace.AccountKey, manifest.StorageAccountKey);
        Assert.Equal((one.DriveId, one.BitLockerKey), (two.DriveId, two.BitLockerKey));
        Assert.NotEqual(one.ManifestHash, two.ManifestHash);
        Assert.Equal(DriveWorkspace.Md5OfFile(Path.Combine(drive, "DriveManifest.xml")), two.ManifestHash);
        Assert.Equal((30L, 2), (two.Bytes, two.Blobs));
        Assert.Contains(two.ManifestHash, DriveWorkspace.TextOf(w.Journal + "_DriveInfo_" + two.DriveId + ".xml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_drive_folder_is_created_but_a_missing_folder_of_a_journal_drive_is_refused()
    {
        using var w = new DriveWorkspace();
        w.File("first/a.bin", 10, 1);
        w.File("second/b.bin", 10, 2);
        var drive = w.Combine("drives", "new-disk");
        await PrepareAsync(w.Request("ses1", [DriveWorkspace.Dir(w.Combine("first"), "cont1/")], new PrepareDrive(drive)));
        Directory.Move(drive, drive + "-unmounted");

        var e = await Assert.ThrowsAsync<DrivePreparationException>(() =>
            PrepareAsync(new PrepareRequest(w.Journal, "ses2", [DriveWorkspace.Dir(w.Combine("second"), "cont1/")], [new PrepareDrive(drive)])));

        Assert.True(File.Exists(Path.Combine(drive + "-unmounted", "ses1", "a.bin")));
        Assert.Contains("is the drive mounted", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(drive));
    }

    [Fact]
    public async Task A_journal_line_cut_short_by_a_crash_is_dropped_and_the_session_resumes()
    {
        using var w = new DriveWorkspace();
        w.File("src/é-a.bin", 100, 1);
        w.File("src/é-b.bin", 100, 2);
        var drive = w.Drive("d1");
        var request = w.Request("ses1", [DriveWorkspace.Dir(w.Combine("src"), "cont1/")], new PrepareDrive(drive));
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new DrivePreparer().PrepareAsync(request, new SyncProgress<PrepareProgress>(p => { if (p.FilesDone == 1) { cancel.Cancel(); } }), cancel.Token));
        var journal = DriveWorkspace.Bytes(w.Journal);
        var torn = "{\"record\":\"done\",\"index\":1,\"blob\":{\"blobPath\":\"cont1/é"u8.ToArray();
        DriveWorkspace.Write(w.Journal, [.. journal, .. torn[..^1]]);

        var resumed = Assert.Single(await PrepareAsync(request with { Resume = true }));

        Assert.Equal(2, resumed.Blobs);
        Assert.Equal(["cont1/é-a.bin", "cont1/é-b.bin"], DriveWorkspace.Manifest(drive).AllBlobs.Select(b => b.BlobPath));
        Assert.All(DriveWorkspace.TextOf(w.Journal).Split('\n', StringSplitOptions.RemoveEmptyEntries), line => System.Text.Json.JsonDocument.Parse(line).Dispose());
    }

    [Fact]
    public async Task A_file_that_is_not_a_ferry_journal_is_refused_and_left_alone()
    {
        using var w = new DriveWorkspace();
        w.File("src/a.bin", 10);
        var journal = w.Text("journal/old.jrn", "[BeginUpdateRecord][2014/09/05 21:29:09.123][Type:ActivityRecord]");

        var e = await Assert.ThrowsAsync<DrivePreparationException>(() =>
            PrepareAsync(w.Request("ses1", [DriveWorkspace.Dir(w.Combine("src"), "cont1/")], new PrepareDrive(w.Drive("d1"))) with { JournalPath = journal }));

        Assert.Contains("not a Ferry preparation journal", e.Message, StringComparison.Ordinal);
        Assert.Equal("[BeginUpdateRecord][2014/09/05 21:29:09.123][Type:ActivityRecord]", DriveWorkspace.TextOf(journal));
    }

    [Fact]
    public async Task A_journal_inside_a_drive_is_refused()
    {
        using var w = new DriveWorkspace();
        w.File("src/a.bin", 10);
        var drive = w.Drive("d1");

        var e = await Assert.ThrowsAsync<DrivePreparationException>(() =>
            PrepareAsync(w.Request("ses1", [DriveWorkspace.Dir(w.Combine("src"), "cont1/")], new PrepareDrive(drive)) with { JournalPath = Path.Combine(drive, "logs", "j.jrn") }));

        Assert.Contains("inside the drive", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(drive));
    }

    [Fact]
    public async Task A_drive_labelled_by_another_journal_is_refused_unless_its_id_and_key_are_given()
    {
        using var w = new DriveWorkspace();
        w.File("src/a.bin", 10);
        var drive = w.Drive("d1");
        var dataset = new[] { DriveWorkspace.Dir(w.Combine("src"), "cont1/") };
        var first = Assert.Single(await PrepareAsync(w.Request("ses1", dataset, new PrepareDrive(drive))));
        var other = w.Combine("journal", "other.jrn");

        var refused = await Assert.ThrowsAsync<DrivePreparationException>(() => PrepareAsync(w.Request("ses2", dataset, new PrepareDrive(drive)) with { JournalPath = other }));
        var wrongKey = await Assert.ThrowsAsync<DrivePreparationException>(() =>
            PrepareAsync(w.Request("ses2", dataset, new PrepareDrive(drive, DriveId: first.DriveId, BitLockerKey: RecoveryPassword.Generate())) with { JournalPath = other }));
        var adopted = Assert.Single(await PrepareAsync(w.Request("ses2", dataset, new PrepareDrive(drive, DriveId: first.DriveId, BitLockerKey: first.BitLockerKey)) with { JournalPath = other }));

        Assert.Contains("another journal", refused.Message, StringComparison.Ordinal);
        Assert.Contains("does not match", wrongKey.Message, StringComparison.Ordinal);
        Assert.Equal(first.DriveId, adopted.DriveId);
        Assert.True(File.Exists(Path.Combine(drive, "ses2", "a.bin")));
    }

    [Fact]
    public async Task The_first_session_needs_exactly_one_credential_and_the_journal_is_owner_only()
    {
        using var w = new DriveWorkspace();
        w.File("src/a.bin", 10);
        var dataset = new[] { DriveWorkspace.Dir(w.Combine("src"), "cont1/") };
        var drive = w.Drive("d1");

        var none = await Assert.ThrowsAsync<DrivePreparationException>(() => PrepareAsync(w.Request("ses1", dataset, new PrepareDrive(drive)) with { StorageAccountKey = null }));
        var both = await Assert.ThrowsAsync<DrivePreparationException>(() => PrepareAsync(w.Request("ses1", dataset, new PrepareDrive(drive)) with { ContainerSas = "c1?sv=x" }));
        await PrepareAsync(w.Request("ses1", dataset, new PrepareDrive(drive)) with { StorageAccountKey = null, ContainerSas = "c1?sv=2014&sig=abc" });

        Assert.Contains("storage account key or a container SAS", none.Message, StringComparison.Ordinal);
        Assert.Contains("not both", both.Message, StringComparison.Ordinal);
        Assert.Equal(("c1?sv=2014&sig=abc", (string?)null), (DriveWorkspace.Manifest(drive).ContainerSas, DriveWorkspace.Manifest(drive).StorageAccountKey));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(w.Journal));
        }
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("has space")]
    [InlineData("this-session-id-is-far-too-long-x")]
    public async Task A_session_id_outside_the_tools_rule_is_refused(string sessionId)
    {
        using var w = new DriveWorkspace();
        w.File("src/a.bin", 10);

        var e = await Assert.ThrowsAsync<DrivePreparationException>(() =>
            PrepareAsync(w.Request(sessionId, [DriveWorkspace.Dir(w.Combine("src"), "cont1/")], new PrepareDrive(w.Drive("d1")))));

        Assert.Contains("session id", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(w.Journal));
    }
}
