using Azure;
using Ferry.Client.Classic;
using Ferry.Client.Models;
using Ferry.Client.Operator;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Client;

/// <summary>
/// The whole job lifecycle through Ferry.Client only: the customer's classic client and the data centre's operator
/// client against a real server. Each scenario also checks that the audit trail is complete and ordered.
/// </summary>
public sealed class LifecycleTests
{
    private const string Account = "lifecycle";
    private const string Key = "259358-100188-581471-154165-090552-296406-410091-426844";

    private sealed record Clients(FerryTestServer Server, ClassicImportExportClient Customer, FerryOperatorClient Operator)
    {
        public OperatorJobReference Job(string name) => new(Server.SubscriptionId, name);
    }

    private static async Task<Clients> StartAsync(FerryTestServer server) => await Task.FromResult(new Clients(
        server,
        new ClassicImportExportClient(server.BaseAddress, server.SubscriptionId, server.ManagementCertificate, new ClassicImportExportClientOptions { ServerCertificate = server.ServerCertificate }),
        new FerryOperatorClient(server.BaseAddress, server.Credentials.OperatorToken!, new FerryOperatorClientOptions { ServerCertificate = server.ServerCertificate })));

    private static ImportExportJob ImportJob(string name, params string[] driveIds) => new(name, new JobProperties
    {
        StorageAccountKey = Convert.ToBase64String(new byte[64]),
        Location = "West US",
        Type = "Import",
        ReturnAddress = new ReturnAddress("John Doe", "One Microsoft Way, Redmond, WA 98052", "1-800-000-0000", "johndoe@outlook.com"),
    })
    {
        DriveList = [.. driveIds.Select(id => new JobDrive(id, Key, "\\DriveManifest.xml", "B306C4B34DAA0E99957A4B9C779D2FA2"))],
    };

    private static ImportExportJob ExportJob(string name) => new(name, new JobProperties
    {
        StorageAccountKey = Convert.ToBase64String(new byte[64]),
        Location = "West US",
        Type = "Export",
        ReturnAddress = new ReturnAddress("John Doe", "One Microsoft Way, Redmond, WA 98052", "1-800-000-0000", "johndoe@outlook.com"),
    })
    {
        Export = new ExportSelection { BlobList = new ExportBlobList { BlobPathPrefix = ["/photos/"] } },
    };

    private static async Task ShipAsync(Clients c, string name, CancellationToken ct) =>
        await c.Customer.UpdateJobAsync(Account, name, new JobUpdate { State = "Shipping", DeliveryPackage = new PackageInfo("FedEx", "1234567890") { DriveCount = 2 } }, cancellationToken: ct);

    private static async Task<string?> CustomerStateAsync(Clients c, string name, CancellationToken ct) =>
        (await c.Customer.GetJobAsync(Account, name, ct)).Value.Properties!.State;

    private static async Task<List<string>> JobStatesAsync(Clients c, string name, CancellationToken ct)
    {
        var history = (await c.Operator.GetJobHistoryAsync(c.Job(name), ct)).Value;
        var sequence = history.Select(e => e.Sequence).ToList();
        Assert.Equal(sequence.Order(), sequence);
        Assert.Equal(sequence.Count, sequence.Distinct().Count());
        Assert.All(history.Zip(history.Skip(1)), pair => Assert.True(pair.First.At <= pair.Second.At));
        var customerHistory = (await c.Customer.GetJobHistoryAsync(name, ct)).Value;
        Assert.Equal(sequence, customerHistory.Select(e => e.Sequence));
        return [.. history.Where(e => e.DriveId is null && e.NewState is not null).Select(e => e.NewState!)];
    }

    [Fact]
    public async Task An_import_job_goes_Creating_Shipping_Received_Transferring_Packaging_Completed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FerryTestServer.StartAsync();
        var c = await StartAsync(server);
        await c.Customer.PutJobAsync(Account, ImportJob("import1", "WD-1", "WD-2"), ct);
        Assert.Equal("Creating", await CustomerStateAsync(c, "import1", ct));
        await ShipAsync(c, "import1", ct);
        Assert.Equal("Shipping", await CustomerStateAsync(c, "import1", ct));

        var received = (await c.Operator.ReceivePackageAsync(c.Job("import1"), [new ReceivedDrive("WD-1", "/bay/WD-1"), new ReceivedDrive("WD-2")], ct)).Value;
        Assert.Equal(JobState.Received, received.State);
        Assert.Equal("Received", await CustomerStateAsync(c, "import1", ct));
        await c.Operator.StartCopyAsync(c.Job("import1"), "WD-1", ct);
        var progressed = (await c.Operator.ReportProgressAsync(c.Job("import1"), "WD-1", 60, 600, ct)).Value;
        Assert.Equal(JobState.Transferring, progressed.State);
        Assert.Equal(30, progressed.PercentComplete);
        var customerView = (await c.Customer.GetJobAsync(Account, "import1", ct)).Value;
        Assert.Equal("Transferring", customerView.Properties!.State);
        Assert.Equal("InProgress", customerView.DriveList![0].CopyStatus);
        await c.Operator.CompleteDriveAsync(c.Job("import1"), "WD-1", bytesSucceeded: 1000, cancellationToken: ct);
        var packaging = (await c.Operator.CompleteDriveAsync(c.Job("import1"), "WD-2", cancellationToken: ct)).Value;
        Assert.Equal(JobState.Packaging, packaging.State);
        var completed = (await c.Operator.ShipBackAsync(c.Job("import1"), new OperatorPackage("FedEx", "RET-1"), ct)).Value;

        Assert.Equal(JobState.Completed, completed.State);
        var final = (await c.Customer.GetJobAsync(Account, "import1", ct)).Value;
        Assert.Equal("Completed", final.Properties!.State);
        Assert.Equal("RET-1", final.Properties.ReturnPackage!.TrackingNumber);
        Assert.All(final.DriveList!, d => Assert.Equal("ShippedBack", d.State));
        Assert.Equal(["Creating", "Shipping", "Received", "Transferring", "Packaging", "Completed"], await JobStatesAsync(c, "import1", ct));
        var history = (await c.Operator.GetJobHistoryAsync(c.Job("import1"), ct)).Value;
        Assert.Equal(["Received", "Transferring", "Completed", "ShippedBack"],
            history.Where(e => e.DriveId == "WD-1" && e.NewState is not null).Select(e => e.NewState!));
    }

    [Fact]
    public async Task A_job_with_a_failed_drive_ends_Closed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FerryTestServer.StartAsync();
        var c = await StartAsync(server);
        await c.Customer.PutJobAsync(Account, ImportJob("failing", "WD-1", "WD-2"), ct);
        await ShipAsync(c, "failing", ct);
        await c.Operator.ReceivePackageAsync(c.Job("failing"), [new ReceivedDrive("WD-1"), new ReceivedDrive("WD-2")], ct);

        await c.Operator.FailDriveAsync(c.Job("failing"), "WD-1", CopyStatus.BitLockerKeyInvalid, ct);
        await c.Operator.CompleteDriveAsync(c.Job("failing"), "WD-2", cancellationToken: ct);
        var closed = (await c.Operator.ShipBackAsync(c.Job("failing"), new OperatorPackage("DHL", "RET-2"), ct)).Value;

        Assert.Equal(JobState.Closed, closed.State);
        var drive = (await c.Customer.GetJobAsync(Account, "failing", ct)).Value.DriveList![0];
        Assert.Equal("BitLockerKeyInvalid", drive.CopyStatus);
        Assert.Equal(["Creating", "Shipping", "Received", "Transferring", "Packaging", "Closed"], await JobStatesAsync(c, "failing", ct));
    }

    [Fact]
    public async Task A_job_with_a_never_received_drive_ends_Closed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FerryTestServer.StartAsync();
        var c = await StartAsync(server);
        await c.Customer.PutJobAsync(Account, ImportJob("missing", "WD-1", "WD-2"), ct);
        await ShipAsync(c, "missing", ct);

        var received = (await c.Operator.ReceivePackageAsync(c.Job("missing"), [new ReceivedDrive("WD-2")], ct)).Value;
        Assert.Equal(DriveState.NeverReceived, received.Drives[0].State);
        await c.Operator.CompleteDriveAsync(c.Job("missing"), "WD-2", cancellationToken: ct);
        var closed = (await c.Operator.ShipBackAsync(c.Job("missing"), new OperatorPackage("FedEx", "RET-3"), ct)).Value;

        Assert.Equal(JobState.Closed, closed.State);
        Assert.Equal("NeverReceived", (await c.Customer.GetJobAsync(Account, "missing", ct)).Value.DriveList![0].State);
        Assert.Equal(["Creating", "Shipping", "Received", "Transferring", "Packaging", "Closed"], await JobStatesAsync(c, "missing", ct));
    }

    [Fact]
    public async Task A_drive_that_never_arrives_becomes_NeverReceived_two_weeks_after_Shipping()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FerryTestServer.StartAsync();
        var c = await StartAsync(server);
        await c.Customer.PutJobAsync(Account, ImportJob("late", "WD-1"), ct);
        await ShipAsync(c, "late", ct);

        server.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
        Assert.Equal(DriveState.Specified, (await c.Operator.GetJobAsync(c.Job("late"), ct)).Value.Drives[0].State);
        await server.WaitUntilAsync(
            async () => (await c.Operator.GetJobAsync(c.Job("late"), ct)).Value.Drives[0].State == DriveState.NeverReceived,
            nudge: () => server.Clock.Advance(TimeSpan.FromMinutes(1)));

        var job = (await c.Operator.GetJobAsync(c.Job("late"), ct)).Value;
        Assert.Equal(JobState.Shipping, job.State);
        Assert.True(server.Clock.GetUtcNow() - job.ShippingAt >= TimeSpan.FromDays(14));
        var entry = (await c.Operator.GetJobHistoryAsync(c.Job("late"), ct)).Value[^1];
        Assert.Equal(("sweeper", "NeverReceived"), (entry.Actor, entry.NewState));
        var closed = (await c.Operator.CloseJobAsync(c.Job("late"), ct)).Value;
        Assert.Equal(JobState.Closed, closed.State);
    }

    [Fact]
    public async Task An_export_job_gets_drives_at_receipt_and_its_BitLocker_keys_after_ship_back()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FerryTestServer.StartAsync();
        var c = await StartAsync(server);
        await c.Customer.PutJobAsync(Account, ExportJob("export1"), ct);
        await ShipAsync(c, "export1", ct);

        await c.Operator.ReceivePackageAsync(c.Job("export1"), [new ReceivedDrive("BLANK-1")], ct);
        await c.Operator.CompleteDriveAsync(c.Job("export1"), "BLANK-1", cancellationToken: ct);
        var beforeShipBack = (await c.Customer.GetJobAsync(Account, "export1", ct)).Value.DriveList![0];
        Assert.Null(beforeShipBack.BitLockerKey);
        await c.Operator.ShipBackAsync(c.Job("export1"), new OperatorPackage("FedEx", "RET-4"), ct);

        var drive = (await c.Customer.GetJobAsync(Account, "export1", ct)).Value.DriveList![0];
        Assert.Equal("BLANK-1", drive.DriveId);
        Assert.Equal("ShippedBack", drive.State);
        Assert.Matches("^([0-9]{6}-){7}[0-9]{6}$", drive.BitLockerKey);
        Assert.Equal(["Creating", "Shipping", "Received", "Transferring", "Packaging", "Completed"], await JobStatesAsync(c, "export1", ct));
    }

    [Theory]
    [InlineData("Creating", "Creating", "Completed")]
    [InlineData("Shipping", "Packaging", "Completed")]
    [InlineData("Received", "Packaging", "Completed")]
    [InlineData("Transferring", "Packaging", "Completed")]
    public async Task Cancellation_is_honoured_in_every_state_that_allows_it(string cancelIn, string stateAfterReceipt, string finalState)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FerryTestServer.StartAsync();
        var c = await StartAsync(server);
        await c.Customer.PutJobAsync(Account, ImportJob("cancel1", "WD-1", "WD-2"), ct);
        async Task CancelAsync() => await c.Customer.UpdateJobAsync(Account, "cancel1", new JobUpdate { CancelRequested = true }, cancellationToken: ct);

        if (cancelIn == "Creating")
        {
            await CancelAsync();
            Assert.Equal("Creating", await CustomerStateAsync(c, "cancel1", ct));
            var shipping = await Assert.ThrowsAsync<RequestFailedException>(() => ShipAsync(c, "cancel1", ct));
            Assert.Equal(409, shipping.Status);
            Assert.Equal(200, (await c.Customer.DeleteJobAsync(Account, "cancel1", ct)).Status);
            return;
        }

        await ShipAsync(c, "cancel1", ct);
        if (cancelIn == "Shipping")
        {
            await CancelAsync();
        }

        var afterReceipt = (await c.Operator.ReceivePackageAsync(c.Job("cancel1"), [new ReceivedDrive("WD-1"), new ReceivedDrive("WD-2")], ct)).Value;
        if (cancelIn == "Received")
        {
            Assert.Equal(JobState.Received, afterReceipt.State);
            await CancelAsync();
        }

        if (cancelIn == "Transferring")
        {
            await c.Operator.StartCopyAsync(c.Job("cancel1"), "WD-1", ct);
            await CancelAsync();
            Assert.Equal("Transferring", await CustomerStateAsync(c, "cancel1", ct));
            var refused = await Assert.ThrowsAsync<RequestFailedException>(() => c.Operator.StartCopyAsync(c.Job("cancel1"), "WD-2", ct));
            Assert.Equal((409, "Conflict"), (refused.Status, refused.ErrorCode));
            await c.Operator.CompleteDriveAsync(c.Job("cancel1"), "WD-1", cancellationToken: ct);
        }

        var job = (await c.Operator.GetJobAsync(c.Job("cancel1"), ct)).Value;
        Assert.Equal(stateAfterReceipt, job.State.ToString());
        Assert.True(job.CancelRequested);
        var shipped = (await c.Operator.ShipBackAsync(c.Job("cancel1"), new OperatorPackage("FedEx", "RET-5"), ct)).Value;

        Assert.Equal(finalState, shipped.State.ToString());
        Assert.All(shipped.Drives, d => Assert.Equal(DriveState.ShippedBack, d.State));
        var cancelEntry = Assert.Single((await c.Operator.GetJobHistoryAsync(c.Job("cancel1"), ct)).Value, e => e.Action == AuditAction.Cancel && e.DriveId is null);
        Assert.Equal(server.SubscriptionId, cancelEntry.Actor);
    }

    [Theory]
    [InlineData("Packaging")]
    [InlineData("Completed")]
    [InlineData("Closed")]
    public async Task Cancellation_is_refused_once_the_drives_are_packed(string state)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FerryTestServer.StartAsync();
        var c = await StartAsync(server);
        await c.Customer.PutJobAsync(Account, ImportJob("late-cancel", "WD-1"), ct);
        await ShipAsync(c, "late-cancel", ct);
        await c.Operator.ReceivePackageAsync(c.Job("late-cancel"), [new ReceivedDrive("WD-1")], ct);
        if (state == "Closed")
        {
            await c.Operator.FailDriveAsync(c.Job("late-cancel"), "WD-1", CopyStatus.DiskNotFound, ct);
        }
        else
        {
            await c.Operator.CompleteDriveAsync(c.Job("late-cancel"), "WD-1", cancellationToken: ct);
        }

        if (state != "Packaging")
        {
            await c.Operator.ShipBackAsync(c.Job("late-cancel"), new OperatorPackage("FedEx", "RET-6"), ct);
        }

        var before = (await c.Operator.GetJobAsync(c.Job("late-cancel"), ct)).Value;
        Assert.Equal(state, before.State.ToString());

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() =>
            c.Customer.UpdateJobAsync(Account, "late-cancel", new JobUpdate { CancelRequested = true }, cancellationToken: ct));

        Assert.Equal(409, refused.Status);
        Assert.Equal("ConflictError", refused.ErrorCode);
        var after = (await c.Operator.GetJobAsync(c.Job("late-cancel"), ct)).Value;
        Assert.False(after.CancelRequested);
        Assert.Equal(before.ETag, after.ETag);
    }
}
