using System.Net;
using Azure;
using Ferry.Client.Models;

namespace Ferry.UnitTests.Client;

/// <summary>The customer extensions of <c>ClassicImportExportClient</c> (docs/operator-api.md §3) on the wire.</summary>
public sealed class ClassicExtensionsWireTests
{
    private const string Base = "https://ferry.example/sub-1/services/ferry";

    [Fact]
    public async Task Job_history_is_a_GET_under_services_ferry_without_the_classic_version_header()
    {
        var handler = StubHandler.Json(HttpStatusCode.OK, OperatorWire.History);

        var history = (await ClassicTestClient.Create(handler).GetJobHistoryAsync("job 1", TestContext.Current.CancellationToken)).Value;

        var request = Assert.Single(handler.Requests);
        Assert.Equal(("GET", Base + "/jobs/job%201/history"), (request.Method, request.Uri));
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Null(request.Header("x-ms-version"));
        Assert.Equal([AuditAction.Create, AuditAction.ReceivePackage], history.Select(e => e.Action));
    }

    [Fact]
    public async Task Adding_a_webhook_posts_url_and_secret_and_reads_the_secret_once()
    {
        const string Answer = """{"id":"wh-1","url":"https://hooks.example/ferry","createdAt":"2026-11-28T21:00:00.0000000+00:00","secret":"c2VjcmV0"}""";
        var handler = StubHandler.Json(HttpStatusCode.Created, Answer);
        var client = ClassicTestClient.Create(handler);
        var ct = TestContext.Current.CancellationToken;

        var webhook = (await client.AddWebhookAsync(new Uri("https://hooks.example/ferry"), "s3cret", ct)).Value;
        await client.AddWebhookAsync(new Uri("https://hooks.example/ferry"), cancellationToken: ct);

        Assert.Equal(("POST", Base + "/webhooks"), (handler.Requests[0].Method, handler.Requests[0].Uri));
        Assert.Equal("""{"url":"https://hooks.example/ferry","secret":"s3cret"}""", handler.Requests[0].Body);
        Assert.Equal("application/json", handler.Requests[0].Header("Content-Type"));
        Assert.Equal("""{"url":"https://hooks.example/ferry"}""", handler.Requests[1].Body);
        Assert.Equal(("wh-1", new Uri("https://hooks.example/ferry"), "c2VjcmV0"), (webhook.Id, webhook.Url, webhook.Secret));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 21, 0, 0, TimeSpan.Zero), webhook.CreatedAt);
    }

    [Fact]
    public async Task Listing_webhooks_reads_the_value_envelope_without_secrets()
    {
        var handler = StubHandler.Json(HttpStatusCode.OK, """{"value":[{"id":"wh-1","url":"https://a.example/","createdAt":"2026-11-28T21:00:00.0000000+00:00"}]}""");

        var webhooks = (await ClassicTestClient.Create(handler).GetWebhooksAsync(TestContext.Current.CancellationToken)).Value;

        Assert.Equal(("GET", Base + "/webhooks"), (handler.Requests[0].Method, handler.Requests[0].Uri));
        var webhook = Assert.Single(webhooks);
        Assert.Equal("wh-1", webhook.Id);
        Assert.Null(webhook.Secret);
    }

    [Fact]
    public async Task Removing_a_webhook_is_a_DELETE_answered_204()
    {
        var handler = StubHandler.Json(HttpStatusCode.NoContent);

        var response = await ClassicTestClient.Create(handler).RemoveWebhookAsync("wh-1", TestContext.Current.CancellationToken);

        Assert.Equal(204, response.Status);
        Assert.Equal(("DELETE", Base + "/webhooks/wh-1"), (handler.Requests[0].Method, handler.Requests[0].Uri));
    }

    [Fact]
    public async Task Deliveries_are_read_with_event_type_and_status()
    {
        const string Answer = """
            {"value":[{"id":1,"eventId":"ev-1","eventType":"job.stateChanged","jobName":"job1","status":"Pending","attempts":2,
              "lastStatusCode":500,"lastError":"boom","nextAttemptAt":"2026-11-28T21:05:00.0000000+00:00","deliveredAt":null,"createdAt":"2026-11-28T21:00:00.0000000+00:00"},
             {"id":2,"eventId":"ev-2","eventType":"drive.stateChanged","jobName":"job1","status":"Delivered","attempts":1,
              "lastStatusCode":200,"lastError":null,"nextAttemptAt":null,"deliveredAt":"2026-11-28T21:00:01.0000000+00:00","createdAt":"2026-11-28T21:00:00.0000000+00:00"}]}
            """;
        var handler = StubHandler.Json(HttpStatusCode.OK, Answer);

        var deliveries = (await ClassicTestClient.Create(handler).GetWebhookDeliveriesAsync("wh-1", TestContext.Current.CancellationToken)).Value;

        Assert.Equal(("GET", Base + "/webhooks/wh-1/deliveries"), (handler.Requests[0].Method, handler.Requests[0].Uri));
        Assert.Equal((1L, "ev-1", WebhookEventType.JobStateChanged, WebhookDeliveryStatus.Pending, 2, (int?)500, "boom"),
            (deliveries[0].Id, deliveries[0].EventId, deliveries[0].EventType, deliveries[0].Status, deliveries[0].Attempts, deliveries[0].LastStatusCode, deliveries[0].LastError));
        Assert.Equal((WebhookEventType.DriveStateChanged, WebhookDeliveryStatus.Delivered, (DateTimeOffset?)null), (deliveries[1].EventType, deliveries[1].Status, deliveries[1].NextAttemptAt));
    }

    [Fact]
    public async Task A_problem_from_the_extensions_becomes_a_RequestFailedException_with_its_code()
    {
        const string Problem = """{"type":"https://ferry.dev/errors/AuthenticationFailed","title":"AuthenticationFailed","status":403,"detail":"The certificate is not registered.","code":"AuthenticationFailed"}""";
        var client = ClassicTestClient.Create(StubHandler.Json(HttpStatusCode.Forbidden, Problem, "application/problem+json"));

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetWebhooksAsync(TestContext.Current.CancellationToken));

        Assert.Equal((403, "AuthenticationFailed", "The certificate is not registered."), (ex.Status, ex.ErrorCode, ex.Message));
    }
}
