using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary><see cref="DrivePreparer"/>'s direct writes: aligned slabs, the last one padded and the copy cut back to its length.</summary>
public sealed partial class DrivePreparerTests
{
    private static readonly long[] _aroundAlignment = [0, 1, 4095, 4096, 4097, Slab - 1, Slab, (2 * Slab) + 4097];

    [Theory]
    [InlineData(true, DrivePreparer.MaxBlockSize)]
    [InlineData(false, DrivePreparer.MaxBlockSize)]
    [InlineData(true, 4096)]
    [InlineData(true, 1000)] // slabs of 1000-byte blocks are not 4 KiB-aligned: those copies are written through the page cache
    public async Task Copies_of_lengths_around_the_write_alignment_are_byte_for_byte_and_hashed_per_block(bool directWrites, int blockSize)
    {
        using var w = new DriveWorkspace();
        for (var i = 0; i < _aroundAlignment.Length; i++)
        {
            w.File($"src/f{i}.bin", _aroundAlignment[i], i + 1);
        }

        var drive = w.Drive("d1");
        var request = w.Request("ses1", [DriveWorkspace.Dir(w.Combine("src"), "cont1/")], new PrepareDrive(drive)) with { BlockSize = blockSize };

        await new DrivePreparer { DirectWrites = directWrites }.PrepareAsync(request, null, Ct);

        var blobs = DriveWorkspace.Manifest(drive).AllBlobs.ToDictionary(b => b.BlobPath);
        Assert.Equal(_aroundAlignment.Length, blobs.Count);
        for (var i = 0; i < _aroundAlignment.Length; i++)
        {
            var source = DriveWorkspace.Bytes(w.Combine("src", $"f{i}.bin"));
            var copy = Path.Combine(drive, "ses1", $"f{i}.bin");
            Assert.Equal(source, DriveWorkspace.Bytes(copy));
            var blob = blobs[$"cont1/f{i}.bin"];
            Assert.Equal(source.Length, blob.Length);
            Assert.Equal(source.Length, blob.Blocks.Sum(b => b.Length));
            Assert.All(blob.Blocks, b => Assert.Equal(DriveWorkspace.Md5Of(source.AsSpan((int)b.Offset, (int)b.Length)), b.Hash));
        }

        // The probe of the drive's folder left nothing behind: the session folder holds the copies and nothing else.
        Assert.Equal(_aroundAlignment.Length, Directory.GetFileSystemEntries(Path.Combine(drive, "ses1")).Length);
    }

    [Fact]
    public async Task A_page_blob_written_directly_keeps_its_zero_ranges_out_of_the_manifest_and_its_bytes_whole()
    {
        using var w = new DriveWorkspace();
        var pages = new byte[Slab + (3 * 512)];
        new Random(21).NextBytes(pages.AsSpan(512, 512));
        new Random(22).NextBytes(pages.AsSpan(Slab, 512));
        var disk = w.Combine("disk.vhd");
        DriveWorkspace.Write(disk, pages);
        var drive = w.Drive("d1");
        var request = w.Request("ses1", [DriveWorkspace.FileEntry(disk, "vhds/disk.vhd", BlobKind.PageBlob)], new PrepareDrive(drive)) with { BlockSize = 512 };

        await new DrivePreparer { DirectWrites = true }.PrepareAsync(request, null, Ct);

        var blob = Assert.Single(DriveWorkspace.Manifest(drive).AllBlobs);
        Assert.Equal([512L, Slab], blob.PageRanges.Select(r => r.Offset));
        Assert.Equal(pages, DriveWorkspace.Bytes(DriveWorkspace.OnDrive(drive, blob.FilePath)));
    }

    [Fact]
    public void The_direct_write_probe_leaves_no_file_behind_and_refuses_a_folder_it_cannot_write_in()
    {
        using var w = new DriveWorkspace();
        var folder = w.Directory("probe");

        var accepted = DrivePreparer.AcceptsDirectWrites(folder);

        Assert.Empty(Directory.GetFileSystemEntries(folder));
        Assert.False(DrivePreparer.AcceptsDirectWrites(w.Combine("missing")));
        if (!OperatingSystem.IsLinux())
        {
            Assert.False(accepted);
        }
    }
}
