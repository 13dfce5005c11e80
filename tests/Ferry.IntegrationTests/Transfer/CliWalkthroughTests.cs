using System.Text.Json;
using Ferry.Cli;
using Ferry.IntegrationTests.Cli;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Transfer;

/// <summary>
/// The README's import walk-through with the <c>ferry</c> tool against a real Azurite: prepare a drive, create the job
/// from the printed drive list, ship the drive into the bay, wait, and find the files in the account.
/// </summary>
public sealed class CliWalkthroughTests(Azurite azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prepare_then_create_from_the_drive_list_then_ship_imports_the_folder()
    {
        await using var h = await TransferHarness.StartAsync(azurite);
        var container = TransferHarness.NewContainer();
        var beach = h.WriteRandomFile("my-photos/beach.jpg", 3_000_000, 7);
        var note = h.WriteRandomFile("my-photos/note.txt", 6, 8);
        var driveFolder = Path.Combine(h.Work, "drive1");
        var output = new StringWriter();
        var error = new StringWriter();

        var prepared = await FerryCli.RunAsync(
            ["drive", "prepare", "--journal", Path.Combine(h.Work, "photos.jrn"), "--session-id", "session1", "--srcdir", Path.Combine(h.Work, "my-photos"),
             "--dstdir", $"{container}/photos/2026/", "--drive", driveFolder, "--storage-account-key", Azurite.AccountKey, "--output", "json"],
            output, error);

        Assert.True(prepared == FerryCli.Ok, error.ToString());
        var driveList = Path.Combine(h.Work, "drives.json");
        await File.WriteAllTextAsync(driveList, output.ToString(), Ct);
        var driveId = JsonDocument.Parse(output.ToString()).RootElement[0].GetProperty("DriveId").GetString()!;

        var created = await CliRun.RunAsync(h.Server, "job", "create", "photos", "--account", Azurite.AccountName, "--type", "import", "--location", "West US",
            "--account-key", Azurite.AccountKey, "--drive-list", driveList, "--return-name", "John Doe", "--return-address", TransferHarness.Address,
            "--return-phone", "1-800-000-0000", "--return-email", "john@example.com");
        Assert.True(created.ExitCode == FerryCli.Ok, created.ToString());
        Assert.DoesNotContain(Azurite.AccountKey, created.Output, StringComparison.Ordinal);

        Directory.Move(driveFolder, Path.Combine(h.Bay, driveId));
        var shipped = await CliRun.RunAsync(h.Server, "job", "ship", "photos", "--account", Azurite.AccountName, "--carrier", "FedEx", "--tracking", "123456789012");
        Assert.True(shipped.ExitCode == FerryCli.Ok, shipped.ToString());
        var job = await h.WaitForStateAsync("photos", "Completed", "Closed");

        Assert.Equal("Completed", job.Properties!.State);
        var blobs = h.Blobs.GetBlobContainerClient(container);
        Assert.Equal(await TransferHarness.FileMd5Async(beach), await TransferHarness.BlobMd5Async(blobs.GetBlobClient("photos/2026/beach.jpg")));
        Assert.Equal(await TransferHarness.FileMd5Async(note), await TransferHarness.BlobMd5Async(blobs.GetBlobClient("photos/2026/note.txt")));
    }
}
