using Ferry.Core.Audit;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Ferry.UnitTests.Support;
using static Ferry.UnitTests.Support.DataCentreSteps;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Core.Jobs;

/// <summary>
/// <see cref="DataCentre"/> on a real SQLite file: every data-centre step of lifecycle.md §6 with the job and drive
/// states it leaves, and every refused precondition answered 400, 404 or 409 without any change (job, drives and
/// audit trail read back identical). This file: lookups; the steps are in the other parts.
/// </summary>
public sealed partial class DataCentreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Runs a step that must be refused with <paramref name="kind"/>, and checks that the job did not change.</summary>
    private static async Task AssertRefusedAsync(SqliteJobEngine engine, string name, FerryErrorKind kind, Func<Task<Result<Job>>> step, string? target = null)
    {
        var before = await engine.FootprintAsync(name);
        engine.Clock.Advance(TimeSpan.FromMinutes(1));

        var result = await step();

        AssertError(kind, result.Error, target);
        Assert.Equal(before, await engine.FootprintAsync(name));
    }

    [Fact]
    public async Task Get_finds_a_job_through_a_key_without_storage_account_and_answers_404_for_an_unknown_job()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var created = await engine.CreateAsync("MySampleJob");

        var found = await engine.DataCentre.GetAsync(JobKey.Of(created) with { Name = "mysamplejob" }, Ct);
        var missing = await engine.DataCentre.GetAsync(Key("OtherJob"), Ct);

        Assert.Equal(created.Id, Ok(found).Id);
        AssertError(FerryErrors.NotFound, missing.Error, "job");
    }

    [Fact]
    public async Task Steps_address_an_ARM_job_by_its_resource_group()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var key = new JobKey(ApiSurface.Arm, Subscription, "myrg", "armjob", null);
        Ok(await engine.Jobs.PutAsync(key, JobCondition.None, Parsed(Import()), Ct));
        Ok(await engine.Jobs.UpdateAsync(key, JobCondition.None, Parsed(new JobUpdate { RequestShipping = true, DeliveryPackage = SampleDeliveryPackage }), Ct));

        var otherGroup = await engine.DataCentre.ReceivePackageAsync(key with { ResourceGroup = "otherrg" }, [new ReceivedDrive(D0, null)], Actor.Operator, Ct);
        var classic = await engine.DataCentre.ReceivePackageAsync(Key("armjob"), [new ReceivedDrive(D0, null)], Actor.Operator, Ct);
        var received = await engine.DataCentre.ReceivePackageAsync(key with { Name = "ARMJOB" }, [new ReceivedDrive(D0, null)], Actor.Operator, Ct);

        AssertError(FerryErrors.NotFound, otherGroup.Error);
        AssertError(FerryErrors.NotFound, classic.Error);
        Assert.Equal((ApiSurface.Arm, "myrg", JobState.Received), (Ok(received).Surface, Ok(received).ResourceGroup, Ok(received).State));
    }

    [Fact]
    public async Task A_step_on_a_job_that_does_not_exist_is_a_404()
    {
        await using var engine = await SqliteJobEngine.StartAsync();

        var result = await engine.DataCentre.ReceivePackageAsync(Key("OtherJob"), [new ReceivedDrive(D0, null)], Actor.Operator, Ct);

        AssertError(FerryErrors.NotFound, result.Error, "job");
    }

    [Fact]
    public async Task A_step_on_a_finished_job_past_its_retention_is_a_404()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob");
        Ok(await engine.DataCentre.CloseAsync(Key("MySampleJob"), Actor.Operator, Ct));
        engine.Clock.Advance(TimeSpan.FromDays(90));

        var result = await engine.DataCentre.ReceiveDriveAsync(Key("MySampleJob"), D0, null, Actor.Operator, Ct);

        AssertError(FerryErrors.NotFound, result.Error, "job");
    }

    [Fact]
    public async Task History_lists_the_jobs_audit_trail_oldest_first_and_is_a_404_for_an_unknown_job()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob");

        var history = Ok(await engine.DataCentre.HistoryAsync(Key("MySampleJob"), Ct));
        var missing = await engine.DataCentre.HistoryAsync(Key("OtherJob"), Ct);

        Assert.Equal([AuditAction.Create, AuditAction.Ship], history.Select(e => e.Action));
        AssertError(FerryErrors.NotFound, missing.Error, "job");
    }
}
