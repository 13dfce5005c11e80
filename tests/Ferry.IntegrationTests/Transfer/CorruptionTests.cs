using Ferry.Core.Drives;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Transfer;

/// <summary>
/// The corruption matrix: a drive damaged after preparation, or a job that does not match its drive, ends with the
/// copy status and error-log entries of docs/formats.md §3, and nothing corrupt is committed.
/// </summary>
public sealed class CorruptionTests(Azurite azurite)
{
    public enum Damage
    {
        FlippedByte,
        TruncatedFile,
        MissingFile,
        WrongManifestHash,
        WrongBitLockerKey,
        WrongDriveId,
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Damage.FlippedByte, "CompletedWithErrors", "<Block Offset=\"65536\" Length=\"65536\"", "Status=\"Corrupted\"")]
    [InlineData(Damage.TruncatedFile, "CompletedWithErrors", "<Block Offset=\"131072\"", "Status=\"FileUnexpectedEnd\"")]
    [InlineData(Damage.MissingFile, "CompletedWithErrors", "<Blob Status=\"FileNotFound\">", "Status=\"Cancelled\"")]
    [InlineData(Damage.WrongManifestHash, "ManifestCorrupted", "<Status>ManifestCorrupted</Status>", "")]
    [InlineData(Damage.WrongBitLockerKey, "BitLockerKeyInvalid", "<Status>BitLockerKeyInvalid</Status>", "")]
    [InlineData(Damage.WrongDriveId, "ManifestDriveIdMismatch", "<Status>ManifestDriveIdMismatch</Status>", "")]
    public async Task A_damaged_drive_fails_with_the_documented_status_and_commits_nothing_corrupt(Damage damage, string copyStatus, string logEntry, string logStatus)
    {
        await using var h = await TransferHarness.StartAsync(azurite);
        var container = TransferHarness.NewContainer();
        var good = h.WriteRandomFile("src/data/good.bin", 100_000, 1);
        var bad = h.WriteRandomFile("src/data/victim.bin", 200_000, 2);
        var drive = Assert.Single(await h.PrepareAsync(
            [new DatasetEntry(Path.Combine(h.Work, "src", "data") + "/", $"{container}/data/", BlobKind.BlockBlob, ImportDisposition.Rename, null, null)],
            [new PrepareDrive(h.NewDriveFolder())]));
        var victim = Directory.GetFiles(drive.Root, "victim.bin", SearchOption.AllDirectories).Single();
        var jobDrive = TransferHarness.DriveOf(drive);
        var bayName = drive.DriveId;
        switch (damage)
        {
            case Damage.FlippedByte:
                await using (var file = File.Open(victim, FileMode.Open, FileAccess.ReadWrite))
                {
                    file.Position = 70_000;
                    var value = file.ReadByte();
                    file.Position = 70_000;
                    file.WriteByte((byte)(value ^ 0xFF));
                }

                break;
            case Damage.TruncatedFile:
                await using (var file = File.Open(victim, FileMode.Open, FileAccess.ReadWrite))
                {
                    file.SetLength(150_000);
                }

                break;
            case Damage.MissingFile:
                File.Delete(victim);
                break;
            case Damage.WrongManifestHash:
                jobDrive.ManifestHash = "00000000000000000000000000000000";
                break;
            case Damage.WrongBitLockerKey:
                jobDrive.BitLockerKey = RecoveryPassword.Generate();
                break;
            case Damage.WrongDriveId:
                jobDrive.DriveId = "WRONGID1";
                bayName = "WRONGID1";
                break;
        }

        h.Ship(drive, bayName);
        await h.CreateAndShipAsync(TransferHarness.ImportJob("damaged", [jobDrive]));
        var job = await h.WaitForStateAsync("damaged", "Completed", "Closed");

        Assert.Equal("Closed", job.Properties!.State);
        var result = Assert.Single(job.DriveList!);
        Assert.Equal(copyStatus, result.CopyStatus);
        var errors = await h.ReadBlobTextAsync(result.ErrorLogUri!);
        Assert.Contains(logEntry, errors, StringComparison.Ordinal);
        Assert.Contains(logStatus, errors, StringComparison.Ordinal);
        Assert.Contains($"<DriveId>{jobDrive.DriveId}</DriveId>", errors, StringComparison.Ordinal);

        var blobs = h.Blobs.GetBlobContainerClient(container);
        Assert.False(await blobs.GetBlobClient("data/victim.bin").ExistsAsync(Ct));
        if (damage is Damage.FlippedByte or Damage.TruncatedFile or Damage.MissingFile)
        {
            // The damage is the victim's alone: the good file is imported, and the error log does not mention it.
            Assert.Equal(await TransferHarness.FileMd5Async(good), await TransferHarness.BlobMd5Async(blobs.GetBlobClient("data/good.bin")));
            Assert.DoesNotContain("good.bin", errors, StringComparison.Ordinal);
        }
        else
        {
            Assert.False(await blobs.ExistsAsync(Ct));
        }
    }
}
