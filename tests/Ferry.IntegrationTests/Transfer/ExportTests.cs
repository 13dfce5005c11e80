using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Ferry.Client.Models;
using Ferry.Core.Drives;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Transfer;

/// <summary>
/// Export end to end against a real Azurite: blobs selected by prefix or by a blob-list blob are written onto two small
/// blank drives in the emulated bay; what does not fit is listed in the incomplete-blob list.
/// </summary>
public sealed class ExportTests(Azurite azurite)
{
    private const int BlobSize = 300_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Two blank drives in the bay folder of <paramref name="job"/>, each with room for two of the test's blobs.</summary>
    private static List<(string Id, string Root)> BlankDrives(TransferHarness h, string job)
    {
        var capacity = ExportPlannerRoom(2);
        return [.. new[] { "EXPA0001", "EXPB0002" }.Select(id =>
        {
            var root = Directory.CreateDirectory(Path.Combine(h.Bay, job, id)).FullName;
            DriveLabel.Create(id, RecoveryPassword.Generate(), capacity).Write(root);
            return (id, root);
        })];
    }

    // 1 MiB kept for the manifest, plus per blob its data, 8 KiB of side files and 200 bytes per 4 MiB block.
    private static long ExportPlannerRoom(int blobs) => (1024 * 1024) + (blobs * (BlobSize + (8 * 1024) + 200)) + 100;

    private static async Task<Dictionary<string, string>> UploadAsync(TransferHarness h, string container, int count)
    {
        var client = h.Blobs.GetBlobContainerClient(container);
        await client.CreateAsync(cancellationToken: Ct);
        var hashes = new Dictionary<string, string>();
        for (var i = 0; i < count; i++)
        {
            var data = new byte[BlobSize];
            new Random(i).NextBytes(data);
            var name = $"pictures/p{i}.jpg";
            await client.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(data), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "image/jpeg" },
                Metadata = new Dictionary<string, string> { ["Index"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            }, Ct);
            hashes[$"{container}/{name}"] = Convert.ToHexString(MD5.HashData(data));
        }

        return hashes;
    }

    private static ImportExportJob ExportJob(string name, ExportSelection selection) => new(name, new JobProperties
    {
        StorageAccountKey = Azurite.AccountKey,
        Location = "West US",
        Type = "Export",
        ReturnAddress = new ReturnAddress("John Doe", TransferHarness.Address, "1-800-000-0000", "johndoe@outlook.com"),
        EnableVerboseLog = true,
    })
    {
        Export = selection,
    };

    private static async Task AssertExportedAsync(TransferHarness h, ImportExportJob job, List<(string Id, string Root)> drives, Dictionary<string, string> hashes, int expectedExported)
    {
        Assert.Equal("Completed", job.Properties!.State);
        var exported = new HashSet<string>();
        foreach (var (id, root) in drives)
        {
            var drive = Assert.Single(job.DriveList!, d => d.DriveId == id);
            Assert.Equal("ShippedBack", drive.State);
            Assert.Equal("Completed", drive.CopyStatus);
            Assert.Equal("\\DriveManifest.xml", drive.ManifestFile);
            var manifestPath = Path.Combine(root, "DriveManifest.xml");
            Assert.Equal(drive.ManifestHash, await TransferHarness.FileMd5Async(manifestPath));
            await using (var stream = File.OpenRead(manifestPath))
            {
                Assert.True(DriveManifestXml.TryRead(stream, ManifestLimits.Default, out var manifest, out var problem), problem?.Message);
                Assert.Equal(id, manifest.DriveId);
                foreach (var blob in manifest.BlobLists.SelectMany(l => l.Blobs))
                {
                    Assert.True(DrivePaths.TryResolve(root, blob.FilePath, out var file) == DrivePathProblem.None);
                    Assert.Equal(hashes[blob.BlobPath], await TransferHarness.FileMd5Async(file));
                    Assert.Contains("<Content-Type>image/jpeg</Content-Type>", await File.ReadAllTextAsync(file + ".properties", Ct), StringComparison.Ordinal);
                    Assert.Contains("<Index>", await File.ReadAllTextAsync(file + ".metadata", Ct), StringComparison.Ordinal);
                    Assert.True(exported.Add(blob.BlobPath), $"{blob.BlobPath} exported twice");
                }
            }

            // The export drive's key is shown once the drive is shipped back, and it opens the drive.
            Assert.True(RecoveryPassword.IsWellFormed(drive.BitLockerKey));
            Assert.True(DriveLabel.TryRead(root, out var label, out _) && label.Unlocks(drive.BitLockerKey!));
            Assert.NotNull(drive.ErrorLogUri);
            Assert.Contains("Status=\"Completed\"", await h.ReadBlobTextAsync(drive.VerboseLogUri!), StringComparison.Ordinal);
        }

        Assert.Equal(expectedExported, exported.Count);
        var incomplete = await h.ReadBlobTextAsync(job.Properties.IncompleteBlobListUri!);
        using var reader = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(incomplete));
        Assert.True(BlobListXml.TryRead(reader, ManifestLimits.Default, out var list, out _));
        Assert.Equal(hashes.Keys.Except(exported).Order(), list.Paths.Select(p => p.Path).Order());
    }

    [Fact]
    public async Task A_prefix_export_fills_two_drives_in_order_and_lists_the_rest_as_incomplete()
    {
        await using var h = await TransferHarness.StartAsync(azurite);
        var container = TransferHarness.NewContainer();
        var hashes = await UploadAsync(h, container, 6);
        var drives = BlankDrives(h, "export1");

        await h.CreateAndShipAsync(ExportJob("export1", new ExportSelection { BlobList = new ExportBlobList { BlobPathPrefix = [$"/{container}/"] } }));
        var job = await h.WaitForStateAsync("export1", "Completed", "Closed");

        await AssertExportedAsync(h, job, drives, hashes, expectedExported: 4);
    }

    [Fact]
    public async Task A_blob_list_blob_selects_what_is_exported()
    {
        await using var h = await TransferHarness.StartAsync(azurite);
        var container = TransferHarness.NewContainer();
        var hashes = await UploadAsync(h, container, 6);
        var selected = hashes.Keys.Order().Take(5).ToList();
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlobList>" + string.Concat(selected.Select(p => $"<BlobPath>{p}</BlobPath>")) + "</BlobList>";
        await h.Blobs.GetBlobContainerClient(container).GetBlobClient("lists/export.xml").UploadAsync(BinaryData.FromString(xml), Ct);
        var drives = BlankDrives(h, "export2");

        await h.CreateAndShipAsync(ExportJob("export2", new ExportSelection { BlobListBlobPath = $"{container}/lists/export.xml" }));
        var job = await h.WaitForStateAsync("export2", "Completed", "Closed");

        await AssertExportedAsync(h, job, drives, selected.ToDictionary(p => p, p => hashes[p]), expectedExported: 4);
    }

    [Fact]
    public async Task A_page_blob_is_exported_range_by_range_and_a_snapshot_beside_its_blob()
    {
        await using var h = await TransferHarness.StartAsync(azurite);
        var container = TransferHarness.NewContainer();
        var client = h.Blobs.GetBlobContainerClient(container);
        await client.CreateAsync(cancellationToken: Ct);
        var page = client.GetPageBlobClient("disk.vhd");
        await page.CreateAsync(1024 * 1024, cancellationToken: Ct);
        var first = new byte[4096];
        var second = new byte[8192];
        new Random(1).NextBytes(first);
        new Random(2).NextBytes(second);
        await page.UploadPagesAsync(new MemoryStream(first), 0, cancellationToken: Ct);
        await page.UploadPagesAsync(new MemoryStream(second), 512 * 1024, cancellationToken: Ct);
        var doc = client.GetBlobClient("doc.txt");
        await doc.UploadAsync(BinaryData.FromString("old text"), Ct);
        await doc.CreateSnapshotAsync(cancellationToken: Ct);
        await doc.UploadAsync(BinaryData.FromString("new text"), overwrite: true, Ct);
        var root = Directory.CreateDirectory(Path.Combine(h.Bay, "export3", "PAGE0001")).FullName;
        DriveLabel.Create("PAGE0001", RecoveryPassword.Generate(), 64 * 1024 * 1024).Write(root);

        await h.CreateAndShipAsync(ExportJob("export3", new ExportSelection { BlobList = new ExportBlobList { BlobPath = [$"{container}/disk.vhd", $"{container}/doc.txt"] } }));
        var job = await h.WaitForStateAsync("export3", "Completed", "Closed");

        Assert.Equal("Completed", job.Properties!.State);
        var disk = Path.Combine(root, container, "disk.vhd");
        Assert.Equal(1024 * 1024, new FileInfo(disk).Length);
        Assert.Equal(await TransferHarness.BlobMd5Async(client.GetBlobClient("disk.vhd")), await TransferHarness.FileMd5Async(disk));
        Assert.Equal("new text", await File.ReadAllTextAsync(Path.Combine(root, container, "doc.txt"), Ct));
        var snapshot = Assert.Single(Directory.GetFiles(Path.Combine(root, container), "doc.txt.snapshot-*"), f => !f.EndsWith(".properties", StringComparison.Ordinal) && !f.EndsWith(".metadata", StringComparison.Ordinal));
        Assert.Equal("old text", await File.ReadAllTextAsync(snapshot, Ct));
        await using var stream = File.OpenRead(Path.Combine(root, "DriveManifest.xml"));
        Assert.True(DriveManifestXml.TryRead(stream, ManifestLimits.Default, out var manifest, out _));
        var pageEntry = Assert.Single(manifest.AllBlobs, b => b.BlobPath == $"{container}/disk.vhd");
        Assert.Equal(BlobKind.PageBlob, pageEntry.Kind);
        Assert.Equal([(0L, 4096L), (512L * 1024, 8192L)], pageEntry.PageRanges.Select(r => (r.Offset, r.Length)));
        Assert.Contains(manifest.AllBlobs, b => b.BlobPath == $"{container}/doc.txt" && b.Snapshot is not null);
    }

    [Fact]
    public async Task The_side_files_hold_the_blobs_own_properties_and_metadata_whether_read_with_the_download_or_asked_for()
    {
        // With 64 KiB blocks a segment (one Get Blob) is 512 KiB: a blob of one segment, a blob of three segments
        // (the last one short) and an empty blob (which has no block to download, so its properties are asked for).
        // Each side file must be byte for byte what the blob's Get Blob Properties says, and each manifest block the
        // MD5 of its piece of the blob.
        await using var h = await TransferHarness.StartAsync(azurite, settings: new Dictionary<string, string> { ["Ferry:Transfer:ExportBlockSize"] = "65536" });
        var container = TransferHarness.NewContainer();
        var client = h.Blobs.GetBlobContainerClient(container);
        await client.CreateAsync(cancellationToken: Ct);
        var sizes = new Dictionary<string, int> { ["one.bin"] = 100_000, ["three.bin"] = (1024 * 1024) + (300 * 1024) + 7, ["empty.bin"] = 0 };
        var contents = new Dictionary<string, byte[]>();
        foreach (var (name, size) in sizes)
        {
            var data = new byte[size];
            new Random(size).NextBytes(data);
            contents[name] = data;
            await client.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(data), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders
                {
                    ContentType = "application/x-test",
                    ContentHash = MD5.HashData(data),
                    ContentEncoding = "identity",
                    ContentLanguage = "en-GB",
                    CacheControl = "no-cache",
                },
                Metadata = new Dictionary<string, string> { ["Name"] = name, ["Size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            }, Ct);
        }

        var root = Directory.CreateDirectory(Path.Combine(h.Bay, "export4", "SIDE0001")).FullName;
        DriveLabel.Create("SIDE0001", RecoveryPassword.Generate(), 64 * 1024 * 1024).Write(root);

        await h.CreateAndShipAsync(ExportJob("export4", new ExportSelection { BlobList = new ExportBlobList { BlobPathPrefix = [$"/{container}/"] } }));
        var job = await h.WaitForStateAsync("export4", "Completed", "Closed");

        Assert.Equal("Completed", Assert.Single(job.DriveList!).CopyStatus);
        foreach (var (name, size) in sizes)
        {
            var file = Path.Combine(root, container, name);
            var blob = client.GetBlobClient(name);
            Assert.Equal(size, new FileInfo(file).Length);
            Assert.Equal(await TransferHarness.BlobMd5Async(blob), await TransferHarness.FileMd5Async(file));
            var p = (await blob.GetPropertiesAsync(cancellationToken: Ct)).Value;
            using var expectedProperties = new MemoryStream();
            BlobFileXml.WriteProperties(expectedProperties, new BlobPropertiesFile(p.ContentType, Convert.ToBase64String(p.ContentHash), p.ContentEncoding, p.ContentLanguage,
                p.CacheControl, p.LastModified, p.ETag.ToString(), p.ContentLength));
            Assert.Equal(expectedProperties.ToArray(), await File.ReadAllBytesAsync(file + ".properties", Ct));
            using var expectedMetadata = new MemoryStream();
            BlobFileXml.WriteMetadata(expectedMetadata, p.Metadata.AsReadOnly());
            Assert.Equal(expectedMetadata.ToArray(), await File.ReadAllBytesAsync(file + ".metadata", Ct));
        }

        await using var stream = File.OpenRead(Path.Combine(root, "DriveManifest.xml"));
        Assert.True(DriveManifestXml.TryRead(stream, ManifestLimits.Default, out var manifest, out _));
        foreach (var (name, data) in contents)
        {
            var entry = Assert.Single(manifest.AllBlobs, b => b.BlobPath == $"{container}/{name}");
            var expected = data.Chunk(65536).Select((piece, i) => (Offset: i * 65536L, Length: (long)piece.Length, Hash: Convert.ToHexString(MD5.HashData(piece))));
            Assert.Equal(expected, entry.Blocks.Select(b => (b.Offset, b.Length, b.Hash)));
        }
    }
}
