using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Ferry.Client.Classic;
using Ferry.Client.Models;
using Ferry.Client.Operator;
using Ferry.Core.Drives;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Transfer;

/// <summary>
/// A server with the transfer engine on, writing into the shared Azurite, and the emulated data centre's drive bay:
/// a test prepares drives with the preparer in its own folders, "ships" them by moving them into the
/// bay, and drives the job with Ferry.Client. Every test gets its own containers, so tests share Azurite safely.
/// </summary>
public sealed class TransferHarness : IAsyncDisposable
{
    public const string Address = "One Microsoft Way, Redmond, WA 98052";

    private TransferHarness(Azurite azurite, FerryTestServer server, string work)
    {
        Azurite = azurite;
        Server = server;
        Work = work;
        Customer = new ClassicImportExportClient(server.BaseAddress, server.SubscriptionId, server.ManagementCertificate,
            new ClassicImportExportClientOptions { ServerCertificate = server.ServerCertificate });
        Operator = new FerryOperatorClient(server.BaseAddress, server.Credentials.OperatorToken!, new FerryOperatorClientOptions { ServerCertificate = server.ServerCertificate });
        Blobs = azurite.CreateServiceClient();
    }

    public Azurite Azurite { get; }

    public FerryTestServer Server { get; }

    /// <summary>The test's scratch folder (sources, journals, drives before shipping).</summary>
    public string Work { get; }

    /// <summary>The emulated data centre's drive bay.</summary>
    public string Bay => Path.Combine(Work, "bay");

    public ClassicImportExportClient Customer { get; }

    public FerryOperatorClient Operator { get; }

    /// <summary>The development account in Azurite.</summary>
    public BlobServiceClient Blobs { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts a server with the engine on Azurite; <paramref name="emulation"/> lets the emulator receive and ship drives.</summary>
    public static async Task<TransferHarness> StartAsync(Azurite azurite, bool emulation = true, IReadOnlyDictionary<string, string>? settings = null)
    {
        azurite.EnsureAvailable();
        var work = Directory.CreateTempSubdirectory("ferry-transfer-").FullName;
        Directory.CreateDirectory(Path.Combine(work, "bay"));
        var all = new Dictionary<string, string>
        {
            ["Ferry:Transfer:Enabled"] = "true",
            ["Ferry:Transfer:BlobEndpoint"] = azurite.EndpointTemplate,
            ["Ferry:Emulation:Enabled"] = emulation ? "true" : "false",
            ["Ferry:Emulation:DriveBay"] = Path.Combine(work, "bay"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var server = await FerryTestServer.StartAsync(new FerryTestServerOptions(all));
        return new TransferHarness(azurite, server, work);
    }

    /// <summary>A fresh container name for this test.</summary>
    public static string NewContainer() => "t" + Guid.NewGuid().ToString("N")[..20];

    /// <summary>Writes a file of <paramref name="length"/> random bytes under the work folder; returns its path.</summary>
    public string WriteRandomFile(string relativePath, long length, int seed)
    {
        var path = Path.Combine(Work, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var random = new Random(seed);
        var buffer = new byte[64 * 1024];
        using var file = File.Create(path);
        for (var left = length; left > 0; left -= buffer.Length)
        {
            random.NextBytes(buffer);
            file.Write(buffer, 0, (int)Math.Min(left, buffer.Length));
        }

        return path;
    }

    /// <summary>Prepares drives under the work folder (not yet shipped) with a journal of its own.</summary>
    public Task<IReadOnlyList<PreparedDrive>> PrepareAsync(IReadOnlyList<DatasetEntry> dataset, IReadOnlyList<PrepareDrive> drives, int blockSize = 64 * 1024, string session = "session1") =>
        new DrivePreparer().PrepareAsync(
            new PrepareRequest(Path.Combine(Work, "journals", Guid.NewGuid().ToString("N") + ".jrn"), session, dataset, drives, Azurite.AccountKey, BlockSize: blockSize),
            null, Ct);

    /// <summary>A drive folder under the work folder, not in the bay.</summary>
    public string NewDriveFolder() => Directory.CreateDirectory(Path.Combine(Work, "drives", Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>"Ships" a prepared drive: moves its folder into the bay under <paramref name="bayName"/> (its drive id by default).</summary>
    public string Ship(PreparedDrive drive, string? bayName = null)
    {
        var target = Path.Combine(Bay, bayName ?? drive.DriveId);
        Directory.Move(drive.Root, target);
        return target;
    }

    /// <summary>An import job of the development account for <paramref name="drives"/>.</summary>
    public static ImportExportJob ImportJob(string name, IEnumerable<JobDrive> drives, bool verbose = false, bool backup = false, string? statesPath = null) => new(name, new JobProperties
    {
        StorageAccountKey = Azurite.AccountKey,
        Location = "West US",
        Type = "Import",
        ReturnAddress = new ReturnAddress("John Doe", Address, "1-800-000-0000", "johndoe@outlook.com"),
        EnableVerboseLog = verbose,
        BackupDriveManifest = backup,
        ImportExportStatesPath = statesPath,
    })
    {
        DriveList = [.. drives],
    };

    public static JobDrive DriveOf(PreparedDrive drive) => new(drive.DriveId, drive.BitLockerKey, drive.ManifestFile, drive.ManifestHash);

    /// <summary>Creates the job and sends its shipping details (the customer's two steps).</summary>
    public async Task CreateAndShipAsync(ImportExportJob job)
    {
        await Customer.PutJobAsync(Azurite.AccountName, job, Ct);
        await Customer.UpdateJobAsync(Azurite.AccountName, job.Name!, new JobUpdate { State = "Shipping", DeliveryPackage = new PackageInfo("FedEx", "1234567890") { DriveCount = job.DriveList?.Count ?? 1 } }, cancellationToken: Ct);
    }

    /// <summary>The job as the customer sees it.</summary>
    public async Task<ImportExportJob> GetJobAsync(string name) => (await Customer.GetJobAsync(Azurite.AccountName, name, Ct)).Value;

    /// <summary>Waits (on job changes) until the job is in one of <paramref name="states"/>; returns it.</summary>
    public async Task<ImportExportJob> WaitForStateAsync(string name, params string[] states)
    {
        await Server.WaitUntilAsync(async () => Array.IndexOf(states, (await GetJobAsync(name)).Properties!.State) >= 0, timeout: TimeSpan.FromSeconds(90));
        return await GetJobAsync(name);
    }

    /// <summary>The MD5 of a blob's content, streamed.</summary>
    public static async Task<string> BlobMd5Async(BlobClient blob)
    {
        await using var stream = await blob.OpenReadAsync(cancellationToken: Ct);
        return Convert.ToHexString(await MD5.HashDataAsync(stream, Ct));
    }

    public static async Task<string> FileMd5Async(string path)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexString(await MD5.HashDataAsync(stream, Ct));
    }

    /// <summary>The text of the blob at <paramref name="uri"/> (a log), read with the development key.</summary>
    public async Task<string> ReadBlobTextAsync(string uri)
    {
        var path = new Uri(uri).AbsolutePath.TrimStart('/');
        var parts = path.Split('/', 3);
        Assert.Equal(Azurite.AccountName, parts[0]);
        var content = await Blobs.GetBlobContainerClient(parts[1]).GetBlobClient(Uri.UnescapeDataString(parts[2])).DownloadContentAsync(Ct);
        return content.Value.Content.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS's temp cleanup.
        }
    }
}
