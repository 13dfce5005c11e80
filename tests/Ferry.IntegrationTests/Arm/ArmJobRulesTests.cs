using System.Net;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;
using static Ferry.IntegrationTests.Arm.ArmExamples;

namespace Ferry.IntegrationTests.Arm;

/// <summary>The job rules of docs/arm-api.md §3.5–§3.8 on the real server: validation, state windows, limits, names.</summary>
public sealed class ArmJobRulesTests
{
    private static string Job(string name, string group = Group) => ArmRequests.JobPath(Subscription, group, name);

    private static async Task<(FerryTestServer Server, HttpClient Client)> StartAsync(FerryTestServerOptions? options = null)
    {
        var server = await FerryTestServer.StartAsync(options);
        return (server, await server.CreateArmClientForAsync(Subscription));
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { """{"properties":{}}""", "location" },
        { """{"location":"Atlantis","properties":{}}""", "location" },
        { """{"location":"West US"}""", "properties" },
        { """{"location":"westus","properties":{"jobType":"Import"}}""", "properties.storageAccountId" },
        { """{"location":"westus","properties":{"storageAccountId":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/disks/d","jobType":"Import"}}""", "properties.storageAccountId" },
        { """{"location":"westus","properties":{"storageAccountId":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct","jobType":"Bogus"}}""", "properties.jobType" },
        { """{"location":"westus","properties":{"storageAccountId":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct","jobType":"Import"}}""", "properties.driveList" },
        { """{"location":"westus","properties":{"storageAccountId":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct","jobType":"Import","driveList":[{"driveId":"A","manifestFile":"\\m.xml","manifestHash":"AB"}]}}""", "properties.driveList[0].bitLockerKey" },
        { """{"location":"westus","properties":{"storageAccountId":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct","jobType":"Import","driveList":[{"driveId":"A","bitLockerKey":"k","manifestFile":"\\m.xml","manifestHash":"XYZ"}]}}""", "properties.driveList[0].manifestHash" },
        { """{"location":"westus","properties":{"storageAccountId":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct","jobType":"Import","driveList":[{"driveId":"A","bitLockerKey":"k","manifestFile":"\\m.xml","manifestHash":"AB"},{"driveId":"a","bitLockerKey":"k","manifestFile":"\\m.xml","manifestHash":"AB"}]}}""", "properties.driveList[1].driveId" },
        { """{"location":"westus","properties":{"storageAccountId":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct","jobType":"Export"}}""", "properties.export" },
        { """{"location":"westus","properties":{"storageAccountId":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct","jobType":"Export","export":{"blobList":{"blobPathPrefix":["nocontainerslash"]}}}}""", "properties.export.blobList.blobPathPrefix[0]" },
        { """{"location":"westus","properties":{"storageAccountId":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct","jobType":"Export","export":{"blobList":{}}}}""", "properties.export.blobList" },
        { """{"location":"westus","properties":{"storageAccountId":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct","jobType":"Export","export":{"blobListBlobPath":"c/list.xml"},"logLevel":"Loud"}}""", "properties.logLevel" },
        { """{"location":"westus","properties":{"storageAccountId":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct","jobType":"Export","export":{"blobListBlobPath":"c/list.xml"},"diagnosticsPath":"Bad_Container"}}""", "properties.diagnosticsPath" },
        { """{"location":"westus","properties":{"storageAccountId":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct","jobType":"Export","export":{"blobListBlobPath":"c/list.xml"},"returnAddress":{"recipientName":"A"}}}""", "properties.returnAddress.streetAddress1" },
        { """{"location":"westus","properties":{"storageAccountId":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct","jobType":"Export","export":{"blobListBlobPath":"c/list.xml"},"encryptionKey":{"kekType":"CustomerManaged"}}}""", "properties.encryptionKey" },
        { """{"location":"westus","tags":{"a":1},"properties":{"storageAccountId":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct","jobType":"Export","export":{"blobListBlobPath":"c/list.xml"}}}""", "tags.a" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task PUT_with_an_invalid_field_is_400_BadRequest_naming_it_and_creates_nothing(string body, string target)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;

        await client.ArmErrorAsync(HttpMethod.Put, Job("job1"), HttpStatusCode.BadRequest, "BadRequest", target, body: JsonNode.Parse(body));

        await client.ArmErrorAsync(HttpMethod.Get, Job("job1"), HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Theory]
    [InlineData("1job")]
    [InlineData("j")]
    [InlineData("job.with.dots")]
    public async Task PUT_with_an_invalid_job_name_is_400_naming_jobName(string name)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;

        await client.ArmErrorAsync(HttpMethod.Put, Job(name), HttpStatusCode.BadRequest, "BadRequest", "jobName", body: CreateImportBody());
    }

    [Fact]
    public async Task Names_are_matched_case_insensitively_and_returned_as_spelled_at_creation()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await client.ArmOkAsync(HttpMethod.Put, Job("MyJob", "MyGroup"), HttpStatusCode.Created, body: CreateImportBody());

        var replaced = await client.ArmOkAsync(HttpMethod.Put, Job("MYJOB", "mygroup"), HttpStatusCode.OK, body: CreateImportBody());
        var fetched = await client.ArmOkAsync(HttpMethod.Get, Job("myjob", "MYGROUP"));

        foreach (var job in new[] { replaced!, fetched! })
        {
            Assert.Equal("MyJob", job["name"]!.GetValue<string>());
            Assert.Equal($"/subscriptions/{Subscription}/resourceGroups/MyGroup/providers/Microsoft.ImportExport/jobs/MyJob", job["id"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Shipping_needs_a_delivery_package_then_PUT_and_DELETE_conflict_and_the_job_keeps_its_state()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await client.ArmOkAsync(HttpMethod.Put, Job("job1"), HttpStatusCode.Created, body: CreateImportBody());
        var ship = new JsonObject { ["properties"] = new JsonObject { ["state"] = "Shipping" } };

        await client.ArmErrorAsync(HttpMethod.Patch, Job("job1"), HttpStatusCode.BadRequest, "BadRequest", body: ship);
        var shipped = await client.ArmOkAsync(HttpMethod.Patch, Job("job1"), body: new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["state"] = "Shipping",
                ["deliveryPackage"] = new JsonObject { ["carrierName"] = "FedEx", ["trackingNumber"] = "123456" },
            },
        });

        Assert.Equal("Shipping", shipped!["properties"]!["state"]!.GetValue<string>());
        Assert.Equal("123456", shipped["properties"]!["deliveryPackage"]!["trackingNumber"]!.GetValue<string>());

        // Shipping again is the value the job has: no change (docs/arm-api.md §3.6).
        var again = await client.ArmOkAsync(HttpMethod.Patch, Job("job1"), body: ship);
        Assert.Equal("Shipping", again!["properties"]!["state"]!.GetValue<string>());
        Assert.Equal("123456", again["properties"]!["deliveryPackage"]!["trackingNumber"]!.GetValue<string>());
        await client.ArmErrorAsync(HttpMethod.Put, Job("job1"), HttpStatusCode.Conflict, "Conflict", body: CreateImportBody());
        await client.ArmErrorAsync(HttpMethod.Delete, Job("job1"), HttpStatusCode.Conflict, "Conflict");
        await client.ArmErrorAsync(HttpMethod.Patch, Job("job1"), HttpStatusCode.Conflict, "Conflict", body: new JsonObject
        {
            ["properties"] = new JsonObject { ["driveList"] = new JsonArray(Drive(driveId: "OTHER")) },
        });
        var job = await client.ArmOkAsync(HttpMethod.Get, Job("job1"));
        Assert.Equal("Shipping", job!["properties"]!["state"]!.GetValue<string>());
        Assert.Equal("9CA995BB", job["properties"]!["driveList"]![0]!["driveId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancel_in_Creating_keeps_the_state_and_then_Shipping_is_refused()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await client.ArmOkAsync(HttpMethod.Put, Job("job1"), HttpStatusCode.Created, body: CreateImportBody());

        var notCancelled = await client.ArmOkAsync(HttpMethod.Patch, Job("job1"), body: new JsonObject { ["properties"] = new JsonObject { ["cancelRequested"] = false } });
        var cancelled = await client.ArmOkAsync(HttpMethod.Patch, Job("job1"), body: new JsonObject { ["properties"] = new JsonObject { ["cancelRequested"] = true } });

        // false is no change (docs/arm-api.md §3.6), before and after the cancel; a repeated true is no change either.
        Assert.False(notCancelled!["properties"]!["cancelRequested"]!.GetValue<bool>());
        Assert.True(cancelled!["properties"]!["cancelRequested"]!.GetValue<bool>());
        Assert.Equal("Creating", cancelled["properties"]!["state"]!.GetValue<string>());
        foreach (var value in new[] { false, true })
        {
            var again = await client.ArmOkAsync(HttpMethod.Patch, Job("job1"), body: new JsonObject { ["properties"] = new JsonObject { ["cancelRequested"] = value } });
            Assert.True(again!["properties"]!["cancelRequested"]!.GetValue<bool>());
        }

        await client.ArmErrorAsync(HttpMethod.Patch, Job("job1"), HttpStatusCode.Conflict, "Conflict", body: new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["state"] = "Shipping",
                ["deliveryPackage"] = new JsonObject { ["carrierName"] = "FedEx", ["trackingNumber"] = "1" },
            },
        });
    }

    /// <summary>
    /// docs/arm-api.md §3.6: in Packaging, a PATCH of every member equal to the stored value (as a client sends back what
    /// it read, with <c>cancelRequested: false</c>) is no change and succeeds; the same PATCH with one member changed is
    /// 409 Conflict and changes nothing.
    /// </summary>
    [Fact]
    public async Task PATCH_of_members_equal_to_the_stored_values_passes_in_Packaging_and_a_changed_one_is_409()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        using var op = server.CreateOperatorClient();
        var body = CreateImportBody();
        body["tags"] = new JsonObject { ["team"] = "ingest" };
        await client.ArmOkAsync(HttpMethod.Put, Job("job1"), HttpStatusCode.Created, body: body);
        await client.ArmOkAsync(HttpMethod.Patch, Job("job1"), body: new JsonObject
        {
            ["properties"] = new JsonObject { ["state"] = "Shipping", ["deliveryPackage"] = new JsonObject { ["carrierName"] = "FedEx", ["trackingNumber"] = "42", ["driveCount"] = 1 } },
        });
        var operatorJob = $"operator/subscriptions/{Subscription}/resourceGroups/{Group}/jobs/job1";
        foreach (var (step, payload) in new (string, JsonNode?)[]
        {
            ("receive", OperatorRequests.Package("9CA995BB")),
            ("drives/9CA995BB/start", null),
            ("drives/9CA995BB/complete", new JsonObject { ["bytesSucceeded"] = 2048 }),
        })
        {
            using var response = await op.PostAsync($"{operatorJob}/{step}", payload is null ? null : System.Net.Http.Json.JsonContent.Create(payload));
            Assert.True(response.IsSuccessStatusCode, $"{step}: {await response.Content.ReadAsStringAsync()}");
        }

        var before = await client.ArmOkAsync(HttpMethod.Get, Job("job1"));
        var properties = before!["properties"]!;
        Assert.Equal("Packaging", properties["state"]!.GetValue<string>());
        JsonObject Same() => new()
        {
            ["tags"] = new JsonObject { ["team"] = "ingest" },
            ["properties"] = new JsonObject
            {
                ["state"] = "",
                ["cancelRequested"] = false,
                ["returnAddress"] = properties["returnAddress"]!.DeepClone(),
                ["returnShipping"] = properties["returnShipping"]!.DeepClone(),
                ["deliveryPackage"] = properties["deliveryPackage"]!.DeepClone(),
                ["logLevel"] = properties["logLevel"]!.DeepClone(),
                ["backupDriveManifest"] = properties["backupDriveManifest"]!.DeepClone(),
                ["driveList"] = new JsonArray(Drive()),
            },
        };
        server.Clock.Advance(TimeSpan.FromMinutes(1));

        var same = await client.ArmOkAsync(HttpMethod.Patch, Job("job1"), body: Same());

        Assert.Equal(properties.ToJsonString(), same!["properties"]!.ToJsonString());
        var changes = new (string Member, JsonNode Value)[]
        {
            ("returnAddress", ReturnAddress(email: "other@contoso.com")),
            ("logLevel", "Error"),
            ("backupDriveManifest", false),
            ("deliveryPackage", new JsonObject { ["carrierName"] = "FedEx", ["trackingNumber"] = "43", ["driveCount"] = 1 }),
            ("driveList", new JsonArray(Drive(driveId: "OTHER"))),
            ("cancelRequested", true),
            ("state", "Shipping"),
        };
        foreach (var (member, value) in changes)
        {
            var changed = Same();
            changed["properties"]![member] = value;
            await client.ArmErrorAsync(HttpMethod.Patch, Job("job1"), HttpStatusCode.Conflict, "Conflict", body: changed);
        }

        var after = await client.ArmOkAsync(HttpMethod.Get, Job("job1"));
        Assert.Equal(properties.ToJsonString(), after!["properties"]!.ToJsonString());
        Assert.Equal(same["systemData"]!["lastModifiedAt"]!.GetValue<string>(), after["systemData"]!["lastModifiedAt"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("diagnosticsPath", "\"other\"")]
    [InlineData("storageAccountId", "\"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/other\"")]
    [InlineData("jobType", "\"Export\"")]
    [InlineData("export", "{\"blobListBlobPath\":\"c/x.xml\"}")]
    [InlineData("encryptionKey", "{\"kekType\":\"MicrosoftManaged\"}")]
    [InlineData("state", "\"Completed\"")]
    [InlineData("logLevel", "\"Loud\"")]
    public async Task PATCH_of_a_creation_only_or_invalid_member_is_400_and_changes_nothing(string member, string value)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        var before = await client.ArmOkAsync(HttpMethod.Put, Job("job1"), HttpStatusCode.Created, body: CreateImportBody());

        await client.ArmErrorAsync(HttpMethod.Patch, Job("job1"), HttpStatusCode.BadRequest, "BadRequest", "properties." + member,
            body: JsonNode.Parse($$$"""{"properties":{"{{{member}}}":{{{value}}}}}"""));

        var after = await client.ArmOkAsync(HttpMethod.Get, Job("job1"));
        Assert.True(JsonNode.DeepEquals(before, after), after!.ToJsonString());
    }

    [Fact]
    public async Task Tag_only_PATCH_with_empty_properties_replaces_the_tags_and_keeps_the_rest()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        var body = CreateImportBody();
        body["tags"] = new JsonObject { ["team"] = "ingest", ["cost"] = "42" };
        var created = await client.ArmOkAsync(HttpMethod.Put, Job("job1"), HttpStatusCode.Created, body: body);
        Assert.Equal("ingest", created!["tags"]!["team"]!.GetValue<string>());
        server.Clock.Advance(TimeSpan.FromMinutes(5));

        var updated = await client.ArmOkAsync(HttpMethod.Patch, Job("job1"), body: new JsonObject
        {
            ["tags"] = new JsonObject { ["owner"] = "ops" },
            ["properties"] = new JsonObject(),
        });

        Assert.True(JsonNode.DeepEquals(new JsonObject { ["owner"] = "ops" }, updated!["tags"]), updated["tags"]!.ToJsonString());
        Assert.Equal(created["properties"]!.ToJsonString(), updated["properties"]!.ToJsonString());
        Assert.Equal(created["systemData"]!["createdAt"]!.GetValue<string>(), updated["systemData"]!["createdAt"]!.GetValue<string>());
        Assert.Equal("2026-01-05T09:05:00.0000000Z", updated["systemData"]!["lastModifiedAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task PATCH_driveList_in_Creating_replaces_the_drives()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await client.ArmOkAsync(HttpMethod.Put, Job("job1"), HttpStatusCode.Created, body: CreateImportBody());

        var updated = await client.ArmOkAsync(HttpMethod.Patch, Job("job1"), body: new JsonObject
        {
            ["properties"] = new JsonObject { ["driveList"] = new JsonArray(Drive(driveId: "NEW-1", bitLockerKey: "k1"), Drive(driveId: "NEW-2", bitLockerKey: "k2")) },
        });
        var keys = await client.ArmOkAsync(HttpMethod.Post, Job("job1") + "/listBitLockerKeys");

        Assert.Equal(["NEW-1", "NEW-2"], updated!["properties"]!["driveList"]!.AsArray().Select(d => d!["driveId"]!.GetValue<string>()));
        Assert.Equal(["k1", "k2"], keys!["value"]!.AsArray().Select(k => k!["bitLockerKey"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Active_job_limit_is_409_QuotaExceeded_and_is_kept_apart_from_the_classic_surface()
    {
        var (server, client) = await StartAsync(new FerryTestServerOptions { Settings = new Dictionary<string, string> { ["Ferry:Jobs:MaxActiveJobsPerSubscription"] = "2" } });
        await using var _ = server;
        using var __ = client;
        await client.ArmOkAsync(HttpMethod.Put, Job("job1"), HttpStatusCode.Created, body: CreateImportBody());
        await client.ArmOkAsync(HttpMethod.Put, Job("job2", "othergroup"), HttpStatusCode.Created, body: CreateImportBody());

        await client.ArmErrorAsync(HttpMethod.Put, Job("job3"), HttpStatusCode.Conflict, "QuotaExceeded", body: CreateImportBody());

        await client.ArmOkAsync(HttpMethod.Delete, Job("job1"));
        await client.ArmOkAsync(HttpMethod.Put, Job("job3"), HttpStatusCode.Created, body: CreateImportBody());
    }

    [Fact]
    public async Task ARM_jobs_are_invisible_to_the_classic_surface_and_the_same_name_may_exist_in_two_groups()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = await server.CreateArmClientForAsync(server.SubscriptionId);
        var account = $"/subscriptions/{server.SubscriptionId}/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/xttest";
        var body = CreateImportBody();
        body["properties"]!["storageAccountId"] = account;
        await client.ArmOkAsync(HttpMethod.Put, ArmRequests.JobPath(server.SubscriptionId, "g1", "shared"), HttpStatusCode.Created, body: body);
        await client.ArmOkAsync(HttpMethod.Put, ArmRequests.JobPath(server.SubscriptionId, "g2", "shared"), HttpStatusCode.Created, body: body);
        using var classic = server.CreateClient();

        using var response = await classic.SendAsync(server, HttpMethod.Get, "storageaccounts/xttest/jobs/shared");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var list = await client.ArmOkAsync(HttpMethod.Get, $"subscriptions/{server.SubscriptionId}/providers/Microsoft.ImportExport/jobs");
        Assert.Equal(["g1", "g2"], list!["value"]!.AsArray().Select(j => j!["id"]!.GetValue<string>().Split('/')[4]));
    }

    [Fact]
    public async Task Creating_job_not_touched_for_two_weeks_is_gone_and_a_PATCH_restarts_the_clock()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await client.ArmOkAsync(HttpMethod.Put, Job("kept"), HttpStatusCode.Created, body: CreateImportBody());
        await client.ArmOkAsync(HttpMethod.Put, Job("dropped"), HttpStatusCode.Created, body: CreateImportBody());
        server.Clock.Advance(TimeSpan.FromDays(10));
        await client.ArmOkAsync(HttpMethod.Patch, Job("kept"), body: new JsonObject { ["properties"] = new JsonObject { ["logLevel"] = "Error" } });

        server.Clock.Advance(TimeSpan.FromDays(5));

        await client.ArmErrorAsync(HttpMethod.Get, Job("dropped"), HttpStatusCode.NotFound, "ResourceNotFound");
        var kept = await client.ArmOkAsync(HttpMethod.Get, Job("kept"));
        Assert.Equal("Error", kept!["properties"]!["logLevel"]!.GetValue<string>());
    }
}
