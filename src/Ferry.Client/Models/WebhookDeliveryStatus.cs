namespace Ferry.Client.Models;

/// <summary>The state of one webhook delivery.</summary>
public enum WebhookDeliveryStatus
{
    /// <summary>Not yet delivered; retried at <c>nextAttemptAt</c>.</summary>
    Pending,

    /// <summary>A receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Every attempt failed; the service gave up.</summary>
    Failed,
}
