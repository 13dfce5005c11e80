using Azure.Storage.Blobs.Models;
using Ferry.Core.Drives;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Transfer;

/// <summary>
/// Import end to end against a real Azurite: drives prepared with the preparer, shipped into the emulated data centre's
/// bay, copied by the transfer engine, and the blobs, properties, metadata and copy logs read back from Azurite.
/// </summary>
public sealed class ImportTests(Azurite azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly long[] _sizes = [0, 1, 65_536, 65_537, 300_000, 1_000_000];

    [Fact]
    public async Task A_prepared_dataset_arrives_byte_exact_with_its_properties_metadata_and_logs()
    {
        await using var h = await TransferHarness.StartAsync(azurite);
        var container = TransferHarness.NewContainer();
        var sources = _sizes.Select((size, i) => h.WriteRandomFile($"src/photos/sub{i % 2}/file{i}.bin", size, seed: i)).ToList();
        var single = h.WriteRandomFile("src/disk.vhd", 512 * 1024, seed: 99);
        var metadata = Path.Combine(h.Work, "meta.xml");
        await File.WriteAllTextAsync(metadata, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Metadata><Photographer>John</Photographer></Metadata>", Ct);
        var properties = Path.Combine(h.Work, "props.xml");
        await File.WriteAllTextAsync(properties, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Properties><Content-Type>image/jpeg</Content-Type><Cache-Control>max-age=60</Cache-Control></Properties>", Ct);
        var drives = await h.PrepareAsync(
            [
                new DatasetEntry(Path.Combine(h.Work, "src", "photos") + "/", $"{container}/photos/", BlobKind.BlockBlob, ImportDisposition.Rename, metadata, properties),
                new DatasetEntry(single, $"{container}/disks/disk.vhd", BlobKind.PageBlob, ImportDisposition.Rename, null, null),
            ],
            [new PrepareDrive(h.NewDriveFolder())]);
        var drive = Assert.Single(drives);
        h.Ship(drive);

        await h.CreateAndShipAsync(TransferHarness.ImportJob("import1", [TransferHarness.DriveOf(drive)], verbose: true, backup: true));
        var job = await h.WaitForStateAsync("import1", "Completed", "Closed");

        Assert.Equal("Completed", job.Properties!.State);
        var result = Assert.Single(job.DriveList!);
        Assert.Equal("ShippedBack", result.State);
        Assert.Equal("Completed", result.CopyStatus);
        Assert.Equal(100, job.Properties.PercentComplete);
        var blobs = h.Blobs.GetBlobContainerClient(container);
        for (var i = 0; i < sources.Count; i++)
        {
            var blob = blobs.GetBlobClient($"photos/sub{i % 2}/file{i}.bin");
            Assert.Equal(await TransferHarness.FileMd5Async(sources[i]), await TransferHarness.BlobMd5Async(blob));
            var props = (await blob.GetPropertiesAsync(cancellationToken: Ct)).Value;
            Assert.Equal(BlobType.Block, props.BlobType);
            Assert.Equal("image/jpeg", props.ContentType);
            Assert.Equal("max-age=60", props.CacheControl);
            Assert.Equal("John", props.Metadata["Photographer"]);
        }

        var page = blobs.GetBlobClient("disks/disk.vhd");
        Assert.Equal(BlobType.Page, (await page.GetPropertiesAsync(cancellationToken: Ct)).Value.BlobType);
        Assert.Equal(await TransferHarness.FileMd5Async(single), await TransferHarness.BlobMd5Async(page));

        Assert.Matches($"/waimportexport/waies/import1_{drive.DriveId}_\\d{{8}}-\\d{{6}}-\\d{{3}}_error.xml$", result.ErrorLogUri);
        Assert.StartsWith(h.Azurite.AccountEndpoint.ToString().TrimEnd('/') + "/waimportexport/waies/", result.ErrorLogUri);
        var errors = await h.ReadBlobTextAsync(result.ErrorLogUri!);
        Assert.Contains("<Status>Completed</Status>", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("<Blob ", errors, StringComparison.Ordinal);
        var verbose = await h.ReadBlobTextAsync(result.VerboseLogUri!);
        Assert.Equal(sources.Count + 1, verbose.Split("<Blob ").Length - 1);
        Assert.Contains("Status=\"Committed\"", verbose, StringComparison.Ordinal);
        Assert.Contains("<ImportDisposition Status=\"Created\">rename</ImportDisposition>", verbose, StringComparison.Ordinal);
        var backup = await h.ReadBlobTextAsync(result.ManifestUri!);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(h.Bay, drive.DriveId, "DriveManifest.xml"), Ct), backup);
    }

    [Fact]
    public async Task Each_disposition_renames_skips_or_overwrites_an_existing_blob()
    {
        await using var h = await TransferHarness.StartAsync(azurite);
        var container = TransferHarness.NewContainer();
        var blobs = h.Blobs.GetBlobContainerClient(container);
        await blobs.CreateAsync(cancellationToken: Ct);
        foreach (var name in new[] { "a.tar.gz", "b.txt", "c.txt", "photo" })
        {
            await blobs.GetBlobClient(name).UploadAsync(BinaryData.FromString("existing " + name), Ct);
        }

        await blobs.GetBlobClient("photo (2)").UploadAsync(BinaryData.FromString("taken"), Ct);
        var a = h.WriteRandomFile("src/a.tar.gz", 1000, 1);
        var b = h.WriteRandomFile("src/b.txt", 1000, 2);
        var c = h.WriteRandomFile("src/c.txt", 1000, 3);
        var p = h.WriteRandomFile("src/photo", 1000, 4);
        var drives = await h.PrepareAsync(
            [
                new DatasetEntry(a, $"{container}/a.tar.gz", BlobKind.BlockBlob, ImportDisposition.Rename, null, null),
                new DatasetEntry(b, $"{container}/b.txt", BlobKind.BlockBlob, ImportDisposition.NoOverwrite, null, null),
                new DatasetEntry(c, $"{container}/c.txt", BlobKind.BlockBlob, ImportDisposition.Overwrite, null, null),
                new DatasetEntry(p, $"{container}/photo", BlobKind.BlockBlob, ImportDisposition.Rename, null, null),
            ],
            [new PrepareDrive(h.NewDriveFolder())]);
        var drive = Assert.Single(drives);
        h.Ship(drive);

        await h.CreateAndShipAsync(TransferHarness.ImportJob("dispositions", [TransferHarness.DriveOf(drive)], verbose: true));
        var job = await h.WaitForStateAsync("dispositions", "Completed", "Closed");

        var result = Assert.Single(job.DriveList!);
        Assert.Equal("Completed", result.CopyStatus);
        Assert.Equal("Completed", job.Properties!.State);
        Assert.Equal(await TransferHarness.FileMd5Async(a), await TransferHarness.BlobMd5Async(blobs.GetBlobClient("a.tar (2).gz")));
        Assert.Equal("existing a.tar.gz", (await blobs.GetBlobClient("a.tar.gz").DownloadContentAsync(Ct)).Value.Content.ToString());
        Assert.Equal("existing b.txt", (await blobs.GetBlobClient("b.txt").DownloadContentAsync(Ct)).Value.Content.ToString());
        Assert.Equal(await TransferHarness.FileMd5Async(c), await TransferHarness.BlobMd5Async(blobs.GetBlobClient("c.txt")));
        Assert.Equal(await TransferHarness.FileMd5Async(p), await TransferHarness.BlobMd5Async(blobs.GetBlobClient("photo (3)")));
        var verbose = await h.ReadBlobTextAsync(result.VerboseLogUri!);
        Assert.Contains($"<BlobPath>{container}/a.tar (2).gz</BlobPath>", verbose, StringComparison.Ordinal);
        Assert.Contains("<ImportDisposition Status=\"Renamed\">rename</ImportDisposition>", verbose, StringComparison.Ordinal);
        Assert.Contains("<ImportDisposition Status=\"Skipped\">no-overwrite</ImportDisposition>", verbose, StringComparison.Ordinal);
        Assert.Contains("<ImportDisposition Status=\"Overwritten\">overwrite</ImportDisposition>", verbose, StringComparison.Ordinal);

        // A rename or overwrite is "more info": the drive finished CompletedMoreInfo before it was shipped back.
        var history = (await h.Operator.GetJobHistoryAsync(new Ferry.Client.Operator.OperatorJobReference(h.Server.SubscriptionId, "dispositions"), Ct)).Value;
        Assert.Contains(history, e => e.DriveId == drive.DriveId && e.NewState == "CompletedMoreInfo");
    }

    [Fact]
    public async Task A_dataset_spread_over_two_drives_is_imported_from_both()
    {
        await using var h = await TransferHarness.StartAsync(azurite);
        var container = TransferHarness.NewContainer();
        var sources = Enumerable.Range(0, 6).Select(i => h.WriteRandomFile($"src/set/f{i}.bin", 400_000, seed: 10 + i)).ToList();
        var drives = await h.PrepareAsync(
            [new DatasetEntry(Path.Combine(h.Work, "src", "set") + "/", $"{container}/set/", BlobKind.BlockBlob, ImportDisposition.Rename, null, null)],
            [new PrepareDrive(h.NewDriveFolder(), Capacity: 1_200_000 + 1024 * 1024), new PrepareDrive(h.NewDriveFolder(), Capacity: 64 * 1024 * 1024)]);
        Assert.Equal(2, drives.Count);
        Assert.All(drives, d => Assert.True(d.Blobs > 0));
        foreach (var drive in drives)
        {
            h.Ship(drive);
        }

        await h.CreateAndShipAsync(TransferHarness.ImportJob("twodrives", drives.Select(TransferHarness.DriveOf)));
        var job = await h.WaitForStateAsync("twodrives", "Completed", "Closed");

        Assert.Equal("Completed", job.Properties!.State);
        Assert.All(job.DriveList!, d => Assert.Equal("Completed", d.CopyStatus));
        var blobs = h.Blobs.GetBlobContainerClient(container);
        for (var i = 0; i < sources.Count; i++)
        {
            Assert.Equal(await TransferHarness.FileMd5Async(sources[i]), await TransferHarness.BlobMd5Async(blobs.GetBlobClient($"set/f{i}.bin")));
        }
    }
}
