using Ferry.Client.Models;
using Ferry.Client.Operator;
using Ferry.Core.Drives;
using Ferry.Core.Errors;
using Ferry.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using CoreJobs = Ferry.Core.Jobs;

namespace Ferry.IntegrationTests.Transfer;

/// <summary>
/// The data path of ARM jobs against a real Azurite: their storage account is named by resource id, and the transfer
/// engine uses the credentials registered for it through the operator surface; without them the drives end
/// <c>BlobRequestForbidden</c> and the trail says which account to register.
/// </summary>
public sealed class ArmTransferTests(Azurite azurite)
{
    private const string ResourceGroup = "rg-transfer";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string AccountId(FerryTestServer server) =>
        $"/subscriptions/{server.SubscriptionId}/resourceGroups/{ResourceGroup}/providers/Microsoft.Storage/storageAccounts/{Azurite.AccountName}";

    [Fact]
    public async Task An_ARM_import_whose_account_is_registered_copies_its_blobs_and_completes_the_drive()
    {
        await using var h = await TransferHarness.StartAsync(azurite, emulation: false);
        var container = TransferHarness.NewContainer();
        var (drive, source) = await PrepareAsync(h, container);
        var registered = await h.Operator.RegisterStorageAccountAsync(AccountId(h.Server), StorageAccountCredential.FromAccountKey(Azurite.AccountKey), Ct);
        Assert.Equal(201, registered.GetRawResponse().Status);

        var job = await CreateAndShipAsync(h, "armimport", drive);
        await h.Operator.ReceivePackageAsync(job, [new ReceivedDrive(drive.DriveId, h.Ship(drive))], Ct);
        var finished = await WaitForDriveAsync(h, job);

        Assert.Equal((DriveState.Completed, CopyStatus.Completed), (finished.State, finished.CopyStatus));
        Assert.Equal(await TransferHarness.FileMd5Async(source), await TransferHarness.BlobMd5Async(h.Blobs.GetBlobContainerClient(container).GetBlobClient("data/a.bin")));
        var view = (await h.Operator.GetJobAsync(job, Ct)).Value;
        Assert.Equal((JobSurface.Arm, JobState.Packaging), (view.Surface, view.State));
        var history = (await h.Operator.GetJobHistoryAsync(job, Ct)).Value;
        Assert.Contains(history, e => e.Action == AuditAction.CompleteCopy && e.Actor == "transfer-engine" && e.DriveId == drive.DriveId);
    }

    [Fact]
    public async Task Without_registered_credentials_the_drive_ends_BlobRequestForbidden_and_a_later_registration_serves_the_next_job()
    {
        await using var h = await TransferHarness.StartAsync(azurite, emulation: false);
        var container = TransferHarness.NewContainer();
        var (drive, _) = await PrepareAsync(h, container);
        var accountId = AccountId(h.Server);

        var job = await CreateAndShipAsync(h, "armnokey", drive);
        await h.Operator.ReceivePackageAsync(job, [new ReceivedDrive(drive.DriveId, h.Ship(drive))], Ct);
        var failed = await WaitForDriveAsync(h, job);

        Assert.Equal((DriveState.CompletedMoreInfo, CopyStatus.BlobRequestForbidden), (failed.State, failed.CopyStatus));
        Assert.False(await h.Blobs.GetBlobContainerClient(container).ExistsAsync(Ct));
        var history = (await h.Operator.GetJobHistoryAsync(job, Ct)).Value;
        var entry = Assert.Single(history, e => e.Action == AuditAction.FailDrive);
        Assert.Equal(("transfer-engine", drive.DriveId, "CompletedMoreInfo"), (entry.Actor, entry.DriveId, entry.NewState));
        Assert.Contains("BlobRequestForbidden", entry.Reason, StringComparison.Ordinal);
        Assert.Contains(accountId, entry.Reason, StringComparison.Ordinal);
        Assert.Contains($"ferry storage-account add --id {accountId} --key", entry.Reason, StringComparison.Ordinal);
        Assert.Equal(JobState.Packaging, (await h.Operator.GetJobAsync(job, Ct)).Value.State);

        // The absence is not remembered: once registered, the next job's transfer reaches the account.
        await h.Operator.RegisterStorageAccountAsync(accountId, StorageAccountCredential.FromAccountKey(Azurite.AccountKey), Ct);
        var (next, source) = await PrepareAsync(h, container);
        var nextJob = await CreateAndShipAsync(h, "armlater", next);
        await h.Operator.ReceivePackageAsync(nextJob, [new ReceivedDrive(next.DriveId, h.Ship(next))], Ct);
        var copied = await WaitForDriveAsync(h, nextJob);

        Assert.Equal((DriveState.Completed, CopyStatus.Completed), (copied.State, copied.CopyStatus));
        Assert.Equal(await TransferHarness.FileMd5Async(source), await TransferHarness.BlobMd5Async(h.Blobs.GetBlobContainerClient(container).GetBlobClient("data/a.bin")));
    }

    [Fact]
    public async Task An_ARM_export_without_registered_credentials_ends_every_received_drive_BlobRequestForbidden()
    {
        await using var h = await TransferHarness.StartAsync(azurite, emulation: false);
        var jobs = h.Server.Services.GetRequiredService<CoreJobs.JobService>();
        var key = CoreJobs.JobKey.Arm(h.Server.SubscriptionId, ResourceGroup, "armexport");
        var accountId = AccountId(h.Server);
        Assert.Null((await jobs.PutAsync(key, CoreJobs.JobCondition.None, () => new CoreJobs.CreateJob
        {
            StorageAccountName = Azurite.AccountName,
            StorageAccountId = accountId,
            Type = CoreJobs.JobType.Export,
            Location = "West US",
            ReturnAddress = new CoreJobs.ReturnAddress("John Doe", TransferHarness.Address, "1-800-000-0000", "johndoe@outlook.com"),
            Export = new CoreJobs.ExportSelection([], ["/photos/"], null),
        }, Ct)).Error);
        await ShipAsync(jobs, key);
        var job = new OperatorJobReference(h.Server.SubscriptionId, "armexport", ResourceGroup);
        var drives = new[] { "EXP1", "EXP2" }.Select(id => new ReceivedDrive(id, Directory.CreateDirectory(Path.Combine(h.Bay, id)).FullName)).ToList();

        await h.Operator.ReceivePackageAsync(job, drives, Ct);
        await h.Server.WaitUntilAsync(async () => (await h.Operator.GetJobAsync(job, Ct)).Value.Drives.All(d => d.State == DriveState.CompletedMoreInfo), timeout: TimeSpan.FromSeconds(60));

        var view = (await h.Operator.GetJobAsync(job, Ct)).Value;
        Assert.All(view.Drives, d => Assert.Equal(CopyStatus.BlobRequestForbidden, d.CopyStatus));
        var failures = (await h.Operator.GetJobHistoryAsync(job, Ct)).Value.Where(e => e.Action == AuditAction.FailDrive).ToList();
        Assert.Equal(["EXP1", "EXP2"], failures.Select(e => e.DriveId).Order(StringComparer.Ordinal));
        Assert.All(failures, e => Assert.Contains(accountId, e.Reason, StringComparison.Ordinal));
    }

    private static async Task<(PreparedDrive Drive, string Source)> PrepareAsync(TransferHarness h, string container)
    {
        var source = h.WriteRandomFile($"src/{Guid.NewGuid():N}/a.bin", 300_000, seed: 7);
        var drives = await h.PrepareAsync(
            [new DatasetEntry(source, $"{container}/data/a.bin", BlobKind.BlockBlob, ImportDisposition.Overwrite, null, null)],
            [new PrepareDrive(h.NewDriveFolder())]);
        return (Assert.Single(drives), source);
    }

    /// <summary>Creates an ARM import job in-process (as the ARM surface does, through JobService) and ships it.</summary>
    private static async Task<OperatorJobReference> CreateAndShipAsync(TransferHarness h, string name, PreparedDrive drive)
    {
        var jobs = h.Server.Services.GetRequiredService<CoreJobs.JobService>();
        var key = CoreJobs.JobKey.Arm(h.Server.SubscriptionId, ResourceGroup, name);
        var created = await jobs.PutAsync(key, CoreJobs.JobCondition.None, () => new CoreJobs.CreateJob
        {
            StorageAccountName = Azurite.AccountName,
            StorageAccountId = AccountId(h.Server),
            Type = CoreJobs.JobType.Import,
            Location = "West US",
            ReturnAddress = new CoreJobs.ReturnAddress("John Doe", TransferHarness.Address, "1-800-000-0000", "johndoe@outlook.com"),
            Drives = [new CoreJobs.DriveSpec(drive.DriveId, drive.BitLockerKey, drive.ManifestFile, drive.ManifestHash)],
        }, Ct);
        Assert.Null(created.Error);
        await ShipAsync(jobs, key);
        return new OperatorJobReference(h.Server.SubscriptionId, name, ResourceGroup);
    }

    private static async Task ShipAsync(CoreJobs.JobService jobs, CoreJobs.JobKey key)
    {
        Result<CoreJobs.JobUpdate> Update() => new CoreJobs.JobUpdate { RequestShipping = true, DeliveryPackage = new CoreJobs.ShippingPackage("FedEx", "1234567890", 1, null) };
        var shipped = await jobs.UpdateAsync(key, CoreJobs.JobCondition.None, Update, Ct);
        Assert.Null(shipped.Error);
    }

    private static async Task<OperatorDrive> WaitForDriveAsync(TransferHarness h, OperatorJobReference job)
    {
        static bool Finished(OperatorDrive d) => d.State is DriveState.Completed or DriveState.CompletedMoreInfo;
        await h.Server.WaitUntilAsync(async () => Finished(Assert.Single((await h.Operator.GetJobAsync(job, Ct)).Value.Drives)), timeout: TimeSpan.FromSeconds(90));
        return Assert.Single((await h.Operator.GetJobAsync(job, Ct)).Value.Drives);
    }
}
