using Azure.Storage.Sas;
using Ferry.Core.Drives;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Transfer;

/// <summary>An import job that holds a container SAS instead of the account key (docs/formats.md §5.1).</summary>
public sealed class SasImportTests(Azurite azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_a_container_SAS_the_blobs_and_logs_go_into_that_container_and_no_URI_carries_the_token()
    {
        await using var h = await TransferHarness.StartAsync(azurite);
        var container = TransferHarness.NewContainer();
        var blobs = h.Blobs.GetBlobContainerClient(container);
        await blobs.CreateAsync(cancellationToken: Ct);
        var sas = blobs.GenerateSasUri(BlobContainerSasPermissions.Read | BlobContainerSasPermissions.Write | BlobContainerSasPermissions.Delete | BlobContainerSasPermissions.List
            | BlobContainerSasPermissions.Create, TimeProvider.System.GetUtcNow().AddHours(1));
        var file = h.WriteRandomFile("src/one.bin", 150_000, 5);
        var drive = Assert.Single(await h.PrepareAsync(
            [new DatasetEntry(file, $"{container}/one.bin", BlobKind.BlockBlob, ImportDisposition.Rename, null, null)],
            [new PrepareDrive(h.NewDriveFolder())]));
        h.Ship(drive);
        var job = TransferHarness.ImportJob("sasimport", [TransferHarness.DriveOf(drive)]);
        job.Properties!.StorageAccountKey = null;
        job.Properties.ContainerSas = container + sas.Query;

        await h.CreateAndShipAsync(job);
        var done = await h.WaitForStateAsync("sasimport", "Completed", "Closed");

        Assert.Equal("Completed", done.Properties!.State);
        Assert.Equal(await TransferHarness.FileMd5Async(file), await TransferHarness.BlobMd5Async(blobs.GetBlobClient("one.bin")));
        var errorLog = Assert.Single(done.DriveList!).ErrorLogUri!;
        Assert.StartsWith($"{h.Azurite.AccountEndpoint}/{container}/waimportexport/waies/sasimport_{drive.DriveId}_", errorLog);
        Assert.DoesNotContain("sig=", errorLog, StringComparison.Ordinal);
        Assert.DoesNotContain("?", errorLog, StringComparison.Ordinal);
    }
}
