namespace Ferry.Core.Subscriptions;

/// <summary>A customer subscription known to the server.</summary>
public sealed class Subscription
{
    /// <summary>Lowercase GUID string.</summary>
    public string Id { get; set; } = "";

    /// <summary>A disabled subscription is refused with SubscriptionDisabled.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>When it was registered.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Registered management certificates.</summary>
    public List<ManagementCertificate> Certificates { get; set; } = [];
}
