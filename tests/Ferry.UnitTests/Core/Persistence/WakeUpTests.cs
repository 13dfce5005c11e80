using Ferry.Core.Audit;
using Ferry.Core.Jobs;
using Ferry.UnitTests.Support;
using static Ferry.UnitTests.Support.DataCentreSteps;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Core.Persistence;

/// <summary>
/// What a committed write wakes (docs/architecture.md §11.11): every job change wakes the loops that act on any change;
/// the transfer engine's wait ends only when a job has a drive it could copy, and the webhook dispatcher's only when a
/// delivery was queued, so a stream of creates and deletes does not run their queries once per write.
/// </summary>
public sealed class WakeUpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_transfer_engine_is_woken_by_a_drive_it_could_copy_and_not_by_creates_shipping_or_deletes()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var signal = engine.Changes;
        var any = signal.WhenChangedAsync();
        var claimable = signal.WhenChangedAsync(JobChanges.Claimable);
        var outbox = signal.WhenChangedAsync(JobChanges.Outbox);

        await engine.CreateShippedAsync("shipped", drives: 2);
        await engine.CreateAsync("deleted");
        Ok(await engine.Jobs.DeleteAsync(Key("deleted"), JobCondition.None, Ct));
        Assert.True(any.IsCompletedSuccessfully);
        Assert.False(claimable.IsCompleted, "A create, a shipment or a delete leaves nothing to copy.");
        Assert.False(outbox.IsCompleted, "No webhook is registered: nothing was queued.");

        // A drive received without content cannot be copied; one received with its content can.
        Ok(await engine.DataCentre.ReceivePackageAsync(Key("shipped"), [new ReceivedDrive(D0, null)], Actor.Operator, Ct));
        Assert.False(claimable.IsCompleted);
        Ok(await engine.DataCentre.ReceiveDriveAsync(Key("shipped"), D1, "/bay/drive1", Actor.Operator, Ct));
        Assert.True(claimable.IsCompletedSuccessfully);
        Assert.False(outbox.IsCompleted);
    }

    [Fact]
    public async Task The_webhook_dispatcher_is_woken_by_a_queued_delivery_only()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var signal = engine.Changes;
        await engine.CreateAsync("described");
        Ok(await engine.Webhooks.AddAsync(Subscription, "https://hooks.example/one", "s3cret", Ct));

        // A change with no state change queues nothing.
        var outbox = signal.WhenChangedAsync(JobChanges.Outbox);
        await engine.UpdateAsync("described", new JobUpdate { Description = "no state change" });
        Assert.False(outbox.IsCompleted);

        // A create is a state change (none to Creating): one delivery per webhook, and the dispatcher wakes.
        await engine.CreateAsync("created");
        Assert.True(outbox.IsCompletedSuccessfully);
        var next = signal.WhenChangedAsync(JobChanges.Outbox);
        Ok(await engine.Jobs.DeleteAsync(Key("created"), JobCondition.None, Ct));
        Assert.True(next.IsCompletedSuccessfully, "A delete is a state change too (Creating to none).");
    }
}
