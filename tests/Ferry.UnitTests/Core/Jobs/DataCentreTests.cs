using Ferry.Core.Audit;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Ferry.UnitTests.Support;
using static Ferry.UnitTests.Support.DataCentreSteps;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Core.Jobs;

/// <summary>
/// <see cref="DataCentre"/> on a real SQLite file: every data-centre step of docs/lifecycle.md §6 with the job and drive
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

    [Theory]
    [InlineData("R1")]
    [InlineData("R2")]
    [InlineData("N1")]
    [InlineData("N2")]
    [InlineData("C1")]
    [InlineData("C2")]
    [InlineData("C3")]
    [InlineData("S1")]
    public async Task Every_step_on_a_job_that_does_not_exist_is_a_404_naming_the_job(string step)
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob");
        var key = Key("OtherJob");
        var dc = engine.DataCentre;

        var result = step switch
        {
            "R1" => await dc.ReceivePackageAsync(key, [new ReceivedDrive(D0, null)], Actor.Operator, Ct),
            "R2" => await dc.ReceiveDriveAsync(key, D0, null, Actor.Operator, Ct),
            "N1" => await dc.MarkNeverReceivedAsync(key, D0, Actor.Operator, Ct),
            "N2" => await dc.CloseAsync(key, Actor.Operator, Ct),
            "C1" => await dc.StartCopyAsync(key, D0, null, Actor.Operator, Ct),
            "C2" => await dc.ReportProgressAsync(key, D0, 10, 10, Actor.Operator, Ct),
            "C3" => await dc.FinishCopyAsync(key, D0, CopyStatus.Completed, false, null, true, Actor.Operator, Ct),
            _ => await dc.ShipBackAsync(key, SampleReturnPackage, Actor.Operator, Ct),
        };

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
    public async Task Concurrent_steps_on_different_drives_of_one_job_all_take_effect()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob", drives: 6);
        var ids = Enumerable.Range(0, 6).Select(i => Drive(i).DriveId).ToList();
        await engine.ReceiveAsync("MySampleJob", [.. ids]);
        foreach (var id in ids)
        {
            await engine.StartCopyAsync("MySampleJob", id);
        }

        var results = await Task.WhenAll(ids.Select((id, i) => Task.Run(() =>
            engine.DataCentre.ReportProgressAsync(Key("MySampleJob"), id, 10 * (i + 1), 100 * (i + 1), Actor.Operator, Ct))));

        Assert.All(results, r => Assert.Null(r.Error));
        var job = await engine.ReadAsync("MySampleJob");
        Assert.Equal([10, 20, 30, 40, 50, 60], job.Drives.Select(d => d.PercentComplete!.Value));
        Assert.Equal(35, job.PercentComplete);
        Assert.Equal(6, (await engine.AuditAsync("MySampleJob")).Count(e => e.Action == AuditAction.Progress));
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

    [Fact]
    public async Task History_outlives_the_job_and_follows_the_most_recent_job_of_the_name()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await engine.CreateShippedAsync("MySampleJob");
        await engine.DataCentre.ResetAsync(Subscription, Actor.Operator, Ct);

        var afterReset = Ok(await engine.DataCentre.HistoryAsync(Key("mysamplejob"), Ct));
        await engine.CreateAsync("MySampleJob");
        var afterReuse = Ok(await engine.DataCentre.HistoryAsync(Key("MySampleJob"), Ct));

        Assert.Equal([AuditAction.Create, AuditAction.Ship, AuditAction.Reset], afterReset.Select(e => e.Action));
        Assert.Null(afterReset[^1].NewState);
        Assert.Equal([AuditAction.Create], afterReuse.Select(e => e.Action));
        Assert.NotEqual(afterReset[0].JobId, afterReuse[0].JobId);
    }
}
