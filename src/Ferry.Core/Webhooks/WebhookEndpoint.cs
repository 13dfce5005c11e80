namespace Ferry.Core.Webhooks;

/// <summary>A URL a subscription registered to receive its jobs' state changes.</summary>
public sealed class WebhookEndpoint
{
    /// <summary>Public id: 32 lowercase hex digits.</summary>
    public string Id { get; set; } = "";

    /// <summary>Owning subscription.</summary>
    public string SubscriptionId { get; set; } = "";

    /// <summary>Absolute http(s) URL the events are POSTed to.</summary>
    public string Url { get; set; } = "";

    /// <summary>The signing secret, protected (<see cref="Security.ISecretProtector"/>).</summary>
    public string ProtectedSecret { get; set; } = "";

    /// <summary>Registration instant.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
