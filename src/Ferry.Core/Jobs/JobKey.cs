namespace Ferry.Core.Jobs;

/// <summary>
/// How a request addresses a job: surface, subscription, resource group (empty on classic) and name, plus the
/// storage account the classic path names (null where the surface does not address jobs through an account).
/// </summary>
public sealed record JobKey(ApiSurface Surface, string SubscriptionId, string ResourceGroup, string Name, string? StorageAccountName)
{
    /// <summary>The uniqueness key of the name.</summary>
    public string NameKey => Name.ToUpperInvariant();

    /// <summary>The uniqueness key of the resource group.</summary>
    public string ResourceGroupKey => ResourceGroup.ToUpperInvariant();

    /// <summary>An ARM job.</summary>
    public static JobKey Arm(string subscriptionId, string resourceGroup, string name) =>
        new(ApiSurface.Arm, subscriptionId, resourceGroup, name, null);

    /// <summary>A classic job addressed through an account.</summary>
    public static JobKey Classic(string subscriptionId, string storageAccountName, string name) =>
        new(ApiSurface.Classic, subscriptionId, "", name, storageAccountName);

    /// <summary>The key of a stored job, not bound to a storage account (operator and background work).</summary>
    public static JobKey Of(Job job) => new(job.Surface, job.SubscriptionId, job.ResourceGroup, job.Name, null);

    /// <summary>Whether a stored job is reachable through this key's storage account.</summary>
    public bool AccountMatches(Job job) =>
        StorageAccountName is null || string.Equals(job.StorageAccountName, StorageAccountName, StringComparison.OrdinalIgnoreCase);
}
