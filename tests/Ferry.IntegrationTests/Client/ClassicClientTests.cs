using Azure;
using Ferry.Client.Classic;
using Ferry.Client.Models;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Client;

/// <summary>The classic client against a real server: the two independent sides of the contract must agree.</summary>
public sealed class ClassicClientTests
{
    private const string Account = "clientacct";

    [Fact]
    public async Task Create_get_update_list_and_delete_round_trip()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FerryTestServer.StartAsync(new FerryTestServerOptions(new Dictionary<string, string> { ["Ferry:Classic:MaxPageSize"] = "2" }));
        var client = CreateClient(server);

        var put = await client.PutJobAsync(Account, NewJob("job-a"), ct);
        Assert.Equal(201, put.Status);
        Assert.True(put.Headers.ETag.HasValue);

        var job = (await client.GetJobAsync(Account, "job-a", ct)).Value;
        Assert.Equal("job-a", job.Name);
        Assert.Equal("Creating", job.Properties!.State);
        Assert.Equal("Import", job.Properties.Type);
        Assert.NotNull(job.Properties.ShippingInformation);
        Assert.Equal("DRIVEA1", Assert.Single(job.DriveList!).DriveId);

        var etag = (await client.GetJobAsync(Account, "job-a", ct)).GetRawResponse().Headers.ETag;
        var update = await client.UpdateJobAsync(Account, "job-a", new JobUpdate
        {
            State = "Shipping",
            DeliveryPackage = new PackageInfo("FedEx", "999999999999") { DriveCount = 1, ShipDate = "4/30/2014 12:25:40 AM" },
        }, etag, ct);
        Assert.Equal(200, update.Status);
        var shipped = (await client.GetJobAsync(Account, "job-a", ct)).Value;
        Assert.Equal("Shipping", shipped.Properties!.State);
        Assert.Equal("999999999999", shipped.Properties.DeliveryPackage!.TrackingNumber);

        await client.PutJobAsync(Account, NewJob("job-b"), ct);
        await client.PutJobAsync(Account, NewJob("job-c"), ct);
        var pages = new List<Page<ImportExportJob>>();
        await foreach (var page in client.GetJobsAsync(Account, cancellationToken: ct).AsPages())
        {
            pages.Add(page);
        }

        Assert.Equal(2, pages.Count);
        Assert.NotNull(pages[0].ContinuationToken);
        Assert.Null(pages[1].ContinuationToken);
        Assert.Equal(["job-a", "job-b", "job-c"], pages.SelectMany(p => p.Values).Select(j => j.Name));

        var creating = new List<string?>();
        var options = new JobListOptions();
        options.States.Add("Creating");
        await foreach (var item in client.GetJobsAsync(Account, options, ct))
        {
            creating.Add(item.Name);
        }

        Assert.Equal(["job-b", "job-c"], creating);
        Assert.Contains(Account, (await client.GetStorageAccountsAsync(ct)).Value);
        Assert.NotEmpty((await client.GetLocationsAsync(cancellationToken: ct)).Value);

        Assert.Equal(200, (await client.DeleteJobAsync(Account, "job-b", ct)).Status);
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetJobAsync(Account, "job-b", ct));
        Assert.Equal(404, ex.Status);
    }

    [Fact]
    public async Task A_missing_job_surfaces_as_RequestFailedException_ResourceNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FerryTestServer.StartAsync();
        var client = CreateClient(server);

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetJobAsync(Account, "nope", ct));

        Assert.Equal(404, ex.Status);
        Assert.Equal("ResourceNotFound", ex.ErrorCode);
    }

    private static ClassicImportExportClient CreateClient(FerryTestServer server) =>
        new(server.BaseAddress, server.SubscriptionId, server.ManagementCertificate, new ClassicImportExportClientOptions { ServerCertificate = server.ServerCertificate });

    private static ImportExportJob NewJob(string name) => new(name, new JobProperties
    {
        StorageAccountKey = Convert.ToBase64String(new byte[64]),
        Location = "West US",
        Type = "Import",
        ReturnAddress = new ReturnAddress("John Doe", "One Microsoft Way, Redmond, WA 98052", "1-800-000-0000", "johndoe@outlook.com"),
    })
    {
        DriveList = [new JobDrive("DRIVE" + name[^1..].ToUpperInvariant() + "1", "259358-100188-581471-154165-090552-296406-410091-426844", "\\DriveManifest.xml", "B306C4B34DAA0E99957A4B9C779D2FA2")],
    };
}
