namespace Ferry.Core.Subscriptions;

/// <summary>A management certificate registered to a subscription, identified by its SHA-1 thumbprint.</summary>
public sealed class ManagementCertificate
{
    /// <summary>Upper-case hex SHA-1 thumbprint.</summary>
    public string Thumbprint { get; set; } = "";

    /// <summary>Owning subscription.</summary>
    public string SubscriptionId { get; set; } = "";

    /// <summary>Certificate subject, for display.</summary>
    public string Subject { get; set; } = "";

    /// <summary>Certificate expiry, for display.</summary>
    public DateTimeOffset NotAfter { get; set; }

    /// <summary>When it was registered.</summary>
    public DateTimeOffset AddedAt { get; set; }
}
