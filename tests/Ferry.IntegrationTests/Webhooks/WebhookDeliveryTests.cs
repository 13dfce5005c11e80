using System.Net;
using Ferry.Core.Audit;
using Ferry.Core.Jobs;
using System.Text.Json;
using CloudNative.CloudEvents;
using Ferry.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using StandardWebhooks.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using static Ferry.IntegrationTests.Webhooks.FerryExtensionsRequests;

namespace Ferry.IntegrationTests.Webhooks;

/// <summary>
/// Webhook events end to end (docs/operator-api.md §3): classic API changes on the real server, the webhook worker,
/// and a real HTTP receiver on loopback (allowed by setting). Waits are on the receiver's arrivals; back-offs pass by
/// advancing the server's fake clock.
/// </summary>
public sealed class WebhookDeliveryTests
{
    private const string Secret = "receiver-secret";
    private const string Account = "xttest";

    private static readonly FerryTestServerOptions _allowReceiver = new(WebhookReceiver.ServerSettings);

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
    public async Task Creating_and_shipping_a_classic_job_POSTs_two_signed_job_stateChanged_CloudEvents()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await FerryTestServer.StartAsync(_allowReceiver);
        using var client = server.CreateClient();
        var webhookId = (await client.AddWebhookAsync(server, receiver.Url, Secret))["id"]!.GetValue<string>();

        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("job1"));
        var created = await receiver.NextAsync();
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        await ShipAsync(client, server, "job1");
        var shipped = await receiver.NextAsync();

        foreach (var request in new[] { created, shipped })
        {
            Assert.Equal("application/cloudevents+json; charset=utf-8", request.Header("Content-Type"));
            Assert.Equal(request.Json["id"]!.GetValue<string>(), request.WebhookId);
            Assert.Equal(request.Data["id"]!.GetValue<string>(), request.WebhookId);
            Assert.True(request.SignedWith(Secret));
            Assert.False(request.Headers.ContainsKey("X-Ferry-Signature-256"));
            Assert.Equal("dev.ferry.job.stateChanged", request.Json["type"]!.GetValue<string>());
            Assert.Equal($"/subscriptions/{server.SubscriptionId}/jobs/job1", request.Json["source"]!.GetValue<string>());
        }

        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), created.Header("webhook-timestamp"));
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 1, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), shipped.Header("webhook-timestamp"));
        var body = created.Data;
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
        var second = shipped.Data;
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
    public async Task A_receiver_verifies_the_signature_with_the_StandardWebhooks_library_and_reads_the_body_with_the_CloudEvents_SDK()
    {
        await using var receiver = await WebhookReceiver.StartAsync();

        // The library's verifier compares webhook-timestamp with the real clock, so this server's clock starts now.
        var now = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        await using var server = await FerryTestServer.StartAsync(new FerryTestServerOptions(WebhookReceiver.ServerSettings, StartTime: now));
        using var client = server.CreateClient();
        var secret = (await client.AddWebhookAsync(server, receiver.Url))["secret"]!.GetValue<string>();

        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("job1"));
        var request = await receiver.NextAsync();

        request.Verify(secret);
        Assert.Matches("^v1,[A-Za-z0-9+/]{43}=$", request.Header("webhook-signature"));
        Assert.Equal(now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), request.Header("webhook-timestamp"));
        Assert.Throws<WebhookVerificationException>(() => (request with { Body = [.. request.Body, (byte)' '] }).Verify(secret));
        Assert.Throws<WebhookVerificationException>(() => request.Verify("whsec_" + Convert.ToBase64String(new byte[32])));
        Assert.Throws<WebhookVerificationException>(() => request.Verify(secret[..^4] + "AAA="));

        var cloudEvent = request.CloudEvent();
        Assert.Equal(CloudEventsSpecVersion.V1_0, cloudEvent.SpecVersion);
        Assert.Equal(request.WebhookId, cloudEvent.Id);
        Assert.Equal(new Uri($"/subscriptions/{server.SubscriptionId}/jobs/job1", UriKind.Relative), cloudEvent.Source);
        Assert.Equal("dev.ferry.job.stateChanged", cloudEvent.Type);
        Assert.Equal("job1", cloudEvent.Subject);
        Assert.Equal(now, cloudEvent.Time);
        Assert.Equal("application/json", cloudEvent.DataContentType);
        Assert.True(cloudEvent.IsValid);
        var data = Assert.IsType<JsonElement>(cloudEvent.Data);
        Assert.Equal(
            ["id", "type", "occurredAt", "subscriptionId", "surface", "resourceGroup", "jobName", "driveId", "oldState", "newState", "action", "actorKind", "reason"],
            data.EnumerateObject().Select(p => p.Name));
        Assert.Equal((cloudEvent.Id, "job.stateChanged", "Creating"), (data.GetProperty("id").GetString(), data.GetProperty("type").GetString(), data.GetProperty("newState").GetString()));
        Assert.Equal(
            ["data", "datacontenttype", "id", "source", "specversion", "subject", "time", "type"],
            request.Json.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_receiver_that_answers_500_twice_gets_the_event_on_the_third_attempt_after_the_back_off()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext(500, 500);
        await using var server = await FerryTestServer.StartAsync(_allowReceiver);
        using var client = server.CreateClient();
        var webhookId = (await client.AddWebhookAsync(server, receiver.Url, Secret))["id"]!.GetValue<string>();

        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("job1"));
        var first = await receiver.NextAsync();
        var second = await AdvanceUntilArrivalAsync(server.Clock, TimeSpan.FromSeconds(5), receiver);
        var third = await AdvanceUntilArrivalAsync(server.Clock, TimeSpan.FromSeconds(5), receiver);

        Assert.Equal([500, 500, 200], new[] { first, second, third }.Select(r => r.AnsweredStatus));
        Assert.All(new[] { second, third }, r => Assert.Equal(first.Body, r.Body));
        Assert.All(new[] { first, second, third }, r => Assert.Equal(first.Json["id"]!.GetValue<string>(), r.WebhookId));
        Assert.All(new[] { first, second, third }, r => Assert.True(r.SignedWith(Secret)));

        // Each attempt carries its own time, so its own signature; the id stays.
        Assert.Equal(3, new[] { first, second, third }.Select(r => r.Header("webhook-timestamp")).Distinct().Count());
        Assert.Equal(3, new[] { first, second, third }.Select(r => r.Header("webhook-signature")).Distinct().Count());

        // The next event goes out only once the first is recorded: then its record is final.
        await ShipAsync(client, server, "job1");
        Assert.Equal("Ship", (await receiver.NextAsync()).Data["action"]!.GetValue<string>());
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
            await using (var first = await FerryTestServer.StartAsync(new FerryTestServerOptions(WebhookReceiver.ServerSettings, DataDirectory: dataDirectory)))
            {
                using var client = first.CreateClient();
                webhookId = (await client.AddWebhookAsync(first, url, Secret))["id"]!.GetValue<string>();
                await client.PutJobAsync(first, Account, ClassicRequests.ImportJob("job1"));
                var pending = Assert.Single(await client.GetValueAsync($"{Base(first)}/webhooks/{webhookId}/deliveries"))!;
                Assert.Equal("Pending", pending["status"]!.GetValue<string>());
                eventId = pending["eventId"]!.GetValue<string>();
            }

            await using var receiver = await WebhookReceiver.StartAsync(port);
            await using var second = await FerryTestServer.StartAsync(new FerryTestServerOptions(WebhookReceiver.ServerSettings, StartTime: new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero), DataDirectory: dataDirectory));

            var delivered = await receiver.NextAsync();

            Assert.Equal(eventId, delivered.WebhookId);
            Assert.True(delivered.SignedWith(Secret));
            Assert.Equal(("job1", "Create", "Creating"), (delivered.Data["jobName"]!.GetValue<string>(), delivered.Data["action"]!.GetValue<string>(), delivered.Data["newState"]!.GetValue<string>()));
            Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero), delivered.Data["occurredAt"]!.GetValue<DateTimeOffset>());
            Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero), delivered.Json["time"]!.GetValue<DateTimeOffset>());
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
        await using var server = await FerryTestServer.StartAsync(_allowReceiver);
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
            events.Select(e => $"{e.Data["type"]} {e.Data["jobName"]} {e.Data["action"]}"));
        Assert.Equal(
            ["job1", "job1", "job2", "job1/drives/DRIVE0000", "job1", "job2"],
            events.Select(e => e.Json["subject"]!.GetValue<string>()));
        Assert.Equal(6, events.Select(e => e.WebhookId).Distinct().Count());
        Assert.Null(receiver.TakeOrNull());
    }
}
