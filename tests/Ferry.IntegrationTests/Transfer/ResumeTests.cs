using Ferry.Client.Classic;
using Ferry.Client.Models;
using Ferry.Client.Operator;
using Ferry.Core.Drives;
using Ferry.IntegrationTests.Support;
using Ferry.Server.Hosting;

namespace Ferry.IntegrationTests.Transfer;

/// <summary>
/// The server is killed (SIGKILL) in the middle of an import and started again on the same data directory: the
/// transfer resumes from its checkpoint once the dead process's claim lapses, and the account ends byte-identical to
/// the drive, with no stray renamed copies.
/// </summary>
public sealed class ResumeTests(Azurite azurite)
{
    private const int Files = 6;
    private const int FileSize = 4 * 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string[] Settings(Azurite azurite, bool throttled) =>
    [
        "--Ferry:Transfer:BlobEndpoint", azurite.EndpointTemplate,
        "--Ferry:Transfer:LeaseDuration", "00:00:05",
        "--Ferry:Transfer:ProgressInterval", "00:00:00.500",
        "--Ferry:Transfer:BlobConcurrency", "1",
        "--Ferry:Transfer:MaxBytesPerSecond", throttled ? "3000000" : "0",
    ];

    /// <summary>Polls the operator view of the job (a real process: no signal to wait on) until <paramref name="condition"/> holds.</summary>
    private static async Task<OperatorJob> PollAsync(FerryOperatorClient client, OperatorJobReference job, Func<OperatorJob, bool> condition, FerryProcess process)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(120);
        while (true)
        {
            var current = (await client.GetJobAsync(job, Ct)).Value;
            if (condition(current))
            {
                return current;
            }

            Assert.False(process.HasExited, $"The server exited:\n{process.Output}");
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"The job did not get there in time:\n{process.Output}");
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, Ct);
        }
    }

    [Fact]
    public async Task An_import_interrupted_by_a_kill_resumes_and_ends_byte_identical_without_stray_copies()
    {
        azurite.EnsureAvailable();
        var work = Directory.CreateTempSubdirectory("ferry-resume-").FullName;
        var dataDirectory = Path.Combine(work, "data");
        try
        {
            var container = TransferHarness.NewContainer();
            var source = Path.Combine(work, "src");
            Directory.CreateDirectory(source);
            for (var i = 0; i < Files; i++)
            {
                var bytes = new byte[FileSize];
                new Random(i).NextBytes(bytes);
                await File.WriteAllBytesAsync(Path.Combine(source, $"f{i}.bin"), bytes, Ct);
            }

            var drive = Assert.Single(await new DrivePreparer().PrepareAsync(new PrepareRequest(
                Path.Combine(work, "journal.jrn"), "session1",
                [new DatasetEntry(source + "/", $"{container}/big/", BlobKind.BlockBlob, ImportDisposition.Rename, null, null)],
                [new PrepareDrive(Path.Combine(work, "drive"))], Azurite.AccountKey, BlockSize: 1024 * 1024), null, Ct));

            OperatorJobReference reference;
            await using (var first = await FerryProcess.StartHealthyAsync(dataDirectory, Ct, Settings(azurite, throttled: true)))
            {
                var credentials = DevCredentials.ReadOrNull(dataDirectory)!;
                reference = new OperatorJobReference(credentials.SubscriptionId, "resume1");
                var serverCertificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(credentials.ServerCertificate, Ct));
                using var certificate = CertificateFactory.LoadPem(credentials.ManagementCertificate, credentials.ManagementKey);
                var customer = new ClassicImportExportClient(first.BaseAddress, credentials.SubscriptionId, certificate, new ClassicImportExportClientOptions { ServerCertificate = serverCertificate });
                var operatorClient = new FerryOperatorClient(first.BaseAddress, credentials.OperatorToken!, new FerryOperatorClientOptions { ServerCertificate = serverCertificate });
                await customer.PutJobAsync(Azurite.AccountName, TransferHarness.ImportJob("resume1", [TransferHarness.DriveOf(drive)]), Ct);
                await customer.UpdateJobAsync(Azurite.AccountName, "resume1", new JobUpdate { State = "Shipping", DeliveryPackage = new PackageInfo("FedEx", "1234567890") { DriveCount = 1 } }, cancellationToken: Ct);
                await operatorClient.ReceivePackageAsync(reference, [new ReceivedDrive(drive.DriveId, drive.Root)], Ct);

                // Well into the copy (more than one file done), but far from its end.
                await PollAsync(operatorClient, reference, j => j.Drives.Single().BytesSucceeded >= 6L * 1024 * 1024, first);
                await first.KillAsync(Ct);
            }

            await using var second = await FerryProcess.StartHealthyAsync(dataDirectory, Ct, Settings(azurite, throttled: false));
            {
                var credentials = DevCredentials.ReadOrNull(dataDirectory)!;
                var serverCertificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(credentials.ServerCertificate, Ct));
                var operatorClient = new FerryOperatorClient(second.BaseAddress, credentials.OperatorToken!, new FerryOperatorClientOptions { ServerCertificate = serverCertificate });
                var done = await PollAsync(operatorClient, reference, j => j.Drives.Single().State is DriveState.Completed or DriveState.CompletedMoreInfo, second);
                Assert.Equal(CopyStatus.Completed, done.Drives.Single().CopyStatus);
                Assert.Equal(DriveState.Completed, done.Drives.Single().State);
                Assert.Contains("Resuming", second.Output, StringComparison.Ordinal);
            }

            var blobs = azurite.CreateServiceClient().GetBlobContainerClient(container);
            var names = new List<string>();
            await foreach (var item in blobs.GetBlobsAsync(cancellationToken: Ct))
            {
                names.Add(item.Name);
            }

            Assert.Equal(Enumerable.Range(0, Files).Select(i => $"big/f{i}.bin"), names.Order());
            for (var i = 0; i < Files; i++)
            {
                Assert.Equal(await TransferHarness.FileMd5Async(Path.Combine(source, $"f{i}.bin")), await TransferHarness.BlobMd5Async(blobs.GetBlobClient($"big/f{i}.bin")));
            }
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS's temp cleanup.
            }
        }
    }

    [Fact]
    public async Task An_export_interrupted_by_a_kill_resumes_without_rewriting_the_blobs_it_had_checkpointed()
    {
        azurite.EnsureAvailable();
        var work = Directory.CreateTempSubdirectory("ferry-resume-export-").FullName;
        var dataDirectory = Path.Combine(work, "data");
        try
        {
            var container = TransferHarness.NewContainer();
            var blobs = azurite.CreateServiceClient().GetBlobContainerClient(container);
            await blobs.CreateAsync(cancellationToken: Ct);
            for (var i = 0; i < Files; i++)
            {
                var bytes = new byte[FileSize];
                new Random(i).NextBytes(bytes);
                await blobs.GetBlobClient($"e/f{i}.bin").UploadAsync(BinaryData.FromBytes(bytes), Ct);
            }

            var root = Directory.CreateDirectory(Path.Combine(work, "drive")).FullName;
            var files = Enumerable.Range(0, Files).Select(i => Path.Combine(root, container, "e", $"f{i}.bin")).ToList();
            OperatorJobReference reference;
            Dictionary<string, DateTime> beforeKill;
            await using (var first = await FerryProcess.StartHealthyAsync(dataDirectory, Ct, Settings(azurite, throttled: true)))
            {
                var credentials = DevCredentials.ReadOrNull(dataDirectory)!;
                reference = new OperatorJobReference(credentials.SubscriptionId, "resume2");
                var serverCertificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(credentials.ServerCertificate, Ct));
                using var certificate = CertificateFactory.LoadPem(credentials.ManagementCertificate, credentials.ManagementKey);
                var customer = new ClassicImportExportClient(first.BaseAddress, credentials.SubscriptionId, certificate, new ClassicImportExportClientOptions { ServerCertificate = serverCertificate });
                var operatorClient = new FerryOperatorClient(first.BaseAddress, credentials.OperatorToken!, new FerryOperatorClientOptions { ServerCertificate = serverCertificate });
                await customer.PutJobAsync(Azurite.AccountName, new ImportExportJob("resume2", new JobProperties
                {
                    StorageAccountKey = Azurite.AccountKey,
                    Location = "West US",
                    Type = "Export",
                    ReturnAddress = new ReturnAddress("John Doe", TransferHarness.Address, "1-800-000-0000", "johndoe@outlook.com"),
                })
                {
                    Export = new ExportSelection { BlobList = new ExportBlobList { BlobPathPrefix = [$"/{container}/"] } },
                }, Ct);
                await customer.UpdateJobAsync(Azurite.AccountName, "resume2", new JobUpdate { State = "Shipping", DeliveryPackage = new PackageInfo("FedEx", "1234567890") { DriveCount = 1 } }, cancellationToken: Ct);
                await operatorClient.ReceivePackageAsync(reference, [new ReceivedDrive("EXPRES01", root)], Ct);

                // Three blobs' bytes counted: one blob at a time, each checkpointed before the next starts (it took
                // longer than the 0.5 s checkpoint interval), so the first two at least are on record.
                await PollAsync(operatorClient, reference, j => j.Drives.Single().BytesSucceeded >= 3L * FileSize, first);
                await first.KillAsync(Ct);
                beforeKill = files.Where(File.Exists).ToDictionary(f => f, File.GetLastWriteTimeUtc);
            }

            await using var second = await FerryProcess.StartHealthyAsync(dataDirectory, Ct, Settings(azurite, throttled: false));
            {
                var credentials = DevCredentials.ReadOrNull(dataDirectory)!;
                var serverCertificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(credentials.ServerCertificate, Ct));
                var operatorClient = new FerryOperatorClient(second.BaseAddress, credentials.OperatorToken!, new FerryOperatorClientOptions { ServerCertificate = serverCertificate });
                var done = await PollAsync(operatorClient, reference, j => j.Drives.Single().State is DriveState.Completed or DriveState.CompletedMoreInfo, second);
                Assert.Equal(CopyStatus.Completed, done.Drives.Single().CopyStatus);
            }

            for (var i = 0; i < Files; i++)
            {
                Assert.Equal(await TransferHarness.BlobMd5Async(blobs.GetBlobClient($"e/f{i}.bin")), await TransferHarness.FileMd5Async(files[i]));
            }

            // The blobs checkpointed before the kill were not copied again (a rewrite would move their write time);
            // the ones not yet on record were.
            var untouched = beforeKill.Count(kv => File.GetLastWriteTimeUtc(kv.Key) == kv.Value);
            Assert.True(untouched >= 2, $"{untouched} of the {beforeKill.Count} files written before the kill kept their write time");
            Assert.True(untouched < Files, "every file was already written before the kill: the kill came too late to test a resume");
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS's temp cleanup.
            }
        }
    }
}
