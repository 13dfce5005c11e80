using System.Net.Http.Headers;
using Ferry.Core.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Webhooks;

/// <summary>
/// Delivers the outbox: one pass POSTs every due delivery (the oldest pending one of each webhook, concurrently
/// across webhooks), signed with the webhook's secret, and records the outcome: Delivered on a 2xx, otherwise a
/// retry after the configured back-off, or Failed after the last attempt. At least once: a crash between the POST and
/// the record sends the event again, with the same event id.
/// </summary>
public sealed partial class WebhookDispatcher(
    WebhookStore store,
    ISecretProtector secrets,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    Telemetry.FerryTelemetry telemetry,
    ILogger<WebhookDispatcher> logger)
{
    /// <summary>The named <see cref="HttpClient"/> deliveries use.</summary>
    public const string HttpClientName = "ferry-webhooks";

    private const int BatchSize = 64;
    private const int MaxErrorLength = 500;

    /// <summary>Sends every delivery due now; returns how long until the next one falls due (null when the outbox is empty).</summary>
    public async Task<TimeSpan?> RunOnceAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var due = await store.ListDueAsync(time.GetUtcNow(), BatchSize, cancellationToken);
            if (due.Count == 0)
            {
                break;
            }

            await Task.WhenAll(due.Select(d => DeliverAsync(d, cancellationToken)));
        }

        var next = await store.NextAttemptOrNullAsync(cancellationToken);
        return next is { } at ? TimeSpan.FromTicks(Math.Max(0, (at - time.GetUtcNow()).Ticks)) : null;
    }

    private async Task DeliverAsync(DueDelivery due, CancellationToken cancellationToken)
    {
        var (delivery, webhook, entry) = due;
        var payload = WebhookEvent.From(delivery.EventId, entry);
        var body = payload.ToUtf8Json();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-Ferry-Event", payload.Type);
        request.Headers.Add("X-Ferry-Delivery", delivery.EventId);
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(secrets.Unprotect(webhook.ProtectedSecret), body));

        int? status = null;
        string? error = null;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(options.Value.Timeout);
            try
            {
                using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                status = (int)response.StatusCode;
                error = response.IsSuccessStatusCode ? null : $"HTTP {status}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"no answer within {options.Value.Timeout.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException e)
            {
                error = e.Message.Length > MaxErrorLength ? e.Message[..MaxErrorLength] : e.Message;
            }
        }

        var now = time.GetUtcNow();
        delivery.Attempts++;
        delivery.LastStatusCode = status;
        delivery.LastError = error;
        string outcome;
        if (error is null)
        {
            delivery.Status = WebhookDeliveryStatus.Delivered;
            delivery.DeliveredAt = now;
            outcome = "delivered";
        }
        else if (delivery.Attempts >= options.Value.MaxAttempts)
        {
            delivery.Status = WebhookDeliveryStatus.Failed;
            LogGaveUp(delivery.EventId, webhook.Id, delivery.Attempts, error);
            outcome = "failed";
        }
        else
        {
            delivery.NextAttemptAt = now + options.Value.RetryDelay(delivery.Attempts);
            LogRetry(delivery.EventId, webhook.Id, delivery.Attempts, error);
            outcome = "retry";
        }

        await store.RecordAttemptAsync(delivery, cancellationToken);
        telemetry.WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("ferry.webhook.outcome", outcome));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {WebhookId}: event {EventId} attempt {Attempts} failed ({Error}); will retry")]
    private partial void LogRetry(string eventId, string webhookId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId}: event {EventId} failed after {Attempts} attempts ({Error}); giving up")]
    private partial void LogGaveUp(string eventId, string webhookId, int attempts, string error);
}
