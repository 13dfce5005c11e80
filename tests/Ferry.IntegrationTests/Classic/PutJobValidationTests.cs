using System.Net;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Classic;

/// <summary>
/// Every Put Job field rule (docs/classic-api.md §3.5, §5, §6): each invalid body is a 400 in the odata.error envelope
/// whose ExtendedInformation names the field, and leaves nothing behind.
/// </summary>
public sealed class PutJobValidationTests
{
    private const string Account = "xttest";
    private const string Job = "ValidJob";
    private const string GoodSas = "mycontainer?sv=2014-02-14&sr=c&sig=c2lnbmF0dXJl&sp=rwdl";

    /// <summary>A case: the URI account and job, the body, the version, and the text the error must mention.</summary>
    private sealed record Case(string Account, string Job, Func<JsonObject> Body, string Mentions, string Version = ClassicRequests.V2);

    private static readonly Dictionary<string, Case> _cases = new()
    {
        ["Name differs from the URI"] = new(Account, Job, () => With(Import(), b => b["Name"] = "OtherJob"), "Name"),
        ["Name missing"] = new(Account, Job, () => With(Import(), b => b.Remove("Name")), "Name"),
        ["Name not a string"] = new(Account, Job, () => With(Import(), b => b["Name"] = 5), "Name"),
        ["job name of one character"] = new(Account, "a", () => ClassicRequests.ImportJob("a"), "Job name"),
        ["job name starting with a digit"] = new(Account, "1job", () => ClassicRequests.ImportJob("1job"), "Job name"),
        ["job name with a dot"] = new(Account, "bad.name", () => ClassicRequests.ImportJob("bad.name"), "Job name"),
        ["job name with a plus"] = new(Account, "bad+name", () => ClassicRequests.ImportJob("bad+name"), "Job name"),
        ["job name of 65 characters"] = new(Account, "J" + new string('x', 64), () => ClassicRequests.ImportJob("J" + new string('x', 64)), "Job name"),
        ["StorageAccountName differs from the URI"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["StorageAccountName"] = "otheraccount"), "StorageAccountName"),
        ["account name too short"] = new("ab", Job, Import, "Storage account name"),
        ["account name with an underscore"] = new("bad_account", Job, Import, "Storage account name"),
        ["account name of 25 characters"] = new(new string('a', 25), Job, Import, "Storage account name"),
        ["unknown Location"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["Location"] = "Mars Central"), "Location"),
        ["missing Location"] = new(Account, Job, () => With(Import(), b => b["Properties"]!.AsObject().Remove("Location")), "Location"),
        ["bad Type"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["Type"] = "Transfer"), "Type"),
        ["numeric Type"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["Type"] = "1"), "Type"),
        ["missing Type"] = new(Account, Job, () => With(Import(), b => b["Properties"]!.AsObject().Remove("Type")), "Type"),
        ["missing Properties"] = new(Account, Job, () => With(Import(), b => b.Remove("Properties")), "Properties"),
        ["Properties not an object"] = new(Account, Job, () => With(Import(), b => b["Properties"] = "x"), "Properties"),
        ["both key and SAS"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["ContainerSas"] = GoodSas), "StorageAccountKey"),
        ["neither key nor SAS"] = new(Account, Job, () => With(Import(), b => b["Properties"]!.AsObject().Remove("StorageAccountKey")), "StorageAccountKey"),
        ["key not Base64"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["StorageAccountKey"] = "not base64!"), "StorageAccountKey"),
        ["SAS without a question mark"] = new(Account, Job, () => WithSas(Import(), "mycontainersv=2014-02-14&sig=abc&sp=rwd"), "ContainerSas"),
        ["SAS without a signature"] = new(Account, Job, () => WithSas(Import(), "mycontainer?sv=2014-02-14&sr=c&sp=rwd"), "ContainerSas"),
        ["SAS version older than 2014-02-14"] = new(Account, Job, () => WithSas(Import(), "mycontainer?sv=2013-08-15&sr=c&sig=abc&sp=rwd"), "ContainerSas"),
        ["SAS without a version"] = new(Account, Job, () => WithSas(Import(), "mycontainer?sr=c&sig=abc&sp=rwd"), "ContainerSas"),
        ["import SAS without delete"] = new(Account, Job, () => WithSas(Import(), "mycontainer?sv=2014-02-14&sr=c&sig=abc&sp=rwl"), "ContainerSas"),
        ["export SAS without list"] = new(Account, Job, () => WithSas(ClassicRequests.ExportJob(Job), "mycontainer?sv=2014-02-14&sr=c&sig=abc&sp=rwd"), "ContainerSas"),
        ["export SAS without write"] = new(Account, Job, () => WithSas(ClassicRequests.ExportJob(Job), "mycontainer?sv=2014-02-14&sr=c&sig=abc&sp=rl"), "ContainerSas"),
        ["SAS under 2014-05-01"] = new(Account, Job, () => WithSas(Import(), GoodSas), "ContainerSas", ClassicRequests.V1),
        ["ImportExportStatesPath under 2014-05-01"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["ImportExportStatesPath"] = "logs"), "ImportExportStatesPath", ClassicRequests.V1),
        ["ImportExportStatesContainer under 2014-11-01"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["ImportExportStatesContainer"] = "logs"), "ImportExportStatesContainer"),
        ["ImportExportStatesPath not a container name"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["ImportExportStatesPath"] = "Bad_Container"), "ImportExportStatesPath"),
        ["DriveList empty"] = new(Account, Job, () => With(Import(), b => b["DriveList"] = new JsonArray()), "drives"),
        ["DriveList missing for import"] = new(Account, Job, () => With(Import(), b => b.Remove("DriveList")), "drives"),
        ["eleven drives"] = new(Account, Job, () => ClassicRequests.ImportJob(Job, drives: 11), "drives"),
        ["duplicate drive ids"] = new(Account, Job, () => With(ClassicRequests.ImportJob(Job, drives: 2), b => b["DriveList"]![1]!["DriveId"] = "drive0000"), "Drive 'DRIVE0000'"),
        ["white space in a drive id"] = new(Account, Job, () => With(Import(), b => b["DriveList"]![0]!["DriveId"] = "WD WMATV123456"), "DriveId"),
        ["non-hex manifest hash"] = new(Account, Job, () => With(Import(), b => b["DriveList"]![0]!["ManifestHash"] = "Z306C4B34DAA0E99957A4B9C779D2FA2"), "ManifestHash"),
        ["drive without DriveId"] = new(Account, Job, () => With(Import(), b => b["DriveList"]![0]!.AsObject().Remove("DriveId")), "DriveId"),
        ["drive without BitLockerKey"] = new(Account, Job, () => With(Import(), b => b["DriveList"]![0]!.AsObject().Remove("BitLockerKey")), "BitLockerKey"),
        ["drive without ManifestFile"] = new(Account, Job, () => With(Import(), b => b["DriveList"]![0]!.AsObject().Remove("ManifestFile")), "ManifestFile"),
        ["drive without ManifestHash"] = new(Account, Job, () => With(Import(), b => b["DriveList"]![0]!.AsObject().Remove("ManifestHash")), "ManifestHash"),
        ["DriveList not an array"] = new(Account, Job, () => With(Import(), b => b["DriveList"] = "DRIVE0000"), "DriveList"),
        ["drives on an export job"] = new(Account, Job, () => With(ClassicRequests.ExportJob(Job), b => b["DriveList"] = ClassicRequests.ImportJob(Job)["DriveList"]!.DeepClone()), "drives"),
        ["Export on an import job"] = new(Account, Job, () => With(Import(), b => b["Export"] = ClassicRequests.ExportJob(Job)["Export"]!.DeepClone()), "export selection"),
        ["Export missing for an export job"] = new(Account, Job, () => With(ClassicRequests.ExportJob(Job), b => b.Remove("Export")), "export selection"),
        ["both BlobList and BlobListBlobPath"] = new(Account, Job, () => With(ClassicRequests.ExportJob(Job), b => b["Export"]!["BlobListBlobPath"] = "lists/bloblist.xml"), "Export"),
        ["neither BlobList nor BlobListBlobPath"] = new(Account, Job, () => With(ClassicRequests.ExportJob(Job), b => b["Export"] = new JsonObject()), "Export"),
        ["BlobList over 32 KB"] = new(Account, Job, () => With(ClassicRequests.ExportJob(Job), b => b["Export"]!["BlobList"]!["BlobPath"] = LargeBlobPathList()), "BlobList"),
        ["BlobPath with a leading slash"] = new(Account, Job, () => With(ClassicRequests.ExportJob(Job), b => b["Export"]!["BlobList"]!["BlobPath"] = new JsonArray("/photos/cat.jpg")), "BlobPath"),
        ["BlobPathPrefix without a slash"] = new(Account, Job, () => With(ClassicRequests.ExportJob(Job), b => b["Export"]!["BlobList"]!["BlobPathPrefix"] = new JsonArray("photos")), "BlobPathPrefix"),
        ["BlobListBlobPath with a leading slash"] = new(Account, Job, () => With(ClassicRequests.ExportJob(Job), b => b["Export"] = new JsonObject { ["BlobListBlobPath"] = "/lists/bloblist.xml" }), "BlobListBlobPath"),
        ["ReturnAddress without Phone"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["ReturnAddress"]!.AsObject().Remove("Phone")), "Phone"),
        ["ReturnAddress without Name"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["ReturnAddress"]!.AsObject().Remove("Name")), "ReturnAddress.Name"),
        ["ReturnAddress with an empty Email"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["ReturnAddress"]!["Email"] = ""), "Email"),
        ["ReturnShipping without CarrierAccountNumber"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["ReturnShipping"] = new JsonObject { ["CarrierName"] = "FedEx" }), "CarrierAccountNumber"),
        ["Description over 1024 characters"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["Description"] = new string('d', 1025)), "Description"),
        ["Metadata over 1024 characters"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["Metadata"] = new string('m', 1025)), "Metadata"),
        ["FriendlyName over 1024 characters"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["FriendlyName"] = new string('f', 1025)), "FriendlyName"),
        ["unknown top-level member"] = new(Account, Job, () => With(Import(), b => b["Colour"] = "blue"), "Colour"),
        ["unknown member of Properties"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["Colour"] = "blue"), "Properties.Colour"),
        ["unknown member of a drive"] = new(Account, Job, () => With(Import(), b => b["DriveList"]![0]!["Colour"] = "blue"), "Colour"),
        ["unknown member of ReturnAddress"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["ReturnAddress"]!["Colour"] = "blue"), "ReturnAddress.Colour"),
        ["unknown member of Export"] = new(Account, Job, () => With(ClassicRequests.ExportJob(Job), b => b["Export"]!["Colour"] = "blue"), "Export.Colour"),
        ["unknown member of BlobList"] = new(Account, Job, () => With(ClassicRequests.ExportJob(Job), b => b["Export"]!["BlobList"]!["Colour"] = "blue"), "Colour"),
        ["string for a Boolean"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["EnableVerboseLog"] = "true"), "EnableVerboseLog"),
        ["number for a Boolean"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["BackupDriveManifest"] = 1), "BackupDriveManifest"),
        ["number for a string"] = new(Account, Job, () => With(Import(), b => b["Properties"]!["FriendlyName"] = 42), "FriendlyName"),
        ["number in BlobPath"] = new(Account, Job, () => With(ClassicRequests.ExportJob(Job), b => b["Export"]!["BlobList"]!["BlobPath"] = new JsonArray(7)), "BlobPath"),
    };

    public static TheoryData<string> Cases => [.. _cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_invalid_Put_Job_body_is_a_400_naming_the_field_and_leaves_nothing_behind(string name)
    {
        var c = _cases[name];
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(server, HttpMethod.Put, ClassicRequests.JobPath(c.Account, c.Job), c.Version, c.Body());

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", c.Mentions);
        await AssertNothingStoredAsync(server, client, c.Account, c.Job);
    }

    [Theory]
    [InlineData("{\"Name\":\"ValidJob\",", "JSON")]
    [InlineData("{\"Name\":\"ValidJob\"}}", "JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("\"ValidJob\"", "JSON object")]
    [InlineData("null", "JSON object")]
    public async Task A_Put_Job_body_that_is_not_a_JSON_object_is_a_400(string json, string mentions)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendRawAsync(server, HttpMethod.Put, ClassicRequests.JobPath(Account, Job), new RawRequest(json));

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", mentions);
        await AssertNothingStoredAsync(server, client, Account, Job);
    }

    [Fact]
    public async Task An_empty_Put_Job_body_is_a_400()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendRawAsync(server, HttpMethod.Put, ClassicRequests.JobPath(Account, Job), new RawRequest(""));

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", "body");
        await AssertNothingStoredAsync(server, client, Account, Job);
    }

    [Fact]
    public async Task A_Put_Job_body_over_one_MiB_is_a_413_in_the_odata_error_envelope()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var body = ClassicRequests.ImportJob(Job);
        body["Properties"]!["Description"] = new string('d', 1024 * 1024);

        using var response = await client.SendAsync(server, HttpMethod.Put, ClassicRequests.JobPath(Account, Job), body: body);

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "BadRequest");
        await AssertNothingStoredAsync(server, client, Account, Job);
    }

    private static JsonObject Import() => ClassicRequests.ImportJob(Job);

    private static JsonObject With(JsonObject body, Action<JsonObject> change)
    {
        change(body);
        return body;
    }

    private static JsonObject WithSas(JsonObject body, string sas) => With(body, b =>
    {
        b["Properties"]!.AsObject().Remove("StorageAccountKey");
        b["Properties"]!["ContainerSas"] = sas;
    });

    private static JsonArray LargeBlobPathList()
    {
        var list = new JsonArray();
        for (var i = 0; i < 400; i++)
        {
            list.Add($"photos/{i:D4}/{new string('p', 80)}.jpg");
        }

        return list;
    }

    private static async Task AssertNothingStoredAsync(FerryTestServer server, HttpClient client, string account, string job)
    {
        Assert.Equal(HttpStatusCode.NotFound, await client.GetJobStatusAsync(server, account, job));
        Assert.Equal("0", (await client.ListJobsAsync(server, Account))["odata.count"]!.GetValue<string>());
        using var accounts = await client.SendAsync(server, HttpMethod.Get, "storageaccounts");
        Assert.Equal(HttpStatusCode.OK, accounts.StatusCode);
        Assert.Equal("0", JsonNode.Parse(await accounts.Content.ReadAsStringAsync())!["odata.count"]!.GetValue<string>());
    }
}
