using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ferry.Core.Audit;
using Ferry.Core.Jobs;
using Ferry.Core.Webhooks;
using Ferry.UnitTests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Core.Webhooks;

/// <summary>
/// <see cref="WebhookDispatcher.RunOnceAsync"/> on a real SQLite outbox, a fake clock and an in-memory receiver: what
/// is sent (docs/operator-api.md §3), the back-off, ordering per webhook, giving up, and the wait it asks for.
/// </summary>
public sealed class WebhookDispatcherTests
{
    private const string Url = "https://receiver.test/ferry/events";
    private const string Secret = "s3cret";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task CreateAsync(WebhookEngine engine, string name) =>
        Assert.Null((await engine.Jobs.PutAsync(Key(name), JobCondition.None, Parsed(Import()), Ct)).Error);

    private static async Task ShipAsync(WebhookEngine engine, string name) =>
        Assert.Null((await engine.Jobs.UpdateAsync(Key(name), JobCondition.None, Parsed(new JobUpdate { RequestShipping = true, DeliveryPackage = SampleDeliveryPackage }), Ct)).Error);

    /// <summary>The event's own fields: the CloudEvents envelope's <c>data</c>.</summary>
    private static JsonNode Body(ReceivedRequest request) => JsonNode.Parse(request.Body)!["data"]!;

    private static JsonNode Envelope(ReceivedRequest request) => JsonNode.Parse(request.Body)!;

    private static string Signature(string secret, ReceivedRequest request) =>
        new StandardWebhooks.StandardWebhook(Encoding.UTF8.GetBytes(secret)).Sign(
            request.Headers["webhook-id"],
            DateTimeOffset.FromUnixTimeSeconds(long.Parse(request.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture)),
            Encoding.UTF8.GetString(request.Body));

    private static string Action(ReceivedRequest request) => Body(request)["action"]!.GetValue<string>();

    [Fact]
    public async Task Each_state_change_is_POSTed_once_as_a_signed_CloudEvent_with_the_documented_data()
    {
        await using var engine = await WebhookEngine.StartAsync();
        await engine.AddWebhookAsync(Url, Secret);
        await CreateAsync(engine, "job1");
        engine.Clock.Advance(TimeSpan.FromMinutes(1));
        await ShipAsync(engine, "job1");

        var due = await engine.Dispatcher.RunOnceAsync(Ct);

        Assert.Null(due);
        var received = engine.Receiver.Received;
        Assert.Equal(2, received.Count);
        foreach (var request in received)
        {
            Assert.Equal(HttpMethod.Post, request.Method);
            Assert.Equal(new Uri(Url), request.Uri);
            Assert.Equal("application/cloudevents+json; charset=utf-8", request.ContentType);
            Assert.Equal("dev.ferry." + WebhookEvent.JobStateChanged, Envelope(request)["type"]!.GetValue<string>());
            Assert.Equal("1.0", Envelope(request)["specversion"]!.GetValue<string>());
            Assert.Equal(Body(request)["id"]!.GetValue<string>(), request.Headers["webhook-id"]);
            Assert.Equal(Envelope(request)["id"]!.GetValue<string>(), request.Headers["webhook-id"]);
            Assert.Equal(Signature(Secret, request), request.Headers["webhook-signature"]);
            Assert.Equal(["webhook-id", "webhook-signature", "webhook-timestamp"], request.Headers.Keys.Order(StringComparer.Ordinal));
        }

        Assert.Equal(SqliteJobEngine.Start.AddMinutes(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), received[0].Headers["webhook-timestamp"]);

        var created = Body(received[0]).AsObject();
        Assert.Equal(
            ["id", "type", "occurredAt", "subscriptionId", "surface", "resourceGroup", "jobName", "driveId", "oldState", "newState", "action", "actorKind", "reason"],
            created.Select(p => p.Key));
        Assert.Equal("job.stateChanged", created["type"]!.GetValue<string>());
        Assert.Equal(SqliteJobEngine.Start, created["occurredAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(Subscription, created["subscriptionId"]!.GetValue<string>());
        Assert.Equal("Classic", created["surface"]!.GetValue<string>());
        Assert.Null(created["resourceGroup"]);
        Assert.Equal("job1", created["jobName"]!.GetValue<string>());
        Assert.Null(created["driveId"]);
        Assert.Null(created["oldState"]);
        Assert.Equal("Creating", created["newState"]!.GetValue<string>());
        Assert.Equal("Create", created["action"]!.GetValue<string>());
        Assert.Equal("Subscription", created["actorKind"]!.GetValue<string>());
        var shipped = Body(received[1]);
        Assert.Equal(("Creating", "Shipping", "Ship"), (shipped["oldState"]!.GetValue<string>(), shipped["newState"]!.GetValue<string>(), shipped["action"]!.GetValue<string>()));
        Assert.Equal(SqliteJobEngine.Start.AddMinutes(1), shipped["occurredAt"]!.GetValue<DateTimeOffset>());
        Assert.NotEqual(created["id"]!.GetValue<string>(), shipped["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_delivered_event_is_recorded_with_its_attempt_status_and_time()
    {
        await using var engine = await WebhookEngine.StartAsync();
        var webhook = await engine.AddWebhookAsync(Url);
        await CreateAsync(engine, "job1");
        engine.Clock.Advance(TimeSpan.FromSeconds(3));

        await engine.Dispatcher.RunOnceAsync(Ct);

        var delivery = Assert.Single(await engine.DeliveriesAsync(webhook));
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
        Assert.Equal(1, delivery.Attempts);
        Assert.Equal(200, delivery.LastStatusCode);
        Assert.Null(delivery.LastError);
        Assert.Equal(SqliteJobEngine.Start, delivery.CreatedAt);
        Assert.Equal(SqliteJobEngine.Start.AddSeconds(3), delivery.DeliveredAt);
        Assert.Equal(Body(engine.Receiver.Received[0])["id"]!.GetValue<string>(), delivery.EventId);
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_after_the_back_off_with_the_same_event_and_id_signed_at_its_own_time()
    {
        await using var engine = await WebhookEngine.StartAsync();
        var webhook = await engine.AddWebhookAsync(Url);
        engine.Receiver.AnswerNext(HttpStatusCode.InternalServerError);
        await CreateAsync(engine, "job1");

        var first = await engine.Dispatcher.RunOnceAsync(Ct);

        Assert.Equal(TimeSpan.FromSeconds(5), first);
        var pending = Assert.Single(await engine.DeliveriesAsync(webhook));
        Assert.Equal((WebhookDeliveryStatus.Pending, 1, 500, "HTTP 500"), (pending.Status, pending.Attempts, pending.LastStatusCode, pending.LastError));
        Assert.Equal(SqliteJobEngine.Start.AddSeconds(5), pending.NextAttemptAt);

        engine.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(TimeSpan.FromSeconds(1), await engine.Dispatcher.RunOnceAsync(Ct));
        Assert.Single(engine.Receiver.Received);

        engine.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await engine.Dispatcher.RunOnceAsync(Ct));

        var received = engine.Receiver.Received;
        Assert.Equal(2, received.Count);
        Assert.Equal(received[0].Body, received[1].Body);
        Assert.Equal(received[0].Headers["webhook-id"], received[1].Headers["webhook-id"]);
        Assert.Equal(SqliteJobEngine.Start.ToUnixTimeSeconds() + 5, long.Parse(received[1].Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEqual(received[0].Headers["webhook-signature"], received[1].Headers["webhook-signature"]);
        Assert.All(received, r => Assert.Equal(Signature("s3cret", r), r.Headers["webhook-signature"]));
        var delivered = Assert.Single(await engine.DeliveriesAsync(webhook));
        Assert.Equal((WebhookDeliveryStatus.Delivered, 2, 200), (delivered.Status, delivered.Attempts, delivered.LastStatusCode));
    }

    [Fact]
    public async Task Later_events_wait_behind_a_retrying_one_and_the_dispatcher_asks_to_sleep_until_that_retry()
    {
        await using var engine = await WebhookEngine.StartAsync();
        await engine.AddWebhookAsync(Url);
        engine.Receiver.AnswerNext(HttpStatusCode.ServiceUnavailable);
        await CreateAsync(engine, "job1");
        await engine.Dispatcher.RunOnceAsync(Ct);
        engine.Clock.Advance(TimeSpan.FromSeconds(1));
        await ShipAsync(engine, "job1");

        var due = await engine.Dispatcher.RunOnceAsync(Ct);

        // The Ship event is due, but not sendable before the Create event: no busy loop on a due-but-blocked row.
        Assert.Equal(TimeSpan.FromSeconds(4), due);
        Assert.Single(engine.Receiver.Received);

        engine.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Null(await engine.Dispatcher.RunOnceAsync(Ct));
        Assert.Equal(["Create", "Create", "Ship"], engine.Receiver.Received.Select(Action));
    }

    [Fact]
    public async Task A_delivery_is_Failed_after_the_last_attempt_and_never_sent_again()
    {
        await using var engine = await WebhookEngine.StartAsync(new Dictionary<string, string?>
        {
            ["Ferry:Webhooks:MaxAttempts"] = "3",
            ["Ferry:Webhooks:RetryDelays:0"] = "00:00:01",
        });
        var webhook = await engine.AddWebhookAsync(Url);
        engine.Receiver.AnswerNext(HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway, HttpStatusCode.NotFound);
        await CreateAsync(engine, "job1");

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await engine.Dispatcher.RunOnceAsync(Ct);
            engine.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Null(await engine.Dispatcher.RunOnceAsync(Ct));
        Assert.Equal(3, engine.Receiver.Received.Count);
        var failed = Assert.Single(await engine.DeliveriesAsync(webhook));
        Assert.Equal((WebhookDeliveryStatus.Failed, 3, 404, "HTTP 404"), (failed.Status, failed.Attempts, failed.LastStatusCode, failed.LastError));
        Assert.Null(failed.DeliveredAt);
    }

    [Fact]
    public async Task A_failed_delivery_does_not_hold_up_the_next_event()
    {
        await using var engine = await WebhookEngine.StartAsync(new Dictionary<string, string?> { ["Ferry:Webhooks:MaxAttempts"] = "1" });
        var webhook = await engine.AddWebhookAsync(Url);
        engine.Receiver.AnswerNext(HttpStatusCode.InternalServerError);
        await CreateAsync(engine, "job1");
        await ShipAsync(engine, "job1");

        Assert.Null(await engine.Dispatcher.RunOnceAsync(Ct));

        Assert.Equal(["Create", "Ship"], engine.Receiver.Received.Select(Action));
        Assert.Equal([WebhookDeliveryStatus.Delivered, WebhookDeliveryStatus.Failed], (await engine.DeliveriesAsync(webhook)).Select(d => d.Status));
    }

    [Fact]
    public async Task No_answer_before_the_injected_clock_passes_the_timeout_is_a_failed_attempt_without_a_status()
    {
        await using var engine = await WebhookEngine.StartAsync();
        var webhook = await engine.AddWebhookAsync(Url);
        engine.Receiver.Stall = ct => Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, ct);
        await CreateAsync(engine, "job1");

        var pass = engine.Dispatcher.RunOnceAsync(Ct);
        await engine.Receiver.WhenFirstArrivedAsync();
        engine.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(pass.IsCompleted);
        engine.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(5), await pass);
        var pending = Assert.Single(await engine.DeliveriesAsync(webhook));
        Assert.Equal((WebhookDeliveryStatus.Pending, 1, (int?)null), (pending.Status, pending.Attempts, pending.LastStatusCode));
        Assert.Equal("no answer within 10 s", pending.LastError);
    }

    [Fact]
    public async Task Every_webhook_of_the_subscription_gets_every_event_with_one_event_id()
    {
        await using var engine = await WebhookEngine.StartAsync();
        var first = await engine.AddWebhookAsync("https://one.test/", "one");
        var second = await engine.AddWebhookAsync("https://two.test/", "two");
        await CreateAsync(engine, "job1");

        await engine.Dispatcher.RunOnceAsync(Ct);

        var received = engine.Receiver.Received;
        Assert.Equal(["one.test", "two.test"], received.Select(r => r.Uri.Host).Order());
        Assert.Single(received.Select(r => r.Headers["webhook-id"]).Distinct());
        var one = received.Single(r => r.Uri.Host == "one.test");
        Assert.Equal(Signature("one", one), one.Headers["webhook-signature"]);
        Assert.NotEqual(Signature("two", one), one.Headers["webhook-signature"]);
        Assert.Equal(WebhookDeliveryStatus.Delivered, Assert.Single(await engine.DeliveriesAsync(first)).Status);
        Assert.Equal(WebhookDeliveryStatus.Delivered, Assert.Single(await engine.DeliveriesAsync(second)).Status);
    }

    [Fact]
    public async Task Deletion_is_a_job_deleted_event_and_drive_changes_are_drive_stateChanged_events()
    {
        await using var engine = await WebhookEngine.StartAsync();
        await engine.AddWebhookAsync(Url);
        await CreateAsync(engine, "job1");
        await ShipAsync(engine, "job1");
        var received = await engine.Services.GetRequiredService<DataCentre>().ReceivePackageAsync(Key("job1"), [new ReceivedDrive("DRIVE0000", null)], Actor.Operator, Ct);
        Assert.Null(received.Error);
        await CreateAsync(engine, "job2");
        Assert.Null((await engine.Jobs.DeleteAsync(Key("job2"), JobCondition.None, Ct)).Error);

        await engine.Dispatcher.RunOnceAsync(Ct);

        var events = engine.Receiver.Received.Select(r => (Body(r)["type"]!.GetValue<string>(), Body(r))).ToList();
        Assert.Equal(
            ["job.stateChanged/job1/Create", "job.stateChanged/job1/Ship", "drive.stateChanged/job1/ReceivePackage", "job.stateChanged/job1/ReceivePackage", "job.stateChanged/job2/Create", "job.deleted/job2/Delete"],
            events.Select(e => $"{e.Item1}/{e.Item2["jobName"]}/{e.Item2["action"]}"));
        var drive = events[2].Item2;
        Assert.Equal(("DRIVE0000", "Specified", "Received", "Operator"), (drive["driveId"]!.GetValue<string>(), drive["oldState"]!.GetValue<string>(), drive["newState"]!.GetValue<string>(), drive["actorKind"]!.GetValue<string>()));
        var deleted = events[5].Item2;
        Assert.Equal("Creating", deleted["oldState"]!.GetValue<string>());
        Assert.Null(deleted["newState"]);
    }

    [Fact]
    public async Task Removing_a_webhook_drops_its_pending_deliveries()
    {
        await using var engine = await WebhookEngine.StartAsync();
        var webhook = await engine.AddWebhookAsync(Url);
        engine.Receiver.AnswerNext(HttpStatusCode.InternalServerError);
        await CreateAsync(engine, "job1");
        await engine.Dispatcher.RunOnceAsync(Ct);

        Assert.Null((await engine.Webhooks.RemoveAsync(Subscription, webhook, Ct)).Error);
        engine.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(await engine.Dispatcher.RunOnceAsync(Ct));
        Assert.Single(engine.Receiver.Received);
        Assert.NotNull((await engine.Webhooks.ListDeliveriesAsync(Subscription, webhook, Ct)).Error);
    }
}
