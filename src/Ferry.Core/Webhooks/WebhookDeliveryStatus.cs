namespace Ferry.Core.Webhooks;

/// <summary>Where a delivery stands. Stored as its numeric value: the values are frozen.</summary>
public enum WebhookDeliveryStatus
{
    /// <summary>Not yet acknowledged; attempts continue.</summary>
    Pending = 1,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered = 2,

    /// <summary>Every attempt failed; no more attempts.</summary>
    Failed = 3,
}
