using System.Net;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Classic;

/// <summary>Get Job (docs/classic-api.md §3.7): body shape and presence rules.</summary>
public sealed class GetJobTests
{
    private const string Account = "xttest";

    [Fact]
    public async Task A_minimal_import_job_shows_only_the_always_present_members_with_their_defaults()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var body = ClassicRequests.ImportJob("MySampleJob");
        body["Properties"]!.AsObject().Remove("ReturnAddress");
        await client.PutJobAsync(server, Account, body);

        var job = await client.GetJobJsonAsync(server, Account, "MySampleJob");

        Assert.Equal(server.ClassicBase + "/$metadata#Microsoft.Cis.Services.ImportExport.Public.ImportExportData.Jobs/@Element", job["odata.metadata"]!.GetValue<string>());
        Assert.Equal("MySampleJob", job["odata.id"]!.GetValue<string>());
        Assert.Equal(server.ClassicBase + "/jobs/MySampleJob", job["odata.editLink"]!.GetValue<string>());
        Assert.Equal("MySampleJob", job["Name"]!.GetValue<string>());
        var properties = job["Properties"]!.AsObject();
        Assert.Equal(
            ["Location", "Type", "State", "CancelRequested", "ShippingInformation", "ImportExportStatesPath", "EnableVerboseLog", "BackupDriveManifest"],
            properties.Select(p => p.Key).ToArray());
        Assert.Equal("West US", properties["Location"]!.GetValue<string>());
        Assert.Equal("Import", properties["Type"]!.GetValue<string>());
        Assert.Equal("Creating", properties["State"]!.GetValue<string>());
        Assert.False(properties["CancelRequested"]!.GetValue<bool>());
        Assert.Equal("waimportexport", properties["ImportExportStatesPath"]!.GetValue<string>());
        Assert.False(properties["EnableVerboseLog"]!.GetValue<bool>());
        Assert.False(properties["BackupDriveManifest"]!.GetValue<bool>());
        Assert.Null(job["Export"]);
    }

    [Fact]
    public async Task ShippingInformation_is_derived_from_the_West_US_location()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("MySampleJob", location: "West US"));

        var shipping = (await client.GetJobJsonAsync(server, Account, "MySampleJob"))["Properties"]!["ShippingInformation"]!;

        Assert.Equal("Windows Azure Import Export Service", shipping["Name"]!.GetValue<string>());
        Assert.Equal("2045 Lafayette Street;;Santa Clara;CA;95050;USA", shipping["Address"]!.GetValue<string>());
    }

    [Fact]
    public async Task ShippingInformation_keeps_the_separators_of_empty_address_parts_and_Location_takes_the_catalogue_spelling()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("EuropeJob", location: "west europe"));

        var properties = (await client.GetJobJsonAsync(server, Account, "EuropeJob"))["Properties"]!;

        Assert.Equal("West Europe", properties["Location"]!.GetValue<string>());
        Assert.Equal("Tupolevlaan 101;;Schiphol-Rijk;;1119 PA;Netherlands (NL)", properties["ShippingInformation"]!["Address"]!.GetValue<string>());
    }

    [Fact]
    public async Task Optional_members_are_returned_as_supplied()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var body = ClassicRequests.ImportJob("FullJob");
        var p = body["Properties"]!;
        p["Type"] = "import";
        p["StorageAccountName"] = Account;
        p["FriendlyName"] = "My friendly name";
        p["Description"] = "A description";
        p["Metadata"] = "some metadata";
        p["ReturnShipping"] = new JsonObject { ["CarrierName"] = "FedEx", ["CarrierAccountNumber"] = "123456789" };
        p["ImportExportStatesPath"] = "mylogs";
        p["EnableVerboseLog"] = true;
        p["BackupDriveManifest"] = true;
        await client.PutJobAsync(server, Account, body);

        var properties = (await client.GetJobJsonAsync(server, Account, "FullJob"))["Properties"]!;

        Assert.Equal("Import", properties["Type"]!.GetValue<string>());
        Assert.Equal("My friendly name", properties["FriendlyName"]!.GetValue<string>());
        Assert.Equal("A description", properties["Description"]!.GetValue<string>());
        Assert.Equal("some metadata", properties["Metadata"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(ClassicRequests.ReturnAddress(), properties["ReturnAddress"]));
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["CarrierName"] = "FedEx", ["CarrierAccountNumber"] = "123456789" }, properties["ReturnShipping"]));
        Assert.Equal("mylogs", properties["ImportExportStatesPath"]!.GetValue<string>());
        Assert.True(properties["EnableVerboseLog"]!.GetValue<bool>());
        Assert.True(properties["BackupDriveManifest"]!.GetValue<bool>());
        Assert.Null(properties["StorageAccountName"]);
        Assert.Null(properties["DeliveryPackage"]);
        Assert.Null(properties["PercentComplete"]);
    }

    [Fact]
    public async Task Import_drives_carry_the_BitLocker_key_as_supplied_and_state_Specified_without_copy_status()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("DriveJob", drives: 2));

        var drives = (await client.GetJobJsonAsync(server, Account, "DriveJob"))["DriveList"]!.AsArray();

        Assert.Equal(2, drives.Count);
        Assert.Equal("DRIVE0000", drives[0]!["DriveId"]!.GetValue<string>());
        Assert.Equal("DRIVE0001", drives[1]!["DriveId"]!.GetValue<string>());
        Assert.Equal(ClassicRequests.SampleKey, drives[0]!["BitLockerKey"]!.GetValue<string>());
        Assert.Equal("\\DriveManifest.xml", drives[0]!["ManifestFile"]!.GetValue<string>());
        Assert.Equal("B306C4B34DAA0E99957A4B9C779D2FA2", drives[0]!["ManifestHash"]!.GetValue<string>());
        Assert.Equal("Specified", drives[0]!["State"]!.GetValue<string>());
        Assert.Null(drives[0]!["CopyStatus"]);
        Assert.Null(drives[0]!["PercentComplete"]);
    }

    [Fact]
    public async Task An_export_job_shows_its_Export_selection_and_no_DriveList()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var body = ClassicRequests.ExportJob("ExportJob");
        body["Export"] = new JsonObject { ["BlobList"] = new JsonObject { ["BlobPath"] = new JsonArray("photos/cat.jpg", "$root/readme.txt"), ["BlobPathPrefix"] = new JsonArray("/photos", "/vid") } };
        await client.PutJobAsync(server, Account, body);

        var job = await client.GetJobJsonAsync(server, Account, "ExportJob");

        Assert.Equal("Export", job["Properties"]!["Type"]!.GetValue<string>());
        Assert.Null(job["DriveList"]);
        Assert.True(JsonNode.DeepEquals(body["Export"], job["Export"]), job["Export"]?.ToJsonString());
    }

    [Fact]
    public async Task An_export_job_with_a_blob_list_blob_path_shows_it()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var body = ClassicRequests.ExportJob("ExportJob");
        body["Export"] = new JsonObject { ["BlobListBlobPath"] = "lists/bloblist.xml" };
        await client.PutJobAsync(server, Account, body);

        var job = await client.GetJobJsonAsync(server, Account, "ExportJob");

        Assert.Equal("lists/bloblist.xml", job["Export"]!["BlobListBlobPath"]!.GetValue<string>());
        Assert.Null(job["Export"]!["BlobList"]);
    }

    [Theory]
    [InlineData("Import")]
    [InlineData("Export")]
    public async Task Secrets_and_the_storage_account_name_are_never_returned(string type)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var withKey = type == "Import" ? ClassicRequests.ImportJob("KeyJob") : ClassicRequests.ExportJob("KeyJob");
        withKey["Properties"]!["StorageAccountName"] = Account;
        await client.PutJobAsync(server, Account, withKey);
        var withSas = type == "Import" ? ClassicRequests.ImportJob("SasJob") : ClassicRequests.ExportJob("SasJob");
        withSas["Properties"]!.AsObject().Remove("StorageAccountKey");
        withSas["Properties"]!["ContainerSas"] = "mycontainer?sv=2014-02-14&sr=c&sig=U2VjcmV0U2lnbmF0dXJl&sp=rwdl";
        await client.PutJobAsync(server, Account, withSas);

        foreach (var name in new[] { "KeyJob", "SasJob" })
        {
            using var response = await client.SendAsync(server, HttpMethod.Get, ClassicRequests.JobPath(Account, name));
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var properties = JsonNode.Parse(text)!["Properties"]!.AsObject();
            Assert.False(properties.ContainsKey("StorageAccountKey"));
            Assert.False(properties.ContainsKey("ContainerSas"));
            Assert.False(properties.ContainsKey("StorageAccountName"));
            Assert.DoesNotContain(ClassicRequests.AccountKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain("U2VjcmV0U2lnbmF0dXJl", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Version_2014_05_01_returns_the_states_location_as_ImportExportStatesContainer()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("OldVersionJob"));

        using var response = await client.SendAsync(server, HttpMethod.Get, ClassicRequests.JobPath(Account, "OldVersionJob"), ClassicRequests.V1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var properties = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["Properties"]!.AsObject();
        Assert.Equal("waimportexport", properties["ImportExportStatesContainer"]!.GetValue<string>());
        Assert.False(properties.ContainsKey("ImportExportStatesPath"));
    }

    [Fact]
    public async Task A_missing_job_is_a_404_ResourceNotFound()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(server, HttpMethod.Get, ClassicRequests.JobPath(Account, "NoSuchJob"));

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFound", "NoSuchJob");
    }

    [Fact]
    public async Task A_job_is_not_found_through_another_storage_account()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("MySampleJob"));

        using var response = await client.SendAsync(server, HttpMethod.Get, ClassicRequests.JobPath("otheraccount", "MySampleJob"));

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task Job_and_account_names_in_the_path_are_matched_case_insensitively_and_returned_as_created()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("MySampleJob"));

        var job = await client.GetJobJsonAsync(server, "XTTEST", "mysamplejob");

        Assert.Equal("MySampleJob", job["Name"]!.GetValue<string>());
    }
}
