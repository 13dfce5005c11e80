using System.Security.Cryptography.X509Certificates;
using Azure;
using Ferry.Client.Classic;
using Ferry.Client.Models;
using Ferry.Client.Operator;
using Ferry.Core.Drives;
using Ferry.Data.PostgreSql;
using Ferry.IntegrationTests.Support;
using Ferry.IntegrationTests.Transfer;
using Ferry.Server.Hosting;
using Ferry.TestSupport;
using Npgsql;

namespace Ferry.IntegrationTests.Scale;

/// <summary>
/// Several real server processes on one PostgreSQL database (a throwaway server started by the suite): what one
/// instance writes, another reads and updates under the same ETags; workers share drives under leases, each drive
/// copied once; a killed worker's drive is taken over when its lease lapses; the sweeper runs on one instance.
/// These run on PostgreSQL whatever backend the rest of the suite uses: several instances need it.
/// </summary>
public sealed class MultiInstanceTests(Azurite azurite) : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("ferry-multi-").FullName;
    private readonly List<FerryProcess> _processes = [];
    private PostgreSqlServer? _postgres;
    private string _connectionString = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _postgres = await PostgreSqlServer.GetAsync();
        if (_postgres.IsAvailable)
        {
            _connectionString = await _postgres.CreateDatabaseAsync(PostgreSqlJobStoreExtensions.MigrateAsync, Ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        if (_postgres is { IsAvailable: true } && _connectionString.Length > 0)
        {
            await _postgres.DropDatabaseAsync(_connectionString, CancellationToken.None);
        }

        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS's temp cleanup.
        }
    }

    [Fact]
    public async Task A_job_created_on_one_instance_is_read_and_updated_on_the_other_with_correct_ETags()
    {
        _postgres!.EnsureAvailable();
        var a = await StartAsync("a", "api");
        var b = await StartAsync("b", "api");
        var onA = Customer(a, a);
        var onB = Customer(b, a);

        await onA.PutJobAsync("multiacct", TransferHarness.ImportJob("shared", [new JobDrive("DRIVE01", "123456-123456-123456-123456-123456-123456-123456-123456", @"\Manifest.xml", "0123456789ABCDEF0123456789ABCDEF")]), Ct);
        var readOnA = await onA.GetJobAsync("multiacct", "shared", Ct);
        var readOnB = await onB.GetJobAsync("multiacct", "shared", Ct);
        Assert.Equal(readOnA.GetRawResponse().Headers.ETag, readOnB.GetRawResponse().Headers.ETag);
        Assert.Equal("Creating", readOnB.Value.Properties!.State);
        var first = readOnA.GetRawResponse().Headers.ETag;

        Assert.Equal(200, (await onB.UpdateJobAsync("multiacct", "shared", new JobUpdate { Description = "updated on b" }, first, Ct)).Status);

        // A holds the old ETag: its conditional update must fail and change nothing.
        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => onA.UpdateJobAsync("multiacct", "shared", new JobUpdate { Description = "stale on a" }, first, Ct));
        Assert.Equal(412, stale.Status);

        var afterOnA = await onA.GetJobAsync("multiacct", "shared", Ct);
        var afterOnB = await onB.GetJobAsync("multiacct", "shared", Ct);
        Assert.Equal("updated on b", afterOnA.Value.Properties!.Description);
        Assert.NotEqual(first, afterOnA.GetRawResponse().Headers.ETag);
        Assert.Equal(afterOnA.GetRawResponse().Headers.ETag, afterOnB.GetRawResponse().Headers.ETag);

        // The new ETag works from either side.
        Assert.Equal(200, (await onA.UpdateJobAsync("multiacct", "shared", new JobUpdate { Description = "updated on a" }, afterOnB.GetRawResponse().Headers.ETag, Ct)).Status);
        Assert.Equal("updated on a", (await onB.GetJobAsync("multiacct", "shared", Ct)).Value.Properties!.Description);

        // A job deleted on one instance is gone on the other.
        await onB.DeleteJobAsync("multiacct", "shared", Ct);
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => onA.GetJobAsync("multiacct", "shared", Ct))).Status);
    }

    [Fact]
    public async Task Two_workers_share_four_drives_and_each_drive_is_transferred_exactly_once()
    {
        _postgres!.EnsureAvailable();
        azurite.EnsureAvailable();
        var container = TransferHarness.NewContainer();
        var source = WriteSource("src", files: 8, size: 256 * 1024);
        var drives = await PrepareAsync(source, container, [.. Enumerable.Range(0, 4).Select(i => Path.Combine(_work, $"drive{i}"))], capacity: (1024 * 1024) + (600 * 1024));
        Assert.Equal(4, drives.Count);

        var api = await StartAsync("api", "api");
        var worker1 = await StartAsync("w1", "worker", Transfer(throttled: false));
        var worker2 = await StartAsync("w2", "worker", Transfer(throttled: false));
        var reference = await CreateShipAndReceiveAsync(api, "four", drives);

        var done = await PollAsync(Operator(api), reference, j => j.Drives.All(d => d.State is DriveState.Completed or DriveState.CompletedMoreInfo), [worker1, worker2]);
        Assert.All(done.Drives, d => Assert.Equal(CopyStatus.Completed, d.CopyStatus));

        // Each drive was started once, by one of the workers, and never resumed by the other.
        foreach (var drive in drives)
        {
            var starts = Count(worker1.Output, $"drive {drive.DriveId} started") + Count(worker2.Output, $"drive {drive.DriveId} started");
            Assert.True(starts == 1, $"Drive {drive.DriveId} was started {starts} times:\n{worker1.Output}\n----\n{worker2.Output}");
            Assert.Equal(0, Count(worker1.Output + worker2.Output, $"Resuming the transfer of job four drive {drive.DriveId}"));
        }

        Assert.Equal(0, Count(api.Output, "started"));
        await AssertImportedAsync(container, source, files: 8);
    }

    [Fact]
    public async Task A_worker_killed_mid_transfer_is_taken_over_by_another_after_its_lease_lapses_and_the_result_is_byte_identical()
    {
        _postgres!.EnsureAvailable();
        azurite.EnsureAvailable();
        var container = TransferHarness.NewContainer();
        var source = WriteSource("src", files: 6, size: 2 * 1024 * 1024);
        var drives = await PrepareAsync(source, container, [Path.Combine(_work, "drive")], capacity: null);

        var api = await StartAsync("api", "api");
        var doomed = await StartAsync("doomed", "worker", Transfer(throttled: true, shortLease: true));
        var reference = await CreateShipAndReceiveAsync(api, "takeover", drives);
        var operatorClient = Operator(api);
        await PollAsync(operatorClient, reference, j => j.Drives.Single().BytesSucceeded >= 3L * 1024 * 1024, [doomed]);

        // The doomed worker dies mid-copy without letting go of its claim; only then does the survivor start (starting it
        // first left the doomed worker time to finish on a loaded machine), and it must wait for the claim to lapse.
        await doomed.KillAsync(Ct);
        var survivor = await StartAsync("survivor", "worker", Transfer(throttled: false, shortLease: true));

        var done = await PollAsync(operatorClient, reference, j => j.Drives.Single().State is DriveState.Completed or DriveState.CompletedMoreInfo, [survivor]);
        Assert.Equal(CopyStatus.Completed, done.Drives.Single().CopyStatus);
        Assert.Equal(1, Count(survivor.Output, $"Resuming the transfer of job takeover drive {drives[0].DriveId}"));
        await AssertImportedAsync(container, source, files: 6);
    }

    [Fact]
    public async Task With_two_instances_the_sweeper_runs_on_one_and_expires_each_job_once()
    {
        _postgres!.EnsureAvailable();
        string[] rules = ["--Ferry:Jobs:CreatingExpiry", "00:00:02", "--Ferry:Jobs:SweepInterval", "00:00:00.500", "--Ferry:Transfer:Enabled", "false"];
        var a = await StartAsync("a", "api,worker", rules);
        var b = await StartAsync("b", "api,worker", rules);
        var customer = Customer(a, a);
        var names = Enumerable.Range(0, 6).Select(i => $"expire{i}").ToList();
        foreach (var name in names)
        {
            await customer.PutJobAsync("sweepacct", TransferHarness.ImportJob(name, [new JobDrive("DRIVE01", "123456-123456-123456-123456-123456-123456-123456-123456", @"\Manifest.xml", "0123456789ABCDEF0123456789ABCDEF")]), Ct);
        }

        var operatorClient = Operator(a);
        var subscription = DevCredentials.ReadOrNull(a.DataDirectory)!.SubscriptionId;
        foreach (var name in names)
        {
            var history = await PollHistoryAsync(operatorClient, new OperatorJobReference(subscription, name), h => h.Any(e => e.Action == Ferry.Client.Models.AuditAction.Expire), [a, b]);
            Assert.Single(history, e => e.Action == Ferry.Client.Models.AuditAction.Expire);
        }

        // One instance holds the sweeper's lease; the other never swept.
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM leader_leases WHERE \"Name\" = 'sweeper'", connection);
        Assert.Equal(1L, await command.ExecuteScalarAsync(Ct));
        var expireEntries = 0L;
        await using (var audit = new NpgsqlCommand("SELECT count(*) FROM audit_entries WHERE \"Action\" = @action", connection))
        {
            audit.Parameters.AddWithValue("action", (int)Ferry.Core.Audit.AuditAction.Expire);
            expireEntries = (long)(await audit.ExecuteScalarAsync(Ct))!;
        }

        Assert.Equal(names.Count, expireEntries);
    }

    private static int Count(string text, string fragment)
    {
        var count = 0;
        for (var at = text.IndexOf(fragment, StringComparison.Ordinal); at >= 0; at = text.IndexOf(fragment, at + fragment.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Transfer settings. The lease is short (5 s) only where a takeover is the point: elsewhere a loaded machine could
    /// stall a worker past it, and a lapsed lease is rightly taken over.
    /// </summary>
    private string[] Transfer(bool throttled, bool shortLease = false) =>
    [
        "--Ferry:Transfer:BlobEndpoint", azurite.EndpointTemplate,
        "--Ferry:Transfer:LeaseDuration", shortLease ? "00:00:05" : "00:01:00",
        "--Ferry:Transfer:PollInterval", "00:00:00.250",
        "--Ferry:Transfer:ProgressInterval", "00:00:00.250",
        "--Ferry:Transfer:BlobConcurrency", "1",
        "--Ferry:Transfer:MaxBytesPerSecond", throttled ? "1000000" : "0",
        "--Logging:LogLevel:Ferry.Core.Transfer", "Information",
    ];

    private async Task<FerryProcess> StartAsync(string name, string roles, IReadOnlyList<string>? more = null)
    {
        string[] arguments =
        [
            "--database", "postgresql", "--connection-string", _connectionString, "--roles", roles,
            "--Logging:LogLevel:Default", "Warning", .. more ?? [],
        ];
        var process = await FerryProcess.StartHealthyAsync(Path.Combine(_work, name), Ct, arguments);
        _processes.Add(process);
        return process;
    }

    /// <summary>A customer client on <paramref name="server"/> with the management certificate of <paramref name="credentialsOf"/>'s data directory.</summary>
    private static ClassicImportExportClient Customer(FerryProcess server, FerryProcess credentialsOf)
    {
        var credentials = DevCredentials.ReadOrNull(credentialsOf.DataDirectory)!;
        var certificate = CertificateFactory.LoadPem(credentials.ManagementCertificate, credentials.ManagementKey);
        return new ClassicImportExportClient(server.BaseAddress, credentials.SubscriptionId, certificate,
            new ClassicImportExportClientOptions { ServerCertificate = ServerCertificateOf(server) });
    }

    private static FerryOperatorClient Operator(FerryProcess server) =>
        new(server.BaseAddress, DevCredentials.ReadOrNull(server.DataDirectory)!.OperatorToken!, new FerryOperatorClientOptions { ServerCertificate = ServerCertificateOf(server) });

    private static X509Certificate2 ServerCertificateOf(FerryProcess server) =>
        X509Certificate2.CreateFromPem(File.ReadAllText(DevCredentials.ReadOrNull(server.DataDirectory)!.ServerCertificate));

    private string WriteSource(string name, int files, int size)
    {
        var source = Directory.CreateDirectory(Path.Combine(_work, name)).FullName;
        for (var i = 0; i < files; i++)
        {
            var bytes = new byte[size];
            new Random(i).NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(source, $"f{i}.bin"), bytes);
        }

        return source;
    }

    private async Task<IReadOnlyList<PreparedDrive>> PrepareAsync(string source, string container, IReadOnlyList<string> driveFolders, long? capacity) =>
        await new DrivePreparer().PrepareAsync(new PrepareRequest(
            Path.Combine(_work, "journal.jrn"), "session1",
            [new DatasetEntry(source + "/", $"{container}/data/", BlobKind.BlockBlob, ImportDisposition.Rename, null, null)],
            [.. driveFolders.Select(f => new PrepareDrive(f, capacity))], Azurite.AccountKey, BlockSize: 256 * 1024), null, Ct);

    private static async Task<OperatorJobReference> CreateShipAndReceiveAsync(FerryProcess api, string name, IReadOnlyList<PreparedDrive> drives)
    {
        var customer = Customer(api, api);
        await customer.PutJobAsync(Azurite.AccountName, TransferHarness.ImportJob(name, drives.Select(TransferHarness.DriveOf)), Ct);
        await customer.UpdateJobAsync(Azurite.AccountName, name, new JobUpdate { State = "Shipping", DeliveryPackage = new PackageInfo("FedEx", "1234567890") { DriveCount = drives.Count } }, cancellationToken: Ct);
        var reference = new OperatorJobReference(DevCredentials.ReadOrNull(api.DataDirectory)!.SubscriptionId, name);
        await Operator(api).ReceivePackageAsync(reference, [.. drives.Select(d => new ReceivedDrive(d.DriveId, d.Root))], Ct);
        return reference;
    }

    private async Task AssertImportedAsync(string container, string source, int files)
    {
        var blobs = azurite.CreateServiceClient().GetBlobContainerClient(container);
        var names = new List<string>();
        await foreach (var item in blobs.GetBlobsAsync(cancellationToken: Ct))
        {
            names.Add(item.Name);
        }

        Assert.Equal(Enumerable.Range(0, files).Select(i => $"data/f{i}.bin"), names.Order());
        for (var i = 0; i < files; i++)
        {
            Assert.Equal(await TransferHarness.FileMd5Async(Path.Combine(source, $"f{i}.bin")), await TransferHarness.BlobMd5Async(blobs.GetBlobClient($"data/f{i}.bin")));
        }
    }

    /// <summary>Polls the operator view (real processes: there is no signal to wait on) until <paramref name="condition"/> holds.</summary>
    private static async Task<OperatorJob> PollAsync(FerryOperatorClient client, OperatorJobReference job, Func<OperatorJob, bool> condition, IReadOnlyList<FerryProcess> watched)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(120);
        while (true)
        {
            var current = (await client.GetJobAsync(job, Ct)).Value;
            if (condition(current))
            {
                return current;
            }

            Assert.All(watched, p => Assert.False(p.HasExited, $"A server exited:\n{p.Output}"));
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"The job did not get there in time:\n{string.Join("\n----\n", watched.Select(p => p.Output))}");
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, Ct);
        }
    }

    private static async Task<IReadOnlyList<AuditEntry>> PollHistoryAsync(FerryOperatorClient client, OperatorJobReference job, Func<IReadOnlyList<AuditEntry>, bool> condition, IReadOnlyList<FerryProcess> watched)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (true)
        {
            var history = (await client.GetJobHistoryAsync(job, Ct)).Value;
            if (condition(history))
            {
                return history;
            }

            Assert.All(watched, p => Assert.False(p.HasExited, $"A server exited:\n{p.Output}"));
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"The history did not get there in time:\n{string.Join("\n----\n", watched.Select(p => p.Output))}");
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, Ct);
        }
    }
}
