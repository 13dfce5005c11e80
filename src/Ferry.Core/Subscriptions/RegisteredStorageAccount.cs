namespace Ferry.Core.Subscriptions;

/// <summary>
/// Credentials registered for a storage account that ARM jobs name by resource id (ARM requests carry none).
/// Exactly one of the protected key and the protected container SAS is set; both are secrets, never returned.
/// </summary>
public sealed class RegisteredStorageAccount
{
    /// <summary>The account's resource id, lowercase: the key.</summary>
    public string Id { get; set; } = "";

    /// <summary>The account name (the id's last segment), lowercase.</summary>
    public string AccountName { get; set; } = "";

    /// <summary>Protected account key, or null when a SAS is registered.</summary>
    public string? ProtectedAccountKey { get; set; }

    /// <summary>Protected container SAS (<c>container?sv=…</c>), or null when a key is registered.</summary>
    public string? ProtectedContainerSas { get; set; }

    /// <summary>When the credentials were registered or last replaced.</summary>
    public DateTimeOffset RegisteredAt { get; set; }
}
