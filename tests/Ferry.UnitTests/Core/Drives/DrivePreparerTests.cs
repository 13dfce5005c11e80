using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary><see cref="DrivePreparer"/> on real temporary folders: copying, hashing, layout, labels and manifests.</summary>
public sealed partial class DrivePreparerTests
{
    private const int Block = 64 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<IReadOnlyList<PreparedDrive>> PrepareAsync(PrepareRequest request, IProgress<PrepareProgress>? progress = null) =>
        new DrivePreparer().PrepareAsync(request, progress, Ct);

    [Fact]
    public async Task A_directory_of_mixed_sizes_is_copied_byte_for_byte_with_contiguous_blocks_hashed_per_block()
    {
        using var w = new DriveWorkspace();
        var sizes = new Dictionary<string, long>
        {
            ["empty.bin"] = 0,
            ["one.bin"] = 1,
            ["block.bin"] = Block,
            ["block-plus.bin"] = Block + 1,
            ["several.bin"] = (3 * Block) + 100,
            ["sub/deep/nested.txt"] = 777,
        };
        var seed = 0;
        foreach (var (name, size) in sizes)
        {
            w.File("src/" + name, size, ++seed);
        }

        var drive = w.Drive("d1");
        var request = w.Request("ses1", [DriveWorkspace.Dir(w.Combine("src"), "photos/2024/")], new PrepareDrive(drive, DriveId: "DRIVE001")) with { BlockSize = Block };

        var prepared = Assert.Single(await PrepareAsync(request));

        var manifest = DriveWorkspace.Manifest(drive);
        Assert.Equal(("DRIVE001", DriveWorkspace.AccountKey, "Ferry"), (manifest.DriveId, manifest.StorageAccountKey, manifest.ClientCreator));
        var list = Assert.Single(manifest.BlobLists);
        Assert.Equal("ses1-0", list.Id);
        Assert.Equal(sizes.Keys.Order(StringComparer.Ordinal).Select(n => "photos/2024/" + n), list.Blobs.Select(b => b.BlobPath));
        foreach (var blob in list.Blobs)
        {
            var relative = blob.BlobPath["photos/2024/".Length..];
            Assert.Equal(@"\ses1\" + relative.Replace('/', '\\'), blob.FilePath);
            Assert.Equal(ImportDisposition.Rename, blob.Disposition);
            var source = DriveWorkspace.Bytes(w.Combine(["src", .. relative.Split('/')]));
            Assert.Equal(source, DriveWorkspace.Bytes(DriveWorkspace.OnDrive(drive, blob.FilePath)));
            Assert.Equal(source.Length, blob.Length);
            Assert.Equal((source.Length + Block - 1) / Block, blob.Blocks.Count);
            long offset = 0;
            for (var i = 0; i < blob.Blocks.Count; i++)
            {
                var block = blob.Blocks[i];
                Assert.Equal(offset, block.Offset);
                Assert.Equal(Math.Min(Block, source.Length - offset), block.Length);
                Assert.Equal(DriveWorkspace.Md5Of(source.AsSpan((int)offset, (int)block.Length)), block.Hash);
                Assert.Equal(Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"ferry-{i:D8}")), block.Id);
                offset += block.Length;
            }

            Assert.Equal(source.Length, offset);
            Assert.Empty(blob.PageRanges);
        }

        Assert.Single(list.Blobs.Where(b => b.Blocks.Count > 0).Select(b => b.Blocks[0].Id!.Length).Distinct());
        var manifestPath = Path.Combine(drive, "DriveManifest.xml");
        Assert.Equal(("DRIVE001", @"\DriveManifest.xml", DriveWorkspace.Md5OfFile(manifestPath)), (prepared.DriveId, prepared.ManifestFile, prepared.ManifestHash));
        Assert.Equal((sizes.Values.Sum(), sizes.Count), (prepared.Bytes, prepared.Blobs));
        Assert.Equal(
            $"<Drive>\r\n  <DriveId>DRIVE001</DriveId>\r\n  <BitLockerKey>{prepared.BitLockerKey}</BitLockerKey>\r\n  <ManifestFile>\\DriveManifest.xml</ManifestFile>\r\n  <ManifestHash>{prepared.ManifestHash}</ManifestHash>\r\n</Drive>\r\n",
            DriveWorkspace.TextOf(w.Journal + "_DriveInfo_DRIVE001.xml"));
    }

    [Fact]
    public async Task The_drive_label_unlocks_with_the_returned_key_only_and_stores_no_key()
    {
        using var w = new DriveWorkspace();
        w.File("src/a.bin", 10);
        var drive = w.Drive("d1");

        var prepared = Assert.Single(await PrepareAsync(w.Request("ses1", [DriveWorkspace.Dir(w.Combine("src"), "cont1/")], new PrepareDrive(drive))));

        Assert.True(DriveIds.IsValid(prepared.DriveId));
        Assert.True(RecoveryPassword.IsWellFormed(prepared.BitLockerKey));
        Assert.True(DriveLabel.TryRead(drive, out var label, out var problem), problem?.Message);
        Assert.Equal(prepared.DriveId, label.DriveId);
        Assert.True(label.Unlocks(prepared.BitLockerKey));
        Assert.False(label.Unlocks(RecoveryPassword.Generate()));
        Assert.DoesNotContain(prepared.BitLockerKey, DriveWorkspace.TextOf(Path.Combine(drive, DriveLabel.FileName)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_given_key_and_drive_id_are_used_and_a_malformed_key_is_refused()
    {
        using var w = new DriveWorkspace();
        w.File("src/a.bin", 10);
        var key = RecoveryPassword.Generate();
        var dataset = new[] { DriveWorkspace.Dir(w.Combine("src"), "cont1/") };

        var refused = await Assert.ThrowsAsync<DrivePreparationException>(() => PrepareAsync(w.Request("ses1", dataset, new PrepareDrive(w.Drive("bad"), BitLockerKey: "123456-123456"))));
        var prepared = Assert.Single(await PrepareAsync(w.Request("ses1", dataset, new PrepareDrive(w.Drive("d1"), DriveId: "MYDRIVE7", BitLockerKey: key))));

        Assert.Contains("recovery password", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(w.Combine("drives", "bad"), DriveLabel.FileName)));
        Assert.Equal(("MYDRIVE7", key), (prepared.DriveId, prepared.BitLockerKey));
    }

    [Fact]
    public async Task A_page_blob_lists_only_its_non_zero_ranges_each_with_its_MD5()
    {
        using var w = new DriveWorkspace();
        var bytes = new byte[5 * 4096];
        new Random(7).NextBytes(bytes.AsSpan(0, 4096));
        new Random(8).NextBytes(bytes.AsSpan(2 * 4096, 100));
        bytes[(4 * 4096) + 511] = 1;
        var disk = w.Combine("disk.vhd");
        DriveWorkspace.Write(disk, bytes);
        var drive = w.Drive("d1");

        await PrepareAsync(w.Request("ses1", [DriveWorkspace.FileEntry(disk, "vhds/disk.vhd", BlobKind.PageBlob)], new PrepareDrive(drive)) with { BlockSize = 4096 });

        var blob = Assert.Single(DriveWorkspace.Manifest(drive).AllBlobs);
        Assert.Equal((BlobKind.PageBlob, @"\ses1\disk.vhd", (long)bytes.Length), (blob.Kind, blob.FilePath, blob.Length));
        Assert.Empty(blob.Blocks);
        Assert.Equal([0L, 2 * 4096, 4 * 4096], blob.PageRanges.Select(r => r.Offset));
        Assert.All(blob.PageRanges, r => Assert.Equal(4096, r.Length));
        Assert.All(blob.PageRanges, r => Assert.Equal(DriveWorkspace.Md5Of(bytes.AsSpan((int)r.Offset, 4096)), r.Hash));
        Assert.Equal(bytes, DriveWorkspace.Bytes(DriveWorkspace.OnDrive(drive, blob.FilePath)));
    }

    [Fact]
    public async Task A_page_blob_whose_length_is_not_a_multiple_of_512_is_refused_naming_the_file_before_anything_is_written()
    {
        using var w = new DriveWorkspace();
        w.File("src/fine.vhd", 1024);
        var odd = w.File("src/odd.vhd", 1000);
        var drive = w.Drive("d1");

        var e = await Assert.ThrowsAsync<DrivePreparationException>(() => PrepareAsync(w.Request("ses1", [DriveWorkspace.Dir(w.Combine("src"), "vhds/", BlobKind.PageBlob)], new PrepareDrive(drive))));

        Assert.Contains(odd, e.Message, StringComparison.Ordinal);
        Assert.Contains("512", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(drive));
    }

    [Fact]
    public async Task Files_spread_over_two_small_drives_in_order_and_each_drive_gets_its_own_manifest()
    {
        using var w = new DriveWorkspace();
        for (var i = 1; i <= 4; i++)
        {
            w.File($"src/f{i}.bin", 300_000, i);
        }

        var (d1, d2) = (w.Drive("d1"), w.Drive("d2"));
        var capacity = DrivePreparer.ManifestReserve + 700_000;

        var prepared = await PrepareAsync(w.Request("ses1", [DriveWorkspace.Dir(w.Combine("src"), "cont1/")], new PrepareDrive(d1, capacity), new PrepareDrive(d2, capacity)));

        Assert.Equal(2, prepared.Count);
        Assert.Equal(["cont1/f1.bin", "cont1/f2.bin"], DriveWorkspace.Manifest(d1).AllBlobs.Select(b => b.BlobPath));
        Assert.Equal(["cont1/f3.bin", "cont1/f4.bin"], DriveWorkspace.Manifest(d2).AllBlobs.Select(b => b.BlobPath));
        Assert.Equal("ses1-1", Assert.Single(DriveWorkspace.Manifest(d2).BlobLists).Id);
        Assert.Equal([d1, d2], prepared.Select(p => p.Root));
        Assert.Equal(DriveWorkspace.Md5OfFile(Path.Combine(d2, "DriveManifest.xml")), prepared[1].ManifestHash);
        Assert.True(File.Exists(Path.Combine(d2, "ses1", "f4.bin")));
        Assert.False(File.Exists(Path.Combine(d1, "ses1", "f3.bin")));
        Assert.True(File.Exists(w.Journal + "_DriveInfo_" + prepared[1].DriveId + ".xml"));
    }

    [Fact]
    public async Task A_file_too_large_for_any_drive_is_refused_before_anything_is_copied()
    {
        using var w = new DriveWorkspace();
        w.File("src/a-small.bin", 1000);
        var big = w.File("src/b-big.bin", 900_000);
        var (d1, d2) = (w.Drive("d1"), w.Drive("d2"));
        var capacity = DrivePreparer.ManifestReserve + 500_000;

        var e = await Assert.ThrowsAsync<DrivePreparationException>(() =>
            PrepareAsync(w.Request("ses1", [DriveWorkspace.Dir(w.Combine("src"), "cont1/")], new PrepareDrive(d1, capacity), new PrepareDrive(d2, capacity))));

        Assert.Contains(big, e.Message, StringComparison.Ordinal);
        Assert.Contains("fits on no drive", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(d1));
        Assert.Empty(Directory.EnumerateFileSystemEntries(d2));
    }

    [Fact]
    public async Task Skip_write_hashes_files_in_place_and_names_them_relative_to_the_drive_root()
    {
        using var w = new DriveWorkspace();
        var drive = w.Drive("d1");
        var a = w.File("drives/d1/data/a.bin", Block + 5, 3);
        w.File("drives/d1/data/sub/b.bin", 10, 4);
        var before = Directory.EnumerateFiles(drive, "*", SearchOption.AllDirectories).Order().ToList();

        var prepared = Assert.Single(await PrepareAsync(w.Request("ses1", [DriveWorkspace.Dir(Path.Combine(drive, "data"), "cont1/")], new PrepareDrive(drive)) with { SkipWrite = true, BlockSize = Block }));

        var blobs = DriveWorkspace.Manifest(drive).AllBlobs.ToList();
        Assert.Equal([@"\data\a.bin", @"\data\sub\b.bin"], blobs.Select(b => b.FilePath));
        Assert.Equal(["cont1/a.bin", "cont1/sub/b.bin"], blobs.Select(b => b.BlobPath));
        var bytes = DriveWorkspace.Bytes(a);
        Assert.Equal([DriveWorkspace.Md5Of(bytes.AsSpan(0, Block)), DriveWorkspace.Md5Of(bytes.AsSpan(Block))], blobs[0].Blocks.Select(b => b.Hash));
        Assert.False(Directory.Exists(Path.Combine(drive, "ses1")));
        var added = Directory.EnumerateFiles(drive, "*", SearchOption.AllDirectories).Except(before).Select(Path.GetFileName).Order();
        Assert.Equal(["DriveManifest.xml", "FerryDrive.xml"], added);
        Assert.Equal(2, prepared.Blobs);
    }

    [Fact]
    public async Task Skip_write_refuses_data_outside_the_drives()
    {
        using var w = new DriveWorkspace();
        w.File("src/a.bin", 10);

        var e = await Assert.ThrowsAsync<DrivePreparationException>(() =>
            PrepareAsync(w.Request("ses1", [DriveWorkspace.Dir(w.Combine("src"), "cont1/")], new PrepareDrive(w.Drive("d1"))) with { SkipWrite = true }));

        Assert.Contains("inside a drive", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_and_properties_files_are_copied_once_per_drive_and_referenced_with_their_MD5()
    {
        using var w = new DriveWorkspace();
        w.File("src/a.bin", 10, 1);
        w.File("src/b.bin", 20, 2);
        var metadata = w.Text("meta/metadata.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Metadata><Photographer>John</Photographer></Metadata>");
        var properties = w.Text("meta/props.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Properties><Content-Type>image/jpeg</Content-Type></Properties>");
        var drive = w.Drive("d1");

        await PrepareAsync(w.Request("ses1", [DriveWorkspace.Dir(w.Combine("src"), "cont1/", metadata: metadata, properties: properties)], new PrepareDrive(drive)));

        var blobs = DriveWorkspace.Manifest(drive).AllBlobs.ToList();
        Assert.All(blobs, b => Assert.Equal(new ManifestFileRef(@"\ses1\_files\1-metadata.xml", DriveWorkspace.Md5OfFile(metadata)), b.Metadata));
        Assert.All(blobs, b => Assert.Equal(new ManifestFileRef(@"\ses1\_files\2-props.xml", DriveWorkspace.Md5OfFile(properties)), b.Properties));
        Assert.Equal(DriveWorkspace.TextOf(metadata), DriveWorkspace.TextOf(DriveWorkspace.OnDrive(drive, @"\ses1\_files\1-metadata.xml")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(drive, "ses1", "_files")).Length);
    }

    [Fact]
    public async Task A_metadata_file_that_is_not_valid_is_refused()
    {
        using var w = new DriveWorkspace();
        w.File("src/a.bin", 10);
        var metadata = w.Text("meta/metadata.xml", "<Metadata><not-an-identifier>x</not-an-identifier></Metadata>");

        var e = await Assert.ThrowsAsync<DrivePreparationException>(() =>
            PrepareAsync(w.Request("ses1", [DriveWorkspace.Dir(w.Combine("src"), "cont1/", metadata: metadata)], new PrepareDrive(w.Drive("d1")))));

        Assert.Contains(metadata, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_file_entries_with_one_name_get_distinct_drive_paths()
    {
        using var w = new DriveWorkspace();
        var first = w.File("one/report.txt", 10, 1);
        var second = w.File("two/report.txt", 20, 2);
        var drive = w.Drive("d1");

        await PrepareAsync(w.Request("ses1", [DriveWorkspace.FileEntry(first, "cont1/first.txt"), DriveWorkspace.FileEntry(second, "cont1/second.txt")], new PrepareDrive(drive)));

        var blobs = DriveWorkspace.Manifest(drive).AllBlobs.ToList();
        Assert.Equal([@"\ses1\report.txt", @"\ses1\report (2).txt"], blobs.Select(b => b.FilePath));
        Assert.Equal(DriveWorkspace.Bytes(second), DriveWorkspace.Bytes(DriveWorkspace.OnDrive(drive, blobs[1].FilePath)));
        Assert.Equal(ImportDisposition.Overwrite, blobs[1].Disposition);
    }

    [Fact]
    public async Task Progress_counts_every_byte_and_file()
    {
        using var w = new DriveWorkspace();
        w.File("src/a.bin", (2 * Block) + 3, 1);
        w.File("src/b.bin", 5, 2);
        var reports = new List<PrepareProgress>();

        await PrepareAsync(w.Request("ses1", [DriveWorkspace.Dir(w.Combine("src"), "cont1/")], new PrepareDrive(w.Drive("d1"))) with { BlockSize = Block }, new SyncProgress<PrepareProgress>(reports.Add));

        Assert.Equal(new PrepareProgress((2 * Block) + 8, (2 * Block) + 8, 2, 2, null), reports[^1]);
        Assert.Equal(new PrepareProgress(Block, (2 * Block) + 8, 0, 2, w.Combine("src", "a.bin")), reports[1]);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.BytesDone <= p.Second.BytesDone));
    }
}
