using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>One event's delivery to one webhook, with its attempts so far. Output only.</summary>
public sealed class WebhookDelivery
{
    [JsonConstructor]
    internal WebhookDelivery()
    {
    }

    /// <summary>The delivery id (<c>id</c>).</summary>
    [JsonInclude]
    public long Id { get; internal set; }

    /// <summary>The event id (<c>eventId</c>), stable across retries; receivers de-duplicate on it.</summary>
    [JsonInclude]
    public string EventId { get; internal set; } = string.Empty;

    /// <summary>The event type (<c>eventType</c>).</summary>
    [JsonInclude]
    public WebhookEventType EventType { get; internal set; }

    /// <summary>The job the event is about (<c>jobName</c>).</summary>
    [JsonInclude]
    public string? JobName { get; internal set; }

    /// <summary>The delivery state (<c>status</c>).</summary>
    [JsonInclude]
    public WebhookDeliveryStatus Status { get; internal set; }

    /// <summary>Attempts made so far (<c>attempts</c>).</summary>
    [JsonInclude]
    public int Attempts { get; internal set; }

    /// <summary>The HTTP status of the last attempt (<c>lastStatusCode</c>); <see langword="null"/> when there was no answer or no attempt.</summary>
    [JsonInclude]
    public int? LastStatusCode { get; internal set; }

    /// <summary>What went wrong in the last attempt (<c>lastError</c>); <see langword="null"/> when nothing did.</summary>
    [JsonInclude]
    public string? LastError { get; internal set; }

    /// <summary>When the next attempt is due (<c>nextAttemptAt</c>); <see langword="null"/> once delivered or failed.</summary>
    [JsonInclude]
    public DateTimeOffset? NextAttemptAt { get; internal set; }

    /// <summary>When a receiver accepted the event (<c>deliveredAt</c>); <see langword="null"/> until then.</summary>
    [JsonInclude]
    public DateTimeOffset? DeliveredAt { get; internal set; }

    /// <summary>When the delivery was queued (<c>createdAt</c>).</summary>
    [JsonInclude]
    public DateTimeOffset CreatedAt { get; internal set; }
}
