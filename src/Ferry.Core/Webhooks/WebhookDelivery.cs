namespace Ferry.Core.Webhooks;

/// <summary>
/// One event on its way to one webhook: the outbox row, written in the same transaction as the change it reports,
/// then updated after each attempt.
/// </summary>
public sealed class WebhookDelivery
{
    /// <summary>Store key; deliveries of one webhook go out in this order.</summary>
    public long Id { get; set; }

    /// <summary>The webhook.</summary>
    public string WebhookId { get; set; } = "";

    /// <summary>The subscription (of the webhook and of the job).</summary>
    public string SubscriptionId { get; set; } = "";

    /// <summary>The audit entry that is the event.</summary>
    public long AuditEntryId { get; set; }

    /// <summary>The event id sent to receivers, stable across retries and shared by every webhook of the event.</summary>
    public string EventId { get; set; } = "";

    /// <summary>Where the delivery stands.</summary>
    public WebhookDeliveryStatus Status { get; set; }

    /// <summary>Attempts made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>When the next attempt is due (Pending only).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>HTTP status of the last attempt, or null (no answer, or none yet).</summary>
    public int? LastStatusCode { get; set; }

    /// <summary>Why the last attempt failed, or null.</summary>
    public string? LastError { get; set; }

    /// <summary>When the receiver acknowledged it.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>When the event was recorded.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
