using System.Net;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;
using Ferry.IntegrationTests.Webhooks;
using static Ferry.IntegrationTests.Arm.ArmExamples;

namespace Ferry.IntegrationTests.Arm;

/// <summary>
/// An ARM job goes through the same data centre, audit trail and webhooks as a classic one (issue 6, point 4).
/// </summary>
public sealed class ArmLifecycleTests
{
    [Fact]
    public async Task ARM_job_moves_through_the_operator_steps_with_history_and_webhook_events()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await FerryTestServer.StartAsync(new FerryTestServerOptions(WebhookReceiver.ServerSettings));
        using var customer = server.CreateClient();
        await customer.AddWebhookAsync(server, receiver.Url);
        using var arm = server.CreateArmClient();
        using var operatorClient = server.CreateOperatorClient();
        var job = ArmRequests.JobPath(server.SubscriptionId, "Ops-RG", "armJob");
        var operatorJob = $"operator/subscriptions/{server.SubscriptionId}/resourceGroups/ops-rg/jobs/ARMJOB";
        var body = CreateImportBody(Drive(driveId: "WD-1"));
        body["properties"]!["storageAccountId"] = $"/subscriptions/{server.SubscriptionId}/resourceGroups/Ops-RG/providers/Microsoft.Storage/storageAccounts/opsstore";

        await arm.ArmOkAsync(HttpMethod.Put, job, HttpStatusCode.Created, body: body);
        var createdEvent = await receiver.NextAsync();
        var created = createdEvent.Data;
        await arm.ArmOkAsync(HttpMethod.Patch, job, body: new JsonObject
        {
            ["properties"] = new JsonObject { ["state"] = "Shipping", ["deliveryPackage"] = new JsonObject { ["carrierName"] = "FedEx", ["trackingNumber"] = "42" } },
        });
        foreach (var (step, payload) in new (string, JsonNode?)[]
        {
            ("receive", OperatorRequests.Package("WD-1")),
            ("drives/WD-1/start", null),
            ("drives/WD-1/complete", new JsonObject { ["bytesSucceeded"] = 2048 }),
            ("ship-back", new JsonObject { ["carrierName"] = "FedEx", ["trackingNumber"] = "RET-1", ["driveCount"] = 1, ["shipDate"] = "2026-01-06" }),
        })
        {
            using var response = await operatorClient.PostAsync($"{operatorJob}/{step}", payload is null ? null : System.Net.Http.Json.JsonContent.Create(payload));
            Assert.True(response.IsSuccessStatusCode, $"{step}: {await response.Content.ReadAsStringAsync()}");
        }

        var done = await arm.ArmOkAsync(HttpMethod.Get, job);
        var history = JsonNode.Parse(await operatorClient.GetStringAsync($"{operatorJob}/history"))!["value"]!.AsArray();

        Assert.Equal($"/subscriptions/{server.SubscriptionId}/resourceGroups/Ops-RG/providers/Microsoft.ImportExport/jobs/armJob", createdEvent.Json["source"]!.GetValue<string>());
        Assert.Equal(("Arm", "Ops-RG", "armJob", "Creating"), (created["surface"]!.GetValue<string>(), created["resourceGroup"]!.GetValue<string>(),
            created["jobName"]!.GetValue<string>(), created["newState"]!.GetValue<string>()));
        var properties = done!["properties"]!;
        Assert.Equal("Completed", properties["state"]!.GetValue<string>());
        Assert.Equal("RET-1", properties["returnPackage"]!["trackingNumber"]!.GetValue<string>());
        var drive = properties["driveList"]![0]!;
        Assert.Equal(("ShippedBack", "Completed", 2048L), (drive["state"]!.GetValue<string>(), drive["copyStatus"]!.GetValue<string>(), drive["bytesSucceeded"]!.GetValue<long>()));
        var actions = history.Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Equal("Create", actions[0]);
        Assert.Contains("Ship", actions);
        Assert.Contains("ShipBack", actions);
        Assert.Equal("Operator", history.Last()!["actorKind"]!.GetValue<string>());
        var deleted = await arm.ArmAsync(HttpMethod.Delete, job);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
    }
}
