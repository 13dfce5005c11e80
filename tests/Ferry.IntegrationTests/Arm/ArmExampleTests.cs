using System.Net;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;
using static Ferry.IntegrationTests.Arm.ArmExamples;

namespace Ferry.IntegrationTests.Arm;

/// <summary>
/// The 13 swagger examples of docs/arm-api.md §10 as golden request/response cases at every api-version. Responses are
/// compared as JSON (member order aside) after removing <c>systemData</c>, whose shape is checked on its own; in
/// cases 1–4 <c>shippingInformation.phone</c> is ignored (the examples disagree on it). Jobs in later states are
/// seeded through the real lifecycle: ARM PATCH to Shipping and the operator surface.
/// </summary>
public sealed class ArmExampleTests
{
    public static TheoryData<string> Versions => ArmRequests.Versions;

    private static string Job(string name, string group = Group) => ArmRequests.JobPath(Subscription, group, name);

    private static async Task<(FerryTestServer Server, HttpClient Client)> StartAsync()
    {
        var server = await FerryTestServer.StartAsync();
        return (server, await server.CreateArmClientForAsync(Subscription));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Case01_CreateJob_answers_201_then_200_with_the_job_and_no_BitLocker_key(string version)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;

        var created = await client.ArmOkAsync(HttpMethod.Put, Job("myJob"), HttpStatusCode.Created, version, CreateImportBody());
        var replaced = await client.ArmOkAsync(HttpMethod.Put, Job("myJob"), HttpStatusCode.OK, version, CreateImportBody());

        AssertGolden(Expected(CreateImportBody(), Group, "myJob"), created!, ignoreShippingPhone: true);
        AssertGolden(Expected(CreateImportBody(), Group, "myJob"), replaced!, ignoreShippingPhone: true);
        Assert.DoesNotContain(BitLockerKey, created!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Case02_CreateExportJob_answers_201_then_200_with_the_export_selection(string version)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;

        var created = await client.ArmOkAsync(HttpMethod.Put, Job("myExportJob"), HttpStatusCode.Created, version, CreateExportBody());
        var replaced = await client.ArmOkAsync(HttpMethod.Put, Job("myExportJob"), HttpStatusCode.OK, version, CreateExportBody());

        AssertGolden(Expected(CreateExportBody(), Group, "myExportJob"), created!, ignoreShippingPhone: true);
        AssertGolden(Expected(CreateExportBody(), Group, "myExportJob"), replaced!, ignoreShippingPhone: true);
        Assert.Null(created!["properties"]!["driveList"]);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Case03_GetJob_returns_the_drive_with_an_empty_header_hash_when_none_was_given(string version)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        var seed = CreateImportBody(Drive(@"\DriveManifest.xml", "109B21108597EF36D5785F08303F3638", headerHash: null));
        await client.ArmOkAsync(HttpMethod.Put, Job("myJob"), HttpStatusCode.Created, version, seed);

        var job = await client.ArmOkAsync(HttpMethod.Get, Job("myJob"), apiVersion: version);

        AssertGolden(Expected(seed, Group, "myJob"), job!, ignoreShippingPhone: true);
        Assert.Equal("", job!["properties"]!["driveList"]![0]!["driveHeaderHash"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Case04_GetExportJob_returns_the_export_job_without_a_drive_list(string version)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await client.ArmOkAsync(HttpMethod.Put, Job("myJob"), HttpStatusCode.Created, version, CreateExportBody());

        var job = await client.ArmOkAsync(HttpMethod.Get, Job("myJob"), apiVersion: version);

        AssertGolden(Expected(CreateExportBody(), Group, "myJob"), job!, ignoreShippingPhone: true);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Case05_UpdateJob_with_an_empty_state_changes_nothing_else(string version)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await client.ArmOkAsync(HttpMethod.Put, Job("myJob"), HttpStatusCode.Created, version, CreateImportBody());

        var updated = await client.ArmOkAsync(HttpMethod.Patch, Job("myJob"), apiVersion: version, body: UpdateBody());

        AssertGolden(Expected(CreateImportBody(), Group, "myJob"), updated!);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Case06_UpdateExportJob_with_an_empty_state_changes_nothing_else(string version)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await client.ArmOkAsync(HttpMethod.Put, Job("myExportJob"), HttpStatusCode.Created, version, CreateExportBody());

        var updated = await client.ArmOkAsync(HttpMethod.Patch, Job("myExportJob"), apiVersion: version, body: UpdateBody());

        AssertGolden(Expected(CreateExportBody(), Group, "myExportJob"), updated!);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Case07_DeleteJob_answers_200_with_an_empty_body_and_the_job_is_gone(string version)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await client.ArmOkAsync(HttpMethod.Put, Job("myJob"), HttpStatusCode.Created, version, CreateImportBody());

        using var response = await client.ArmAsync(HttpMethod.Delete, Job("myJob"), version);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength);
        Assert.Null(response.Content.Headers.ContentType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        await client.ArmErrorAsync(HttpMethod.Get, Job("myJob"), HttpStatusCode.NotFound, "ResourceNotFound", apiVersion: version);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Case08_ListJobsInResourceGroup_returns_the_received_job_without_drives_or_nextLink(string version)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        var seed = SeedBody("West US", StorageAccountId(Group, "Microsoft.ClassicStorage", "xtprodtestwu"), ReturnAddress("La", "test@contoso.com"), ReturnShipping(),
            Package("787895108176", "9/29/2017 10:28:35 PM"), Drive(driveId: "WD-SEED-8"));
        await SeedAsync(server, client, version, Group, "test-by1-ssd-2", seed, "WD-SEED-8");

        var list = await client.ArmOkAsync(HttpMethod.Get, $"subscriptions/{Subscription}/resourceGroups/{Group}/providers/Microsoft.ImportExport/jobs", apiVersion: version);

        var expected = Expected(seed, Group, "test-by1-ssd-2", state: "Received", withDrives: false);
        AssertGolden(new JsonObject { ["value"] = new JsonArray(expected) }, list!);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Case09_ListJobsInSubscription_returns_both_jobs_with_their_progress(string version)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        var account = StorageAccountId("testrg", "Microsoft.Storage", "xtprodtestarmos2");
        var first = SeedBody("East US 2", account, ReturnAddress("La", "test@contoso.com", "city", "425000000"), ReturnShipping(),
            Package("992016102507", "8/11/2017 9:05:00 PM"), Drive(@"\DriveManifest.xml", "E5D632DB047C74B3B17C8F3359950ADB", null, "7PHR882C"));
        var second = SeedBody("East US 2", account, ReturnAddress("La", "test@contoso.com", "city", "4256150991"), null,
            Package("992016102508", "8/13/2017 7:32:23 PM"), Drive(@"\DriveManifest.xml", "F6A488A65AF0CCA7D050B7F9F43A197C", null, "KV6H86XP"));
        await SeedAsync(server, client, version, "testrg", "test-bn1-import-cpu100-01", first, "7PHR882C");
        await SeedAsync(server, client, version, "testrg", "test-bn1-import-cpu100-02", second, "KV6H86XP");
        using var operatorClient = server.CreateOperatorClient();
        var operatorJob = $"operator/subscriptions/{Subscription}/resourceGroups/testrg/jobs/test-bn1-import-cpu100-02";
        (await operatorClient.PostAsync($"{operatorJob}/drives/KV6H86XP/start", null)).EnsureSuccessStatusCode();
        (await operatorClient.PostAsync($"{operatorJob}/drives/KV6H86XP/progress",
            System.Net.Http.Json.JsonContent.Create(new JsonObject { ["percentComplete"] = 6, ["bytesSucceeded"] = 1024 }))).EnsureSuccessStatusCode();

        var list = await client.ArmOkAsync(HttpMethod.Get, $"subscriptions/{Subscription}/providers/Microsoft.ImportExport/jobs", apiVersion: version);

        var transferring = Expected(second, "testrg", "test-bn1-import-cpu100-02", state: "Transferring", shipping: EastUs2(), withDrives: false);
        transferring["properties"]!["percentComplete"] = 6;
        AssertGolden(new JsonObject
        {
            ["value"] = new JsonArray(
                Expected(first, "testrg", "test-bn1-import-cpu100-01", state: "Received", shipping: EastUs2(), withDrives: false),
                transferring),
        }, list!);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Case10_GetLocation_by_display_name_returns_the_West_US_record(string version)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;

        var location = await client.ArmOkAsync(HttpMethod.Get, "providers/Microsoft.ImportExport/locations/West%20US", apiVersion: version);

        AssertGolden(LocationRecord("westus", "West US", WestUs(), "FedEx"), location!);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Case11_ListLocations_contains_the_Australian_records(string version)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;

        var list = await client.ArmOkAsync(HttpMethod.Get, "providers/Microsoft.ImportExport/locations", apiVersion: version);

        var values = list!["value"]!.AsArray();
        Assert.Null(list["nextLink"]);
        var east = values.Single(v => v!["id"]!.GetValue<string>() == "/providers/Microsoft.ImportExport/locations/australiaeast")!;
        var southEast = values.Single(v => v!["id"]!.GetValue<string>() == "/providers/Microsoft.ImportExport/locations/australiasoutheast")!;
        AssertGolden(LocationRecord("australiaeast", "Australia East", new JsonObject
        {
            ["recipientName"] = "Windows Azure Import/Export Service",
            ["streetAddress1"] = "Customer-A c/o NEXTDC Ltd, Delivery code ABCDEFG, 4 Eden Park Drive",
            ["streetAddress2"] = "",
            ["city"] = "Macquarie Park",
            ["stateOrProvince"] = "NSW",
            ["postalCode"] = "2113",
            ["countryOrRegion"] = "Australia",
            ["phone"] = "612 0000 0000",
        }, "DHL"), east);
        AssertGolden(LocationRecord("australiasoutheast", "Australia Southeast", new JsonObject
        {
            ["recipientName"] = "Microsoft Azure Import/Export Service",
            ["streetAddress1"] = "Microsoft, c/o NEXTDC Ltd, Delivery code ABCDEFG, 826-830 Lorimer St, Port",
            ["streetAddress2"] = "",
            ["city"] = "Melbourne",
            ["stateOrProvince"] = "Melbourne",
            ["postalCode"] = "3207",
            ["countryOrRegion"] = "Australia",
            ["phone"] = "61 0 0000 0000",
        }, "DHL"), southEast);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Case12_ListOperations_returns_exactly_the_six_operations(string version)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;

        var list = await client.ArmOkAsync(HttpMethod.Get, "providers/Microsoft.ImportExport/operations", apiVersion: version);

        var names = list!["value"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(
        [
            "Microsoft.ImportExport/locations/read", "Microsoft.ImportExport/jobs/write", "Microsoft.ImportExport/jobs/read",
            "Microsoft.ImportExport/jobs/listBitLockerKeys/action", "Microsoft.ImportExport/jobs/delete", "Microsoft.ImportExport/register/action",
        ], names);
        var write = list["value"]![1]!["display"]!;
        Assert.True(JsonNode.DeepEquals(new JsonObject
        {
            ["provider"] = "Microsoft Import/Export",
            ["resource"] = "Jobs",
            ["operation"] = "Create or Update Job",
            ["description"] = "Creates a job with the specified parameters or update the properties or tags for the specified job.",
        }, write), write.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Case13_ListBitLockerKeys_returns_the_key_given_at_creation(string version)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        const string Key = "000000-000000-111111-222222-333333-444444-555555-666666";
        await client.ArmOkAsync(HttpMethod.Put, Job("myJob"), HttpStatusCode.Created, version, CreateImportBody(Drive(bitLockerKey: Key)));

        var keys = await client.ArmOkAsync(HttpMethod.Post, Job("myJob") + "/listBitLockerKeys", apiVersion: version);

        AssertGolden(JsonNode.Parse("""{"value":[{"driveId":"9CA995BB","bitLockerKey":"000000-000000-111111-222222-333333-444444-555555-666666"}]}""")!, keys!);
    }

    private static JsonObject UpdateBody() =>
        new() { ["properties"] = new JsonObject { ["state"] = "", ["logLevel"] = "Verbose", ["backupDriveManifest"] = true } };

    private static JsonObject Package(string tracking, string shipDate) =>
        new() { ["carrierName"] = "FedEx", ["trackingNumber"] = tracking, ["driveCount"] = 1, ["shipDate"] = shipDate };

    private static JsonObject SeedBody(string location, string account, JsonObject address, JsonObject? returnShipping, JsonObject package, JsonObject drive)
    {
        var properties = new JsonObject
        {
            ["storageAccountId"] = account,
            ["jobType"] = "Import",
            ["returnAddress"] = address,
        };
        if (returnShipping is not null)
        {
            properties["returnShipping"] = returnShipping;
        }

        properties["deliveryPackage"] = package;
        properties["diagnosticsPath"] = "waimportexport";
        properties["logLevel"] = "Verbose";
        properties["backupDriveManifest"] = true;
        properties["driveList"] = new JsonArray(drive);
        return new JsonObject { ["location"] = location, ["properties"] = properties };
    }

    /// <summary>Creates the job through ARM, ships it (ARM PATCH), and has the operator receive its drive.</summary>
    private static async Task SeedAsync(FerryTestServer server, HttpClient client, string version, string group, string name, JsonObject body, string driveId)
    {
        await client.ArmOkAsync(HttpMethod.Put, ArmRequests.JobPath(Subscription, group, name), HttpStatusCode.Created, version, body);
        await client.ArmOkAsync(HttpMethod.Patch, ArmRequests.JobPath(Subscription, group, name), apiVersion: version,
            body: new JsonObject { ["properties"] = new JsonObject { ["state"] = "Shipping" } });
        using var operatorClient = server.CreateOperatorClient();
        using var received = await operatorClient.PostAsync($"operator/subscriptions/{Subscription}/resourceGroups/{group}/jobs/{name}/receive",
            System.Net.Http.Json.JsonContent.Create(OperatorRequests.Package(driveId)));
        Assert.True(received.IsSuccessStatusCode, await received.Content.ReadAsStringAsync());
    }

    private static JsonObject LocationRecord(string id, string name, JsonObject address, string carrier)
    {
        var properties = address.DeepClone().AsObject();
        properties.Remove("additionalInformation");
        properties["additionalShippingInformation"] = "";
        properties["supportedCarriers"] = new JsonArray(carrier);
        properties["alternateLocations"] = new JsonArray($"/providers/Microsoft.ImportExport/locations/{id}");
        return new JsonObject
        {
            ["id"] = $"/providers/Microsoft.ImportExport/locations/{id}",
            ["name"] = name,
            ["type"] = "Microsoft.ImportExport/locations",
            ["properties"] = properties,
        };
    }

    /// <summary>Compares <paramref name="actual"/> with <paramref name="expected"/> after checking and removing every <c>systemData</c>.</summary>
    private static void AssertGolden(JsonNode expected, JsonNode actual, bool ignoreShippingPhone = false)
    {
        var copy = actual.DeepClone();
        foreach (var resource in Resources(copy))
        {
            if (resource["type"]?.GetValue<string>() == "Microsoft.ImportExport/jobs")
            {
                var systemData = resource["systemData"]!.AsObject();
                Assert.Equal(["createdBy", "createdByType", "createdAt", "lastModifiedBy", "lastModifiedByType", "lastModifiedAt"], systemData.Select(p => p.Key));
                Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$", systemData["createdAt"]!.GetValue<string>());
                resource.Remove("systemData");
                if (ignoreShippingPhone)
                {
                    resource["properties"]!["shippingInformation"]!.AsObject().Remove("phone");
                }
            }
        }

        if (ignoreShippingPhone)
        {
            expected = expected.DeepClone();
            foreach (var resource in Resources(expected))
            {
                resource["properties"]!["shippingInformation"]!.AsObject().Remove("phone");
            }
        }

        Assert.True(JsonNode.DeepEquals(expected, copy), $"Expected:\n{expected.ToJsonString()}\nActual:\n{copy.ToJsonString()}");
    }

    private static IEnumerable<JsonObject> Resources(JsonNode node) =>
        node["value"] is JsonArray values ? values.Select(v => v!.AsObject()) : [node.AsObject()];
}
