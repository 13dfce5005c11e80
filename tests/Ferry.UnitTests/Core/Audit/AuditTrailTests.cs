using Ferry.Core.Audit;
using Ferry.Core.Jobs;
using Ferry.UnitTests.Support;
using static Ferry.UnitTests.Support.DataCentreSteps;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Core.Audit;

/// <summary>
/// The audit trail (docs/operator-api.md §2) as <see cref="Ferry.Core.Persistence.IJobStore.ListAuditAsync"/> returns it
/// on a real SQLite file: one entry per state change or action, written with the change, strictly ordered, kept when the
/// job is deleted, expired or reset.
/// </summary>
public sealed class AuditTrailTests
{
    private const string OtherSubscription = "0c2d6f7e-0000-4000-8000-000000000001";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (AuditAction, string?, string?, string?, AuditActorKind) Row(AuditEntry e) => (e.Action, e.DriveId, e.OldState, e.NewState, e.ActorKind);

    [Fact]
    public async Task A_full_import_lifecycle_leaves_exactly_this_trail_in_order()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateAsync("MySampleJob", Import(2));
        await engine.ShipAsync("MySampleJob");
        await engine.ReceiveAsync("MySampleJob", D0, D1);
        await engine.StartCopyAsync("MySampleJob", D0);
        await engine.ProgressAsync("MySampleJob", D0, 50, 500);
        await engine.StartCopyAsync("MySampleJob", D1);
        await engine.FinishCopyAsync("MySampleJob", D0);
        await engine.FinishCopyAsync("MySampleJob", D1);
        await engine.ShipBackAsync("MySampleJob");
        var jobId = (await engine.ReadAsync("MySampleJob")).Id;
        Assert.True(Ok(await engine.Jobs.DeleteAsync(Key("MySampleJob"), JobCondition.None, Ct)));

        var trail = await engine.Store.ListAuditAsync(jobId, Ct);

        const AuditActorKind customer = AuditActorKind.Subscription;
        const AuditActorKind op = AuditActorKind.Operator;
        Assert.Equal(
        [
            (AuditAction.Create, null, null, "Creating", customer),
            (AuditAction.Ship, null, "Creating", "Shipping", customer),
            (AuditAction.ReceivePackage, D0, "Specified", "Received", op),
            (AuditAction.ReceivePackage, D1, "Specified", "Received", op),
            (AuditAction.ReceivePackage, null, "Shipping", "Received", op),
            (AuditAction.StartCopy, D0, "Received", "Transferring", op),
            (AuditAction.StartCopy, null, "Received", "Transferring", op),
            (AuditAction.Progress, D0, null, null, op),
            (AuditAction.StartCopy, D1, "Received", "Transferring", op),
            (AuditAction.CompleteCopy, D0, "Transferring", "Completed", op),
            (AuditAction.CompleteCopy, D1, "Transferring", "Completed", op),
            (AuditAction.Settle, null, "Transferring", "Packaging", op),
            (AuditAction.ShipBack, D0, "Completed", "ShippedBack", op),
            (AuditAction.ShipBack, D1, "Completed", "ShippedBack", op),
            (AuditAction.ShipBack, null, "Packaging", "Completed", op),
            (AuditAction.Delete, null, "Completed", null, customer),
        ], trail.Select(Row));
        Assert.True(trail.Zip(trail.Skip(1)).All(p => p.First.Id < p.Second.Id));
        Assert.All(trail, e => Assert.Equal((jobId, ApiSurface.Classic, Subscription, "", "MySampleJob"), (e.JobId, e.Surface, e.SubscriptionId, e.ResourceGroup, e.JobName)));
        Assert.All(trail.Where(e => e.ActorKind == customer), e => Assert.Equal(Subscription, e.Actor));
        Assert.All(trail.Where(e => e.ActorKind == op), e => Assert.Equal("operator", e.Actor));
    }

    [Fact]
    public async Task Entries_carry_the_instant_of_their_change()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateAsync("MySampleJob");
        engine.Clock.Advance(TimeSpan.FromHours(2));
        await engine.ShipAsync("MySampleJob");
        engine.Clock.Advance(TimeSpan.FromDays(3));
        await engine.ReceiveAsync("MySampleJob", D0);

        var trail = await engine.AuditAsync("MySampleJob");

        Assert.Equal(
            [SqliteJobEngine.Start, SqliteJobEngine.Start.AddHours(2), SqliteJobEngine.Start.AddDays(3).AddHours(2), SqliteJobEngine.Start.AddDays(3).AddHours(2)],
            trail.Select(e => e.At));
    }

    [Fact]
    public async Task Replacing_and_cancelling_are_recorded_as_actions_without_a_state_change()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateAsync("MySampleJob");
        Assert.True(Ok(await engine.Jobs.PutAsync(Key("MySampleJob"), JobCondition.None, Parsed(Import(2)), Ct)).Replaced);
        await engine.ShipAsync("MySampleJob");
        await engine.CancelAsync("MySampleJob");

        var trail = await engine.AuditAsync("MySampleJob");

        Assert.Equal(
        [
            (AuditAction.Create, null, null, "Creating", AuditActorKind.Subscription),
            (AuditAction.Replace, null, null, null, AuditActorKind.Subscription),
            (AuditAction.Ship, null, "Creating", "Shipping", AuditActorKind.Subscription),
            (AuditAction.Cancel, null, null, null, AuditActorKind.Subscription),
        ], trail.Select(Row));
        Assert.Equal([true, false, true, false], trail.Select(e => e.IsStateChange));
    }

    [Fact]
    public async Task A_refused_update_or_step_writes_no_entry()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateAsync("MySampleJob");

        var refusedUpdate = await engine.Jobs.UpdateAsync(Key("MySampleJob"), JobCondition.None, Parsed(new JobUpdate { RequestShipping = true }), Ct);
        var refusedStep = await engine.DataCentre.ReceivePackageAsync(Key("MySampleJob"), [new ReceivedDrive(D0, null)], Actor.Operator, Ct);

        Assert.NotNull(refusedUpdate.Error);
        Assert.NotNull(refusedStep.Error);
        Assert.Equal([AuditAction.Create], (await engine.AuditAsync("MySampleJob")).Select(e => e.Action));
    }

    [Fact]
    public async Task The_trail_of_a_deleted_job_survives_and_a_new_job_of_the_same_name_starts_its_own()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var first = await engine.CreateAsync("MySampleJob");
        Assert.True(Ok(await engine.Jobs.DeleteAsync(Key("MySampleJob"), JobCondition.None, Ct)));
        var second = await engine.CreateAsync("MySampleJob");

        var firstTrail = await engine.Store.ListAuditAsync(first.Id, Ct);
        var secondTrail = await engine.Store.ListAuditAsync(second.Id, Ct);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal([(AuditAction.Create, null, null, "Creating", AuditActorKind.Subscription), (AuditAction.Delete, null, "Creating", null, AuditActorKind.Subscription)],
            firstTrail.Select(Row));
        Assert.Equal([AuditAction.Create], secondTrail.Select(e => e.Action));
        Assert.Single(await engine.ReadRawRowsAsync("jobs"));
        Assert.Equal(3, (await engine.ReadRawRowsAsync("audit_entries")).Count);
    }

    [Fact]
    public async Task A_job_expired_by_the_sweeper_gets_an_Expire_entry_by_the_system()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var job = await engine.CreateAsync("MySampleJob");
        engine.Clock.Advance(TimeSpan.FromDays(14));

        Assert.Equal(1, await engine.Sweeper.SweepOnceAsync(Ct));

        var expired = (await engine.Store.ListAuditAsync(job.Id, Ct))[^1];
        Assert.Equal((AuditAction.Expire, null, "Creating", null, AuditActorKind.System), Row(expired));
        Assert.Equal(("sweeper", SqliteJobEngine.Start.AddDays(14)), (expired.Actor, expired.At));
    }

    [Fact]
    public async Task A_Put_over_an_expired_Creating_job_records_its_expiry_before_the_new_job_is_created()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var old = await engine.CreateAsync("MySampleJob");
        engine.Clock.Advance(TimeSpan.FromDays(15));

        var fresh = await engine.CreateAsync("MySampleJob");

        Assert.NotEqual(old.Id, fresh.Id);
        var expired = (await engine.Store.ListAuditAsync(old.Id, Ct))[^1];
        Assert.Equal((AuditAction.Expire, null, "Creating", null, AuditActorKind.System), Row(expired));
        Assert.Equal("sweeper", expired.Actor);
        var created = Assert.Single(await engine.Store.ListAuditAsync(fresh.Id, Ct));
        Assert.True(created.Id > expired.Id);
    }

    [Fact]
    public async Task Reset_deletes_every_job_of_the_subscription_on_every_surface_and_records_a_Reset_entry_for_each()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var creating = await engine.CreateAsync("creating");
        var shipping = await engine.CreateShippedAsync("shipping");
        var arm = Ok(await engine.Jobs.PutAsync(new JobKey(ApiSurface.Arm, Subscription, "myrg", "armjob", null), JobCondition.None, Parsed(Import()), Ct)).Job;
        var other = Ok(await engine.Jobs.PutAsync(Key("creating", subscription: OtherSubscription), JobCondition.None, Parsed(Import()), Ct)).Job;
        engine.Clock.Advance(TimeSpan.FromMinutes(5));

        var deleted = await engine.DataCentre.ResetAsync(Subscription, Actor.Operator, Ct);

        Assert.Equal(3, deleted);
        Assert.Equal([other.Id], (await engine.ReadRawRowsAsync("jobs")).Select(r => (long)r["Id"]!));
        Assert.Single(await engine.ReadRawRowsAsync("drives"));
        foreach (var (job, state) in new[] { (creating, "Creating"), (shipping, "Shipping"), (arm, "Creating") })
        {
            var reset = (await engine.Store.ListAuditAsync(job.Id, Ct))[^1];
            Assert.Equal((AuditAction.Reset, null, state, null, AuditActorKind.Operator), Row(reset));
            Assert.Equal(("operator", SqliteJobEngine.Start.AddMinutes(5), job.Name), (reset.Actor, reset.At, reset.JobName));
        }

        Assert.Equal("myrg", (await engine.Store.ListAuditAsync(arm.Id, Ct))[^1].ResourceGroup);
        Assert.Equal([AuditAction.Create], (await engine.Store.ListAuditAsync(other.Id, Ct)).Select(e => e.Action));
        Assert.Equal(0, await engine.DataCentre.ResetAsync(Subscription, Actor.Operator, Ct));
    }
}
