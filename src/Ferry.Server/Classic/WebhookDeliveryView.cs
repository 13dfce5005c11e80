using Ferry.Core.Audit;
using Ferry.Core.Webhooks;

namespace Ferry.Server.Classic;

/// <summary>A delivery on the wire (docs/operator-api.md §3); <c>nextAttemptAt</c> only while it is Pending.</summary>
internal sealed record WebhookDeliveryView(
    long Id,
    string EventId,
    string? EventType,
    string? JobName,
    WebhookDeliveryStatus Status,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset CreatedAt)
{
    public static WebhookDeliveryView From(WebhookDelivery delivery, AuditEntry? entry) => new(
        delivery.Id,
        delivery.EventId,
        entry is null ? null : WebhookEvent.From(delivery.EventId, entry).Type,
        entry?.JobName,
        delivery.Status,
        delivery.Attempts,
        delivery.LastStatusCode,
        delivery.LastError,
        delivery.Status == WebhookDeliveryStatus.Pending ? delivery.NextAttemptAt : null,
        delivery.DeliveredAt,
        delivery.CreatedAt);
}
