using Ferry.Core.Drives;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Transfer;

/// <summary>
/// RepairImport against a real Azurite: a blob the service refused to commit because a block on the drive was corrupt
/// is completed from the original files, using the drive's error log and manifest.
/// </summary>
public sealed class RepairTests(Azurite azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Repair_import_uploads_the_failed_blocks_from_the_original_files_and_commits_the_blob()
    {
        await using var h = await TransferHarness.StartAsync(azurite);
        var container = TransferHarness.NewContainer();
        var source = Path.Combine(h.Work, "src", "data");
        var good = h.WriteRandomFile("src/data/good.bin", 100_000, 1);
        var victim = h.WriteRandomFile("src/data/victim.bin", 300_000, 2);
        var drive = Assert.Single(await h.PrepareAsync(
            [new DatasetEntry(source + "/", $"{container}/data/", BlobKind.BlockBlob, ImportDisposition.Rename, null, null)],
            [new PrepareDrive(h.NewDriveFolder())]));
        var onDrive = Directory.GetFiles(drive.Root, "victim.bin", SearchOption.AllDirectories).Single();
        await using (var file = File.Open(onDrive, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 150_000;
            file.WriteByte((byte)~file.ReadByte());
        }

        var root = h.Ship(drive);
        await h.CreateAndShipAsync(TransferHarness.ImportJob("repairme", [TransferHarness.DriveOf(drive)]));
        var job = await h.WaitForStateAsync("repairme", "Completed", "Closed");
        var result = Assert.Single(job.DriveList!);
        Assert.Equal("CompletedWithErrors", result.CopyStatus);
        var blobs = h.Blobs.GetBlobContainerClient(container);
        Assert.False(await blobs.GetBlobClient("data/victim.bin").ExistsAsync(Ct));

        // The customer downloads the error log and repairs from the files the drive was prepared from.
        var log = Path.Combine(h.Work, "error.xml");
        await File.WriteAllTextAsync(log, await h.ReadBlobTextAsync(result.ErrorLogUri!), Ct);
        var report = await new ImportRepairer().RepairAsync(
            new RepairRequest(log, Path.Combine(root, "DriveManifest.xml"), [source], null, name => h.Blobs.GetBlobContainerClient(name)), null, Ct);

        var repaired = Assert.Single(report.Blobs);
        Assert.Equal(RepairOutcome.Repaired, repaired.Outcome);
        Assert.True(report.Complete);
        Assert.Equal(await TransferHarness.FileMd5Async(victim), await TransferHarness.BlobMd5Async(blobs.GetBlobClient("data/victim.bin")));
        Assert.Equal(await TransferHarness.FileMd5Async(good), await TransferHarness.BlobMd5Async(blobs.GetBlobClient("data/good.bin")));
    }
}
