using System.Net;
using Azure;
using Azure.Core.Pipeline;
using Ferry.Client.Models;
using Ferry.Client.Operator;

namespace Ferry.UnitTests.Client;

/// <summary>What <see cref="FerryOperatorClient"/> puts on the wire for each operation of docs/operator-api.md §1, and how it reads answers.</summary>
public sealed class OperatorClientWireTests
{
    private const string Base = "https://ferry.example/operator/";
    private static readonly OperatorJobReference _job = new("sub-1", "job1");

    public static TheoryData<string> Operations() => [.. _cases.Keys];

    private static readonly Dictionary<string, (Func<FerryOperatorClient, CancellationToken, Task> Call, string Method, string Path, string? Body)> _cases = new()
    {
        ["get"] = ((c, ct) => c.GetJobAsync(_job, ct), "GET", "subscriptions/sub-1/jobs/job1", null),
        ["receive"] = ((c, ct) => c.ReceivePackageAsync(_job, [new ReceivedDrive("WD-1", "/bay/WD-1"), new ReceivedDrive("WD-2")], ct),
            "POST", "subscriptions/sub-1/jobs/job1/receive", """{"drives":[{"driveId":"WD-1","contentPath":"/bay/WD-1"},{"driveId":"WD-2"}]}"""),
        ["receive-drive"] = ((c, ct) => c.ReceiveDriveAsync(_job, "WD-1", "/bay/WD-1", ct), "POST", "subscriptions/sub-1/jobs/job1/drives/WD-1/receive", """{"contentPath":"/bay/WD-1"}"""),
        ["receive-drive-without-path"] = ((c, ct) => c.ReceiveDriveAsync(_job, "WD-1", cancellationToken: ct), "POST", "subscriptions/sub-1/jobs/job1/drives/WD-1/receive", "{}"),
        ["never-received"] = ((c, ct) => c.MarkNeverReceivedAsync(_job, "WD-1", ct), "POST", "subscriptions/sub-1/jobs/job1/drives/WD-1/never-received", null),
        ["close"] = ((c, ct) => c.CloseJobAsync(_job, ct), "POST", "subscriptions/sub-1/jobs/job1/close", null),
        ["start"] = ((c, ct) => c.StartCopyAsync(_job, "WD-1", ct), "POST", "subscriptions/sub-1/jobs/job1/drives/WD-1/start", null),
        ["progress"] = ((c, ct) => c.ReportProgressAsync(_job, "WD-1", 40, 1024, ct), "POST", "subscriptions/sub-1/jobs/job1/drives/WD-1/progress", """{"percentComplete":40,"bytesSucceeded":1024}"""),
        ["complete"] = ((c, ct) => c.CompleteDriveAsync(_job, "WD-1", CopyStatus.Completed, false, 1024, ct),
            "POST", "subscriptions/sub-1/jobs/job1/drives/WD-1/complete", """{"copyStatus":"Completed","moreInfo":false,"bytesSucceeded":1024}"""),
        ["complete-defaults"] = ((c, ct) => c.CompleteDriveAsync(_job, "WD-1", cancellationToken: ct), "POST", "subscriptions/sub-1/jobs/job1/drives/WD-1/complete", "{}"),
        ["fail"] = ((c, ct) => c.FailDriveAsync(_job, "WD-1", CopyStatus.ManifestNotFound, ct), "POST", "subscriptions/sub-1/jobs/job1/drives/WD-1/fail", """{"copyStatus":"ManifestNotFound"}"""),
        ["ship-back"] = ((c, ct) => c.ShipBackAsync(_job, new OperatorPackage("FedEx", "123") { DriveCount = 2, ShipDate = "2026-11-28" }, ct),
            "POST", "subscriptions/sub-1/jobs/job1/ship-back", """{"carrierName":"FedEx","trackingNumber":"123","driveCount":2,"shipDate":"2026-11-28"}"""),
        ["ship-back-defaults"] = ((c, ct) => c.ShipBackAsync(_job, new OperatorPackage("FedEx", "123"), ct),
            "POST", "subscriptions/sub-1/jobs/job1/ship-back", """{"carrierName":"FedEx","trackingNumber":"123"}"""),
        ["arm-job"] = ((c, ct) => c.GetJobAsync(new OperatorJobReference("sub-1", "job 1", "rg-1"), ct), "GET", "subscriptions/sub-1/resourceGroups/rg-1/jobs/job%201", null),
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Each_job_operation_sends_the_contract_method_URI_bearer_token_and_body(string operation)
    {
        var (call, method, path, body) = _cases[operation];
        var handler = StubHandler.Json(HttpStatusCode.OK, OperatorWire.JobView);

        await call(CreateClient(handler), TestContext.Current.CancellationToken);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(method, request.Method);
        Assert.Equal(Base + path, request.Uri);
        Assert.Equal("Bearer tok-123", request.Header("Authorization"));
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Equal(body, request.Body);
        Assert.Equal(body is null ? null : "application/json", request.Header("Content-Type"));
    }

    [Fact]
    public async Task The_job_view_is_read_with_its_drives_packages_and_enums()
    {
        var client = CreateClient(StubHandler.Json(HttpStatusCode.OK, OperatorWire.JobView));

        OperatorJob job = await client.GetJobAsync(_job, TestContext.Current.CancellationToken);

        Assert.Equal(JobSurface.Classic, job.Surface);
        Assert.Equal(("sub-1", "job1", (string?)null), (job.SubscriptionId, job.Name, job.ResourceGroup));
        Assert.Equal(JobType.Import, job.Type);
        Assert.Equal(JobState.Received, job.State);
        Assert.Equal("account1", job.StorageAccountName);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 21, 30, 0, TimeSpan.Zero), job.ShippingAt);
        Assert.Equal(new ETag("W/\"datetime'2026-11-28T22%3A00%3A00Z'\""), job.ETag);
        Assert.Equal(("FedEx", "1", 1, "2026-11-28"), (job.DeliveryPackage!.CarrierName, job.DeliveryPackage.TrackingNumber, job.DeliveryPackage.DriveCount, job.DeliveryPackage.ShipDate));
        Assert.Null(job.ReturnPackage);
        Assert.Equal(["X-9"], job.ExtraDrives);
        Assert.Equal(2, job.Drives.Count);
        Assert.Equal(("WD-1", DriveState.Received, (CopyStatus?)null, "/bay/WD-1"), (job.Drives[0].DriveId, job.Drives[0].State, job.Drives[0].CopyStatus, job.Drives[0].ContentPath));
        Assert.Equal((DriveState.CompletedMoreInfo, (CopyStatus?)CopyStatus.ManifestNotFound, (int?)100, 1024L), (job.Drives[1].State, job.Drives[1].CopyStatus, job.Drives[1].PercentComplete, job.Drives[1].BytesSucceeded));
        Assert.Equal(_job, job.Reference);
    }

    [Fact]
    public async Task History_is_read_in_sequence_order_with_actor_and_action()
    {
        var handler = StubHandler.Json(HttpStatusCode.OK, OperatorWire.History);

        var history = (await CreateClient(handler).GetJobHistoryAsync(_job, TestContext.Current.CancellationToken)).Value;

        Assert.Equal(Base + "subscriptions/sub-1/jobs/job1/history", Assert.Single(handler.Requests).Uri);
        Assert.Equal([41L, 42L], history.Select(e => e.Sequence));
        Assert.Equal((AuditActorKind.Subscription, "sub-1", AuditAction.Create, (string?)null, "Creating"), (history[0].ActorKind, history[0].Actor, history[0].Action, history[0].OldState, history[0].NewState));
        Assert.Equal((AuditActorKind.Operator, AuditAction.ReceivePackage, "WD-1", "in the package"), (history[1].ActorKind, history[1].Action, history[1].DriveId, history[1].Reason));
    }

    [Fact]
    public async Task Emulation_is_read_and_set_with_a_TimeSpan_step_delay()
    {
        var handler = StubHandler.Json(HttpStatusCode.OK, OperatorWire.Emulation);
        var client = CreateClient(handler);
        var ct = TestContext.Current.CancellationToken;

        var read = (await client.GetEmulationAsync(ct)).Value;
        var set = (await client.SetEmulationAsync(EmulationProgression.Delayed, TimeSpan.FromSeconds(5), ct)).Value;
        await client.SetEmulationAsync(EmulationProgression.Manual, cancellationToken: ct);

        Assert.Equal((true, "/srv/bay", EmulationProgression.Delayed, (TimeSpan?)TimeSpan.FromSeconds(5), (TimeSpan?)TimeSpan.FromDays(14)),
            (read.Enabled, read.DriveBay, read.Progression, read.StepDelay, read.NeverReceivedAfter));
        Assert.Equal(EmulationProgression.Delayed, set.Progression);
        Assert.Equal(("GET", Base + "emulation", (string?)null), (handler.Requests[0].Method, handler.Requests[0].Uri, handler.Requests[0].Body));
        Assert.Equal(("PUT", Base + "emulation", """{"progression":"Delayed","stepDelay":"00:00:05"}"""), (handler.Requests[1].Method, handler.Requests[1].Uri, handler.Requests[1].Body));
        Assert.Equal("""{"progression":"Manual"}""", handler.Requests[2].Body);
        Assert.All(handler.Requests, r => Assert.Equal("Bearer tok-123", r.Header("Authorization")));
    }

    [Fact]
    public async Task Reset_deletes_the_subscription_jobs_and_returns_the_count()
    {
        var handler = StubHandler.Json(HttpStatusCode.OK, """{"deleted":3}""");

        var deleted = await CreateClient(handler).ResetSubscriptionAsync("sub-1", TestContext.Current.CancellationToken);

        Assert.Equal(3, deleted.Value);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(("DELETE", Base + "subscriptions/sub-1/jobs"), (request.Method, request.Uri));
        Assert.Equal("Bearer tok-123", request.Header("Authorization"));
    }

    [Fact]
    public async Task A_problem_becomes_a_RequestFailedException_with_status_code_detail_and_target()
    {
        var client = CreateClient(StubHandler.Json(HttpStatusCode.Conflict, OperatorWire.Problem, "application/problem+json"));

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => client.StartCopyAsync(_job, "WD-1", TestContext.Current.CancellationToken));

        Assert.Equal(409, ex.Status);
        Assert.Equal("Conflict", ex.ErrorCode);
        Assert.Equal("Drive 'WD-1' is in state Completed; only a Received drive can start copying.", ex.Message);
        Assert.Equal("driveId", ex.Data["target"]);
    }

    [Fact]
    public async Task An_unauthorized_answer_without_a_body_still_carries_the_status()
    {
        var client = CreateClient(StubHandler.Json(HttpStatusCode.Unauthorized));

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetEmulationAsync(TestContext.Current.CancellationToken));

        Assert.Equal(401, ex.Status);
        Assert.Null(ex.ErrorCode);
    }

    [Fact]
    public void The_constructor_refuses_an_empty_token_and_references_refuse_empty_names()
    {
        Assert.Throws<ArgumentException>(() => new FerryOperatorClient(new Uri("https://ferry.example/"), ""));
        Assert.Throws<ArgumentException>(() => new OperatorJobReference("sub-1", ""));
        Assert.Throws<ArgumentException>(() => new OperatorJobReference("sub-1", "job1", ""));
        Assert.Equal("subscriptions/s/resourceGroups/rg/jobs/j", new OperatorJobReference("s", "j", "rg").ToString());
        Assert.Equal(new OperatorJobReference("S", "JOB1"), new OperatorJobReference("s", "job1"));
    }

    private static FerryOperatorClient CreateClient(StubHandler handler)
    {
        var options = new FerryOperatorClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) };
        options.Retry.MaxRetries = 0;
        return new FerryOperatorClient(new Uri("https://ferry.example"), "tok-123", options);
    }
}
