using System.Net;
using System.Text.Json.Nodes;
using Ferry.Core.Jobs;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Classic;

/// <summary>Update Job Properties (docs/classic-api.md §3.6, docs/lifecycle.md §3).</summary>
public sealed class UpdateJobTests
{
    private const string Account = "xttest";
    private const string Job = "MySampleJob";

    [Fact]
    public async Task An_update_answers_200_with_an_empty_body_and_a_new_ETag()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var before = await client.GetETagAsync(server, Account, Job);

        using var response = await PatchAsync(client, server, Properties(new JsonObject { ["FriendlyName"] = "renamed" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var after = response.Headers.GetValues("ETag").Single();
        Assert.NotEqual(before, after);
        Assert.Equal(after, await client.GetETagAsync(server, Account, Job));
        Assert.Single(response.Content.Headers.GetValues("Last-Modified"));
        Assert.Equal(server.ClassicBase + "/jobs/" + Job, response.Headers.GetValues("DataServiceId").Single());
    }

    [Fact]
    public async Task Omitted_members_keep_their_values()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var body = ClassicRequests.ImportJob(Job);
        body["Properties"]!["FriendlyName"] = "first";
        body["Properties"]!["Description"] = "kept";
        body["Properties"]!["EnableVerboseLog"] = true;
        await client.PutJobAsync(server, Account, body);

        using var response = await PatchAsync(client, server, Properties(new JsonObject { ["FriendlyName"] = "second", ["Metadata"] = "added" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var properties = (await client.GetJobJsonAsync(server, Account, Job))["Properties"]!;
        Assert.Equal("second", properties["FriendlyName"]!.GetValue<string>());
        Assert.Equal("kept", properties["Description"]!.GetValue<string>());
        Assert.Equal("added", properties["Metadata"]!.GetValue<string>());
        Assert.True(properties["EnableVerboseLog"]!.GetValue<bool>());
        Assert.True(JsonNode.DeepEquals(ClassicRequests.ReturnAddress(), properties["ReturnAddress"]));
        Assert.Equal("Creating", properties["State"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_ReturnAddress_replaces_the_stored_one_as_a_whole()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var address = new JsonObject { ["Name"] = "Jane Roe", ["Address"] = "1 Main St", ["Phone"] = "555", ["Email"] = "jane@example.com" };

        using var response = await PatchAsync(client, server, Properties(new JsonObject { ["ReturnAddress"] = address.DeepClone() }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(address, (await client.GetJobJsonAsync(server, Account, Job))["Properties"]!["ReturnAddress"]));
    }

    [Fact]
    public async Task An_empty_Properties_object_is_a_successful_no_op()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));

        using var response = await PatchAsync(client, server, new JsonObject { ["Properties"] = new JsonObject() });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Creating", (await client.GetJobJsonAsync(server, Account, Job))["Properties"]!["State"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_missing_body_is_a_400()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));

        using var response = await client.SendRawAsync(server, HttpMethod.Patch, ClassicRequests.JobPath(Account, Job), new RawRequest(""));

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", "body");
    }

    [Fact]
    public async Task State_Shipping_with_a_DeliveryPackage_and_the_ReturnAddress_from_Put_moves_the_job_to_Shipping()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));

        using var response = await PatchAsync(client, server, ClassicRequests.ShippingUpdate());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var properties = (await client.GetJobJsonAsync(server, Account, Job))["Properties"]!;
        Assert.Equal("Shipping", properties["State"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(ClassicRequests.ShippingUpdate()["Properties"]!["DeliveryPackage"], properties["DeliveryPackage"]));
    }

    [Fact]
    public async Task State_Shipping_may_rely_on_a_DeliveryPackage_and_ReturnAddress_set_by_earlier_updates()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var body = ClassicRequests.ImportJob(Job);
        body["Properties"]!.AsObject().Remove("ReturnAddress");
        await client.PutJobAsync(server, Account, body);
        using var first = await PatchAsync(client, server, Properties(new JsonObject { ["ReturnAddress"] = ClassicRequests.ReturnAddress() }));
        using var second = await PatchAsync(client, server, Properties(new JsonObject { ["DeliveryPackage"] = Package() }));

        using var response = await PatchAsync(client, server, Properties(new JsonObject { ["State"] = "Shipping" }));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Shipping", (await client.GetJobJsonAsync(server, Account, Job))["Properties"]!["State"]!.GetValue<string>());
    }

    [Fact]
    public async Task State_Shipping_without_a_ReturnAddress_is_a_400_and_changes_nothing()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var body = ClassicRequests.ImportJob(Job);
        body["Properties"]!.AsObject().Remove("ReturnAddress");
        await client.PutJobAsync(server, Account, body);
        var etag = await client.GetETagAsync(server, Account, Job);

        using var response = await PatchAsync(client, server, ClassicRequests.ShippingUpdate());

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", "return address");
        await AssertUnchangedAsync(client, server, etag, "Creating");
        Assert.Null((await client.GetJobJsonAsync(server, Account, Job))["Properties"]!["DeliveryPackage"]);
    }

    [Fact]
    public async Task State_Shipping_without_a_DeliveryPackage_is_a_400_and_changes_nothing()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var etag = await client.GetETagAsync(server, Account, Job);

        using var response = await PatchAsync(client, server, Properties(new JsonObject { ["State"] = "Shipping", ["FriendlyName"] = "changed" }));

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", "delivery package");
        await AssertUnchangedAsync(client, server, etag, "Creating");
        Assert.Null((await client.GetJobJsonAsync(server, Account, Job))["Properties"]!["FriendlyName"]);
    }

    [Theory]
    [InlineData("Received")]
    [InlineData("Creating")]
    [InlineData("shipping")]
    [InlineData("Canceled")]
    public async Task A_State_other_than_Shipping_is_a_400(string state)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var etag = await client.GetETagAsync(server, Account, Job);
        var body = ClassicRequests.ShippingUpdate();
        body["Properties"]!["State"] = state;

        using var response = await PatchAsync(client, server, body);

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", "State");
        await AssertUnchangedAsync(client, server, etag, "Creating");
    }

    [Fact]
    public async Task CancelRequested_false_is_a_400()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var etag = await client.GetETagAsync(server, Account, Job);

        using var response = await PatchAsync(client, server, Properties(new JsonObject { ["CancelRequested"] = false }));

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", "CancelRequested");
        await AssertUnchangedAsync(client, server, etag, "Creating");
    }

    [Theory]
    [InlineData("{\"Properties\":{\"ImportExportStatesPath\":\"other\"}}", "ImportExportStatesPath", ClassicRequests.V2)]
    [InlineData("{\"Properties\":{\"ImportExportStatesContainer\":\"other\"}}", "ImportExportStatesContainer", ClassicRequests.V1)]
    [InlineData("{\"Properties\":{\"Location\":\"East US\"}}", "Location", ClassicRequests.V2)]
    [InlineData("{\"Properties\":{\"Type\":\"Export\"}}", "Type", ClassicRequests.V2)]
    [InlineData("{\"Properties\":{\"StorageAccountName\":\"xttest\"}}", "StorageAccountName", ClassicRequests.V2)]
    [InlineData("{\"Properties\":{\"StorageAccountKey\":\"ZmVycnk=\"}}", "StorageAccountKey", ClassicRequests.V2)]
    [InlineData("{\"Properties\":{\"ContainerSas\":\"c?sv=2014-02-14&sig=x\"}}", "ContainerSas", ClassicRequests.V2)]
    [InlineData("{\"Properties\":{},\"DriveList\":[]}", "DriveList", ClassicRequests.V2)]
    [InlineData("{\"Properties\":{},\"Export\":{\"BlobListBlobPath\":\"c/list.xml\"}}", "Export", ClassicRequests.V2)]
    public async Task A_creation_only_member_is_a_400_naming_it(string json, string member, string version)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var etag = await client.GetETagAsync(server, Account, Job);

        using var response = await client.SendRawAsync(server, HttpMethod.Patch, ClassicRequests.JobPath(Account, Job), new RawRequest(json, Version: version));

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", member);
        await AssertUnchangedAsync(client, server, etag, "Creating");
    }

    [Theory]
    [InlineData("{\"Properties\":{\"DeliveryPackage\":{\"CarrierName\":\"FedEx\",\"TrackingNumber\":\"1\",\"DriveCount\":1.5}}}", "DriveCount")]
    [InlineData("{\"Properties\":{\"DeliveryPackage\":{\"CarrierName\":\"FedEx\",\"TrackingNumber\":\"1\",\"DriveCount\":\"2\"}}}", "DriveCount")]
    [InlineData("{\"Properties\":{\"DeliveryPackage\":{\"CarrierName\":\"FedEx\",\"TrackingNumber\":\"1\",\"DriveCount\":-1}}}", "DriveCount")]
    [InlineData("{\"Properties\":{\"DeliveryPackage\":{\"CarrierName\":\"FedEx\"}}}", "TrackingNumber")]
    [InlineData("{\"Properties\":{\"CancelRequested\":\"true\"}}", "CancelRequested")]
    [InlineData("{\"Properties\":{\"EnableVerboseLog\":\"yes\"}}", "EnableVerboseLog")]
    [InlineData("{\"Properties\":{\"ReturnShipping\":{\"CarrierName\":\"FedEx\"}}}", "CarrierAccountNumber")]
    [InlineData("{\"Properties\":{\"Colour\":\"blue\"}}", "Properties.Colour")]
    [InlineData("{\"Properties\":{\"DeliveryPackage\":{\"CarrierName\":\"FedEx\",\"TrackingNumber\":\"1\",\"Colour\":\"blue\"}}}", "Colour")]
    [InlineData("{\"Colour\":\"blue\"}", "Colour")]
    [InlineData("{\"Properties\":{\"ShipDate\":\"4/30/2014\"}}", "Properties.ShipDate")]
    [InlineData("{\"Properties\":", "JSON")]
    public async Task An_invalid_update_body_is_a_400_naming_the_field_and_changes_nothing(string json, string mentions)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var etag = await client.GetETagAsync(server, Account, Job);

        using var response = await client.SendRawAsync(server, HttpMethod.Patch, ClassicRequests.JobPath(Account, Job), new RawRequest(json));

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", mentions);
        await AssertUnchangedAsync(client, server, etag, "Creating");
    }

    [Fact]
    public async Task A_Description_over_1024_characters_is_a_400()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var etag = await client.GetETagAsync(server, Account, Job);

        using var response = await PatchAsync(client, server, Properties(new JsonObject { ["Description"] = new string('d', 1025) }));

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", "Description");
        await AssertUnchangedAsync(client, server, etag, "Creating");
    }

    [Fact]
    public async Task Updating_a_missing_job_is_a_404()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await PatchAsync(client, server, Properties(new JsonObject { ["FriendlyName"] = "x" }));

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFound");
        Assert.Equal(HttpStatusCode.NotFound, await client.GetJobStatusAsync(server, Account, Job));
    }

    [Theory]
    [InlineData(JobState.Shipping)]
    [InlineData(JobState.Received)]
    [InlineData(JobState.Transferring)]
    [InlineData(JobState.Completed)]
    public async Task State_Shipping_from_a_state_other_than_Creating_is_a_409(JobState state)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        await server.MoveJobAsync(Job, state);
        var etag = await client.GetETagAsync(server, Account, Job);

        using var response = await PatchAsync(client, server, ClassicRequests.ShippingUpdate());

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.Conflict, "ConflictError", state.ToString());
        await AssertUnchangedAsync(client, server, etag, state.ToString());
    }

    [Fact]
    public async Task State_Shipping_after_a_cancel_is_a_409_and_a_cancelled_Creating_job_stays_Creating()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        using var cancel = await PatchAsync(client, server, Properties(new JsonObject { ["CancelRequested"] = true }));
        var afterCancel = await client.GetJobJsonAsync(server, Account, Job);
        var etag = await client.GetETagAsync(server, Account, Job);

        using var response = await PatchAsync(client, server, ClassicRequests.ShippingUpdate());

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.True(afterCancel["Properties"]!["CancelRequested"]!.GetValue<bool>());
        Assert.Equal("Creating", afterCancel["Properties"]!["State"]!.GetValue<string>());
        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.Conflict, "ConflictError", "cancel");
        await AssertUnchangedAsync(client, server, etag, "Creating");
    }

    [Fact]
    public async Task State_Shipping_together_with_a_cancel_is_a_409()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var etag = await client.GetETagAsync(server, Account, Job);
        var body = ClassicRequests.ShippingUpdate();
        body["Properties"]!["CancelRequested"] = true;

        using var response = await PatchAsync(client, server, body);

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.Conflict, "ConflictError");
        await AssertUnchangedAsync(client, server, etag, "Creating");
    }

    [Fact]
    public async Task Cancel_in_Received_moves_the_job_to_Packaging()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        await server.MoveJobAsync(Job, JobState.Received);

        using var response = await PatchAsync(client, server, Properties(new JsonObject { ["CancelRequested"] = true }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var properties = (await client.GetJobJsonAsync(server, Account, Job))["Properties"]!;
        Assert.Equal("Packaging", properties["State"]!.GetValue<string>());
        Assert.True(properties["CancelRequested"]!.GetValue<bool>());
    }

    /// <summary>The update bodies of each member group of docs/lifecycle.md §3.</summary>
    private static readonly Dictionary<string, Func<JsonObject>> _groups = new()
    {
        ["FriendlyName"] = () => Properties(new JsonObject { ["FriendlyName"] = "renamed" }),
        ["Description"] = () => Properties(new JsonObject { ["Description"] = "described" }),
        ["Metadata"] = () => Properties(new JsonObject { ["Metadata"] = "meta" }),
        ["CancelRequested"] = () => Properties(new JsonObject { ["CancelRequested"] = true }),
        ["ReturnAddress"] = () => Properties(new JsonObject { ["ReturnAddress"] = ClassicRequests.ReturnAddress() }),
        ["ReturnShipping"] = () => Properties(new JsonObject { ["ReturnShipping"] = new JsonObject { ["CarrierName"] = "FedEx", ["CarrierAccountNumber"] = "123" } }),
        ["EnableVerboseLog"] = () => Properties(new JsonObject { ["EnableVerboseLog"] = true }),
        ["BackupDriveManifest"] = () => Properties(new JsonObject { ["BackupDriveManifest"] = true }),
        ["DeliveryPackage"] = () => Properties(new JsonObject { ["DeliveryPackage"] = Package() }),
    };

    [Theory]
    [InlineData("FriendlyName", "Creating,Shipping,Received,Transferring,Packaging,Completed,Closed")]
    [InlineData("Description", "Creating,Shipping,Received,Transferring,Packaging,Completed,Closed")]
    [InlineData("Metadata", "Creating,Shipping,Received,Transferring,Packaging,Completed,Closed")]
    [InlineData("CancelRequested", "Creating,Shipping,Received,Transferring")]
    [InlineData("ReturnAddress", "Creating,Shipping,Received,Transferring")]
    [InlineData("ReturnShipping", "Creating,Shipping,Received,Transferring")]
    [InlineData("EnableVerboseLog", "Creating,Shipping,Received,Transferring")]
    [InlineData("BackupDriveManifest", "Creating,Shipping,Received,Transferring")]
    [InlineData("DeliveryPackage", "Creating,Shipping")]
    public async Task A_member_may_change_only_in_its_state_window(string member, string allowedStates)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var allowed = allowedStates.Split(',').Select(Enum.Parse<JobState>).ToHashSet();
        var states = new[] { JobState.Creating, JobState.Shipping, JobState.Received, JobState.Transferring, JobState.Packaging, JobState.Completed, JobState.Closed };
        foreach (var state in states)
        {
            var name = $"Job{state}";
            await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(name));
            if (state != JobState.Creating)
            {
                await server.MoveJobAsync(name, state);
            }

            var etag = await client.GetETagAsync(server, Account, name);
            using var response = await client.SendAsync(server, HttpMethod.Patch, ClassicRequests.JobPath(Account, name), body: _groups[member]());

            if (allowed.Contains(state))
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{member} in {state}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                Assert.NotEqual(etag, await client.GetETagAsync(server, Account, name));
            }
            else
            {
                await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.Conflict, "ConflictError", state.ToString());
                Assert.Equal(etag, await client.GetETagAsync(server, Account, name));
                Assert.Equal(state.ToString(), (await client.GetJobJsonAsync(server, Account, name))["Properties"]!["State"]!.GetValue<string>());
            }
        }
    }

    private static JsonObject Properties(JsonObject properties) => new() { ["Properties"] = properties };

    private static JsonObject Package() => new() { ["CarrierName"] = "FedEx", ["TrackingNumber"] = "999999999999", ["DriveCount"] = 1, ["ShipDate"] = "4/30/2014 12:25:40 AM" };

    private static Task<HttpResponseMessage> PatchAsync(HttpClient client, FerryTestServer server, JsonObject body) =>
        client.SendAsync(server, HttpMethod.Patch, ClassicRequests.JobPath(Account, Job), body: body);

    private static async Task AssertUnchangedAsync(HttpClient client, FerryTestServer server, string etag, string state)
    {
        Assert.Equal(etag, await client.GetETagAsync(server, Account, Job));
        Assert.Equal(state, (await client.GetJobJsonAsync(server, Account, Job))["Properties"]!["State"]!.GetValue<string>());
    }
}
