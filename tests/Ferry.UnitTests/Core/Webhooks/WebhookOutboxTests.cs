using Ferry.Core.Audit;
using Ferry.Core.Jobs;
using Ferry.Core.Webhooks;
using Ferry.UnitTests.Support;
using static Ferry.UnitTests.Support.DataCentreSteps;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Core.Webhooks;

/// <summary>
/// The webhook outbox fan-out of <see cref="Ferry.Core.Persistence.JobStore"/> on a real SQLite file: every state-change
/// audit entry of a subscription's jobs yields one pending <see cref="WebhookDelivery"/> per webhook of the subscription,
/// written by the same store call as the change; entries that change no state yield none (docs/operator-api.md §3).
/// </summary>
public sealed class WebhookOutboxTests
{
    private const string OtherSubscription = "0c2d6f7e-0000-4000-8000-000000000001";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> AddWebhookAsync(SqliteJobEngine engine, string subscriptionId, string url) =>
        Ok(await engine.Webhooks.AddAsync(subscriptionId, url, "s3cret", Ct)).Webhook.Id;

    /// <summary>The webhook's deliveries, oldest first, with their events.</summary>
    private static async Task<List<(WebhookDelivery Delivery, AuditEntry? Event)>> DeliveriesAsync(SqliteJobEngine engine, string webhookId) =>
        [.. (await engine.WebhookStore.ListDeliveriesAsync(webhookId, 1000, Ct)).OrderBy(d => d.Delivery.Id)];

    [Fact]
    public async Task Each_state_change_creates_one_pending_delivery_per_webhook_sharing_one_event_id()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var first = await AddWebhookAsync(engine, Subscription, "https://hooks.example/one");
        var second = await AddWebhookAsync(engine, Subscription, "http://hooks.example/two");
        await engine.CreateAsync("MySampleJob", Import(2));
        engine.Clock.Advance(TimeSpan.FromHours(1));
        await engine.ShipAsync("MySampleJob");
        engine.Clock.Advance(TimeSpan.FromDays(2));
        await engine.ReceiveAsync("MySampleJob", D0, D1);

        var changes = (await engine.AuditAsync("MySampleJob")).Where(e => e.IsStateChange).ToList();
        var toFirst = await DeliveriesAsync(engine, first);
        var toSecond = await DeliveriesAsync(engine, second);

        Assert.Equal(5, changes.Count);
        Assert.Equal(changes.Select(e => e.Id), toFirst.Select(d => d.Delivery.AuditEntryId));
        Assert.Equal(changes.Select(e => e.Id), toSecond.Select(d => d.Delivery.AuditEntryId));
        Assert.Equal(changes.Select(e => e.Id), toFirst.Select(d => d.Event!.Id));
        Assert.Equal(toFirst.Select(d => d.Delivery.EventId), toSecond.Select(d => d.Delivery.EventId));
        Assert.Equal(changes.Count, toFirst.Select(d => d.Delivery.EventId).Distinct().Count());
        foreach (var ((delivery, _), entry) in toFirst.Concat(toSecond).Zip(changes.Concat(changes)))
        {
            Assert.Equal((WebhookDeliveryStatus.Pending, 0, Subscription), (delivery.Status, delivery.Attempts, delivery.SubscriptionId));
            Assert.Equal((entry.At, entry.At), (delivery.NextAttemptAt, delivery.CreatedAt));
            Assert.Null(delivery.DeliveredAt);
            Assert.Null(delivery.LastStatusCode);
        }
    }

    [Fact]
    public async Task Entries_that_change_no_state_create_no_delivery()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var webhook = await AddWebhookAsync(engine, Subscription, "https://hooks.example/one");
        await engine.CreateAsync("replaced");
        await engine.CreateShippedAsync("cancelled");
        await engine.CreateShippedAsync("copying");
        await engine.StartCopyAsync("copying", D0);
        var deliveries = (await DeliveriesAsync(engine, webhook)).Count;
        var entries = (await engine.ReadRawRowsAsync("audit_entries")).Count;

        Ok(await engine.Jobs.PutAsync(Key("replaced"), JobCondition.None, Parsed(Import(2)), Ct));
        await engine.CancelAsync("cancelled");
        await engine.ProgressAsync("copying", D0, 10, 100);
        await engine.UpdateAsync("copying", new JobUpdate { Description = "no state change, no entry" });

        Assert.Equal(entries + 3, (await engine.ReadRawRowsAsync("audit_entries")).Count);
        Assert.Equal(deliveries, (await DeliveriesAsync(engine, webhook)).Count);
    }

    [Fact]
    public async Task A_package_with_extra_drives_notifies_the_state_changes_but_not_the_extra_drive_note()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob");
        var webhook = await AddWebhookAsync(engine, Subscription, "https://hooks.example/one");

        await engine.ReceiveAsync("MySampleJob", D0, "EXTRA-1");

        var events = (await DeliveriesAsync(engine, webhook)).Select(d => (d.Event!.DriveId, d.Event.NewState));
        Assert.Equal([(D0, "Received"), (null, "Received")], events);
    }

    [Fact]
    public async Task Deleting_expiring_and_resetting_jobs_each_create_a_delivery()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var webhook = await AddWebhookAsync(engine, Subscription, "https://hooks.example/one");
        await engine.CreateAsync("deleted");
        await engine.CreateAsync("expired");
        engine.Clock.Advance(TimeSpan.FromDays(7));
        await engine.CreateAsync("reset");

        Assert.True(Ok(await engine.Jobs.DeleteAsync(Key("deleted"), JobCondition.None, Ct)));
        engine.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await engine.Sweeper.SweepOnceAsync(Ct));
        Assert.Equal(1, await engine.DataCentre.ResetAsync(Subscription, Actor.Operator, Ct));

        var removals = (await DeliveriesAsync(engine, webhook)).Where(d => d.Event!.NewState is null).Select(d => (d.Event!.JobName, d.Event.Action));
        Assert.Equal([("deleted", AuditAction.Delete), ("expired", AuditAction.Expire), ("reset", AuditAction.Reset)], removals);
    }

    [Fact]
    public async Task Jobs_of_a_subscription_without_webhooks_create_no_delivery_even_when_another_subscription_has_one()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var other = await AddWebhookAsync(engine, OtherSubscription, "https://hooks.example/other");

        await engine.CreateShippedAsync("MySampleJob");
        await engine.ReceiveAsync("MySampleJob", D0);

        Assert.Empty(await engine.ReadRawRowsAsync("webhook_deliveries"));
        Assert.Empty(await DeliveriesAsync(engine, other));
    }

    [Fact]
    public async Task Changes_before_a_webhook_was_added_are_not_delivered_to_it()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateAsync("MySampleJob");
        var webhook = await AddWebhookAsync(engine, Subscription, "https://hooks.example/one");

        await engine.ShipAsync("MySampleJob");

        Assert.Equal([AuditAction.Ship], (await DeliveriesAsync(engine, webhook)).Select(d => d.Event!.Action));
    }

    [Fact]
    public async Task A_refused_step_creates_no_delivery()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await AddWebhookAsync(engine, Subscription, "https://hooks.example/one");
        await engine.CreateAsync("MySampleJob");
        var before = (await engine.ReadRawRowsAsync("webhook_deliveries")).Count;

        var refused = await engine.DataCentre.ReceivePackageAsync(Key("MySampleJob"), [new ReceivedDrive(D0, null)], Actor.Operator, Ct);

        Assert.NotNull(refused.Error);
        Assert.Equal(before, (await engine.ReadRawRowsAsync("webhook_deliveries")).Count);
    }
}
