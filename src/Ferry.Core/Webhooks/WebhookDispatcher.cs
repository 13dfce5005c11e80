using System.Net.Http.Headers;
using System.Text;
using Ferry.Core.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Webhooks;

/// <summary>
/// Delivers the outbox: one pass POSTs every due delivery (the oldest pending one of each webhook, concurrently
/// across webhooks) as a CloudEvents 1.0 structured JSON body, signed with the webhook's secret under the Standard
/// Webhooks scheme, and records the outcome: Delivered on a 2xx, otherwise a retry after the configured back-off, or
/// Failed after the last attempt. Redirects are not followed (a 3xx is a failed attempt); the connection is made by
/// <see cref="WebhookTargetGuard.ConnectAsync"/>, which refuses non-public addresses; each attempt's timeout runs on
/// the injected clock. At least once: a crash between the POST and the record sends the event again, with the same
/// <c>webhook-id</c>.
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
        var body = WebhookEvent.From(delivery.EventId, entry).ToCloudEventJson();
        var sentAt = time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(WebhookEvent.MediaType) { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.IdHeader, delivery.EventId);
        request.Headers.Add(WebhookSignature.TimestampHeader, sentAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secrets.Unprotect(webhook.ProtectedSecret), delivery.EventId, sentAt, Encoding.UTF8.GetString(body)));

        int? status = null;
        string? error = null;
        var timeoutAfter = options.Value.Timeout;

        // The attempt's deadline is on the injected clock: a fake clock in tests, the system clock otherwise.
        using (var deadline = new CancellationTokenSource(timeoutAfter, time))
        using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token))
        {
            try
            {
                using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
                status = (int)response.StatusCode;
                error = response.IsSuccessStatusCode ? null
                    : status is >= 300 and < 400 ? $"HTTP {status} (redirects are not followed)"
                    : $"HTTP {status}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"no answer within {timeoutAfter.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException e) when (e.InnerException is WebhookTargetRefusedException refused)
            {
                error = Truncate("refused: " + refused.Message);
            }
            catch (HttpRequestException e)
            {
                error = Truncate(e.Message);
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

    private static string Truncate(string message) => message.Length > MaxErrorLength ? message[..MaxErrorLength] : message;

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {WebhookId}: event {EventId} attempt {Attempts} failed ({Error}); will retry")]
    private partial void LogRetry(string eventId, string webhookId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId}: event {EventId} failed after {Attempts} attempts ({Error}); giving up")]
    private partial void LogGaveUp(string eventId, string webhookId, int attempts, string error);
}
