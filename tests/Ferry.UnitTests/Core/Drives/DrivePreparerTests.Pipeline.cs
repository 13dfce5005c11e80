using System.Text.Json;
using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary><see cref="DrivePreparer"/>'s copy pipeline: slabs hashed in parallel, files flushed and journalled in groups.</summary>
public sealed partial class DrivePreparerTests
{
    private const int Slab = DrivePreparer.MaxBlockSize;

    [Fact]
    public async Task Files_of_several_slabs_are_hashed_per_block_and_per_page_range_across_slab_boundaries()
    {
        using var w = new DriveWorkspace();
        var blocks = DriveWorkspace.Bytes(w.File("src/blocks.bin", (2 * Slab) + (3 * Block) + 5, 11));
        var pages = new byte[(2 * Slab) + (4 * 4096)];
        new Random(12).NextBytes(pages.AsSpan(0, 4096));
        new Random(13).NextBytes(pages.AsSpan(Slab - 4096, 2 * 4096)); // the last range of one slab and the first of the next
        pages[^1] = 9;
        var disk = w.Combine("disk.vhd");
        DriveWorkspace.Write(disk, pages);
        var drive = w.Drive("d1");
        DatasetEntry[] dataset = [DriveWorkspace.FileEntry(w.Combine("src", "blocks.bin"), "cont1/blocks.bin"), DriveWorkspace.FileEntry(disk, "vhds/disk.vhd", BlobKind.PageBlob)];
        var request = w.Request("ses1", dataset, new PrepareDrive(drive)) with { BlockSize = 4096 };

        await PrepareAsync(request);

        var manifest = DriveWorkspace.Manifest(drive).AllBlobs.ToList();
        var blockBlob = manifest.Single(b => b.Kind == BlobKind.BlockBlob);
        Assert.Equal(Chunks(blocks.Length, 4096), blockBlob.Blocks.Count);
        Assert.All(blockBlob.Blocks.Select((b, i) => (b, i)), x =>
        {
            Assert.Equal((long)x.i * 4096, x.b.Offset);
            Assert.Equal(DriveWorkspace.Md5Of(blocks.AsSpan((int)x.b.Offset, (int)x.b.Length)), x.b.Hash);
        });
        Assert.Equal(5, blockBlob.Blocks[^1].Length);
        Assert.Equal(blocks, DriveWorkspace.Bytes(DriveWorkspace.OnDrive(drive, blockBlob.FilePath)));
        var pageBlob = manifest.Single(b => b.Kind == BlobKind.PageBlob);
        Assert.Equal([0L, Slab - 4096, Slab, pages.Length - 4096], pageBlob.PageRanges.Select(r => r.Offset));
        Assert.All(pageBlob.PageRanges, r => Assert.Equal(DriveWorkspace.Md5Of(pages.AsSpan((int)r.Offset, 4096)), r.Hash));
        Assert.Equal(pages, DriveWorkspace.Bytes(DriveWorkspace.OnDrive(drive, pageBlob.FilePath)));
    }

    [Fact]
    public async Task A_group_of_done_records_torn_by_a_crash_resumes_to_the_drive_of_an_uninterrupted_run()
    {
        using var w = new DriveWorkspace();
        for (var i = 0; i < 6; i++)
        {
            w.File($"src/f{i}.bin", 1000 + i, i + 1);
        }

        var drive = w.Drive("d1");
        var request = w.Request("ses1", [DriveWorkspace.Dir(w.Combine("src"), "cont1/")], new PrepareDrive(drive));
        await PrepareAsync(request);
        var reference = DriveWorkspace.Bytes(Path.Combine(drive, "DriveManifest.xml"));
        var lines = DriveWorkspace.TextOf(w.Journal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var done = lines.Select((l, n) => (Line: l, N: n)).Where(x => RecordOf(x.Line) == "done").ToList();
        Assert.Equal([0, 1, 2, 3, 4, 5], done.Select(d => IndexOf(d.Line)));
        Assert.Equal("end", RecordOf(lines[^1]));

        // The crash came while the group's lines were being written: two whole lines and half of the third reached the disk.
        var kept = string.Concat(lines.Take(done[2].N).Select(l => l + "\n")) + done[2].Line[..(done[2].Line.Length / 2)];
        DriveWorkspace.Write(w.Journal, System.Text.Encoding.UTF8.GetBytes(kept));
        var stamp = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        var copies = Enumerable.Range(0, 6).Select(i => Path.Combine(drive, "ses1", $"f{i}.bin")).ToList();
        copies.ForEach(c => File.SetLastWriteTimeUtc(c, stamp));

        var resumed = Assert.Single(await PrepareAsync(request with { Resume = true }));

        Assert.Equal(reference, DriveWorkspace.Bytes(Path.Combine(drive, "DriveManifest.xml")));
        Assert.Equal(6, resumed.Blobs);
        Assert.Equal([true, true, false, false, false, false], copies.Select(c => File.GetLastWriteTimeUtc(c) == stamp));
        Assert.All(Enumerable.Range(0, 6), i => Assert.Equal(DriveWorkspace.Bytes(w.Combine("src", $"f{i}.bin")), DriveWorkspace.Bytes(copies[i])));
        Assert.Equal([0, 1, 2, 3, 4, 5], DriveWorkspace.TextOf(w.Journal).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => RecordOf(l) == "done").Select(IndexOf));
    }

    [Fact]
    public async Task A_source_that_changes_during_the_copy_stops_it_with_the_files_before_it_recorded_and_the_session_resumes()
    {
        using var w = new DriveWorkspace();
        var first = w.File("src/a.bin", (3 * Slab) + 1, 1);
        w.File("src/b.bin", 100, 2);
        var last = w.File("src/c.bin", 5000, 3);
        var original = DriveWorkspace.Bytes(last);
        var (drive, reference) = (w.Drive("d1"), w.Drive("ref"));
        var key = RecoveryPassword.Generate();
        var request = w.Request("ses1", [DriveWorkspace.Dir(w.Combine("src"), "cont1/")], new PrepareDrive(drive, DriveId: "DRIVE001", BitLockerKey: key));
        var shrunk = false;
        var progress = new SyncProgress<PrepareProgress>(p =>
        {
            if (!shrunk && p.CurrentFile == first)
            {
                DriveWorkspace.Write(last, original[..10]);
                shrunk = true;
            }
        });

        var e = await Assert.ThrowsAsync<DrivePreparationException>(() => PrepareAsync(request, progress));

        Assert.Contains("changed size", e.Message, StringComparison.Ordinal);
        Assert.Contains("c.bin", e.Message, StringComparison.Ordinal);
        var recorded = DriveWorkspace.TextOf(w.Journal).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => RecordOf(l) == "done").Select(IndexOf);
        Assert.Equal([0, 1], recorded);
        Assert.False(File.Exists(Path.Combine(drive, "DriveManifest.xml")));
        var stamp = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(Path.Combine(drive, "ses1", "a.bin"), stamp);

        DriveWorkspace.Write(last, original);
        var resumed = Assert.Single(await PrepareAsync(request with { Resume = true }));
        var uninterrupted = Assert.Single(await PrepareAsync(request with
        {
            JournalPath = w.Combine("other", "ref.jrn"),
            Drives = [new PrepareDrive(reference, DriveId: "DRIVE001", BitLockerKey: key)],
        }));

        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(drive, "ses1", "a.bin")));
        Assert.Equal(uninterrupted.ManifestHash, resumed.ManifestHash);
        Assert.Equal(original, DriveWorkspace.Bytes(Path.Combine(drive, "ses1", "c.bin")));
    }

    private static long Chunks(long length, long size) => (length + size - 1) / size;

    private static string? RecordOf(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.GetProperty("record").GetString();
    }

    private static int IndexOf(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.GetProperty("index").GetInt32();
    }
}
