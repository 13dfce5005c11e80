using System.Net;
using System.Security.Cryptography;
using System.Text;
using Ferry.Core.Audit;
using Ferry.Core.Jobs;
using Ferry.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Ferry.IntegrationTests.Webhooks.FerryExtensionsRequests;

namespace Ferry.IntegrationTests.Webhooks;

/// <summary>
/// Webhook events end to end (docs/operator-api.md §3): classic API changes on the real server, the webhook worker,
/// and a real HTTP receiver. Waits are on the receiver's arrivals; back-offs pass by advancing the server's fake clock.
/// </summary>
public sealed class WebhookDeliveryTests
{
    private const string Secret = "receiver-secret";
    private const string Account = "xttest";

    private static string Sign(byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));

    private static async Task ShipAsync(HttpClient client, FerryTestServer server, string job)
    {
        using var response = await client.SendAsync(server, HttpMethod.Patch, ClassicRequests.JobPath(Account, job), body: ClassicRequests.ShippingUpdate());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// Advances the server's clock by <paramref name="step"/> until the receiver's next request arrives. The worker
    /// is somewhere between recording the failed attempt and sleeping on the clock: each step that finds it asleep
    /// wakes it, a step taken earlier is harmless. The short real pause only paces the steps.
    /// </summary>
    private static async Task<ReceivedWebhook> AdvanceUntilArrivalAsync(FakeTimeProvider clock, TimeSpan step, WebhookReceiver receiver)
    {
        var arrival = receiver.NextAsync();
        for (var i = 0; i < 200 && !arrival.IsCompleted; i++)
        {
            clock.Advance(step);
            await Task.WhenAny(arrival, Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System, TestContext.Current.CancellationToken));
        }

        return await arrival;
    }

    [Fact]
    public async Task Creating_and_shipping_a_classic_job_POSTs_two_signed_job_stateChanged_events()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var webhookId = (await client.AddWebhookAsync(server, receiver.Url, Secret))["id"]!.GetValue<string>();

        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("job1"));
        var created = await receiver.NextAsync();
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        await ShipAsync(client, server, "job1");
        var shipped = await receiver.NextAsync();

        foreach (var request in new[] { created, shipped })
        {
            Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
            Assert.Equal("job.stateChanged", request.Header("X-Ferry-Event"));
            Assert.Equal(request.Json["id"]!.GetValue<string>(), request.Header("X-Ferry-Delivery"));
            Assert.Equal(Sign(request.Body), request.Header("X-Ferry-Signature-256"));
        }

        var body = created.Json;
        Assert.Equal(
            ["id", "type", "occurredAt", "subscriptionId", "surface", "resourceGroup", "jobName", "driveId", "oldState", "newState", "action", "actorKind", "reason"],
            body.Select(p => p.Key));
        Assert.Equal("job.stateChanged", body["type"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero), body["occurredAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal((server.SubscriptionId, "Classic", "job1"), (body["subscriptionId"]!.GetValue<string>(), body["surface"]!.GetValue<string>(), body["jobName"]!.GetValue<string>()));
        Assert.Null(body["resourceGroup"]);
        Assert.Null(body["driveId"]);
        Assert.Null(body["oldState"]);
        Assert.Equal(("Creating", "Create", "Subscription"), (body["newState"]!.GetValue<string>(), body["action"]!.GetValue<string>(), body["actorKind"]!.GetValue<string>()));
        Assert.Null(body["reason"]);
        var second = shipped.Json;
        Assert.Equal(("Creating", "Shipping", "Ship"), (second["oldState"]!.GetValue<string>(), second["newState"]!.GetValue<string>(), second["action"]!.GetValue<string>()));
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 1, 0, TimeSpan.Zero), second["occurredAt"]!.GetValue<DateTimeOffset>());
        Assert.NotEqual(body["id"]!.GetValue<string>(), second["id"]!.GetValue<string>());

        // The Ship event went out after the Create event was recorded (one at a time per webhook).
        var deliveries = await client.GetValueAsync($"{Base(server)}/webhooks/{webhookId}/deliveries");
        Assert.Equal(2, deliveries.Count);
        var first = deliveries[1]!.AsObject();
        Assert.Equal(
            ["id", "eventId", "eventType", "jobName", "status", "attempts", "lastStatusCode", "lastError", "nextAttemptAt", "deliveredAt", "createdAt"],
            first.Select(p => p.Key));
        Assert.Equal((body["id"]!.GetValue<string>(), "job.stateChanged", "job1", "Delivered", 1, 200), (
            first["eventId"]!.GetValue<string>(), first["eventType"]!.GetValue<string>(), first["jobName"]!.GetValue<string>(),
            first["status"]!.GetValue<string>(), first["attempts"]!.GetValue<int>(), first["lastStatusCode"]!.GetValue<int>()));
        Assert.Null(first["lastError"]);
        Assert.Null(first["nextAttemptAt"]);
        Assert.Equal("2026-01-05T09:00:00.0000000+00:00", first["createdAt"]!.GetValue<string>());
        Assert.Equal(second["id"]!.GetValue<string>(), deliveries[0]!["eventId"]!.GetValue<string>());
        Assert.True(deliveries[0]!["id"]!.GetValue<long>() > first["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_receiver_that_answers_500_twice_gets_the_event_on_the_third_attempt_after_the_back_off()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext(500, 500);
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var webhookId = (await client.AddWebhookAsync(server, receiver.Url, Secret))["id"]!.GetValue<string>();

        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("job1"));
        var first = await receiver.NextAsync();
        var second = await AdvanceUntilArrivalAsync(server.Clock, TimeSpan.FromSeconds(5), receiver);
        var third = await AdvanceUntilArrivalAsync(server.Clock, TimeSpan.FromSeconds(5), receiver);

        Assert.Equal([500, 500, 200], new[] { first, second, third }.Select(r => r.AnsweredStatus));
        Assert.All(new[] { second, third }, r => Assert.Equal(first.Body, r.Body));
        Assert.All(new[] { first, second, third }, r => Assert.Equal(first.Json["id"]!.GetValue<string>(), r.Header("X-Ferry-Delivery")));
        Assert.All(new[] { first, second, third }, r => Assert.Equal(Sign(r.Body), r.Header("X-Ferry-Signature-256")));

        // The next event goes out only once the first is recorded: then its record is final.
        await ShipAsync(client, server, "job1");
        Assert.Equal("Ship", (await receiver.NextAsync()).Json["action"]!.GetValue<string>());
        var delivery = (await client.GetValueAsync($"{Base(server)}/webhooks/{webhookId}/deliveries"))[1]!;
        Assert.Equal((first.Json["id"]!.GetValue<string>(), "Delivered", 3, 200), (
            delivery["eventId"]!.GetValue<string>(), delivery["status"]!.GetValue<string>(), delivery["attempts"]!.GetValue<int>(), delivery["lastStatusCode"]!.GetValue<int>()));
        Assert.Null(delivery["lastError"]);
        Assert.Null(delivery["nextAttemptAt"]);
        Assert.NotNull(delivery["deliveredAt"]);
    }

    [Fact]
    public async Task A_pending_event_is_delivered_by_the_next_server_on_the_same_data_directory()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ferry-tests", Guid.NewGuid().ToString("N"));
        try
        {
            // Nothing listens on the receiver's port yet: every attempt of the first server fails.
            var port = WebhookReceiver.FreePort();
            var url = new Uri($"http://127.0.0.1:{port}/events");
            string webhookId;
            string eventId;
            await using (var first = await FerryTestServer.StartAsync(new FerryTestServerOptions(DataDirectory: dataDirectory)))
            {
                using var client = first.CreateClient();
                webhookId = (await client.AddWebhookAsync(first, url, Secret))["id"]!.GetValue<string>();
                await client.PutJobAsync(first, Account, ClassicRequests.ImportJob("job1"));
                var pending = Assert.Single(await client.GetValueAsync($"{Base(first)}/webhooks/{webhookId}/deliveries"))!;
                Assert.Equal("Pending", pending["status"]!.GetValue<string>());
                eventId = pending["eventId"]!.GetValue<string>();
            }

            await using var receiver = await WebhookReceiver.StartAsync(port);
            await using var second = await FerryTestServer.StartAsync(new FerryTestServerOptions(StartTime: new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero), DataDirectory: dataDirectory));

            var delivered = await receiver.NextAsync();

            Assert.Equal(eventId, delivered.Header("X-Ferry-Delivery"));
            Assert.Equal(Sign(delivered.Body), delivered.Header("X-Ferry-Signature-256"));
            Assert.Equal(("job1", "Create", "Creating"), (delivered.Json["jobName"]!.GetValue<string>(), delivered.Json["action"]!.GetValue<string>(), delivered.Json["newState"]!.GetValue<string>()));
            Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero), delivered.Json["occurredAt"]!.GetValue<DateTimeOffset>());
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Events_reach_a_webhook_in_the_order_of_the_changes_even_when_the_first_needs_a_retry()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext(503);
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.AddWebhookAsync(server, receiver.Url, Secret);

        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("job1"));
        var refused = await receiver.NextAsync();
        await ShipAsync(client, server, "job1");
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("job2"));
        var dataCentre = server.Services.GetRequiredService<DataCentre>();
        var job1 = new JobKey(ApiSurface.Classic, server.SubscriptionId, "", "job1", null);
        Assert.Null((await dataCentre.ReceivePackageAsync(job1, [new ReceivedDrive("DRIVE0000", null)], Actor.Operator, TestContext.Current.CancellationToken)).Error);
        using var deleted = await client.SendAsync(server, HttpMethod.Delete, ClassicRequests.JobPath(Account, "job2"));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);

        var events = new List<ReceivedWebhook> { await AdvanceUntilArrivalAsync(server.Clock, TimeSpan.FromSeconds(5), receiver) };
        for (var i = 0; i < 5; i++)
        {
            events.Add(await receiver.NextAsync());
        }

        Assert.Equal(503, refused.AnsweredStatus);
        Assert.Equal(refused.Body, events[0].Body);
        Assert.Equal(
            ["job.stateChanged job1 Create", "job.stateChanged job1 Ship", "job.stateChanged job2 Create",
             "drive.stateChanged job1 ReceivePackage", "job.stateChanged job1 ReceivePackage", "job.deleted job2 Delete"],
            events.Select(e => $"{e.Header("X-Ferry-Event")} {e.Json["jobName"]} {e.Json["action"]}"));
        Assert.Equal(6, events.Select(e => e.Header("X-Ferry-Delivery")).Distinct().Count());
        Assert.Null(receiver.TakeOrNull());
    }
}
