namespace Ferry.Core.Subscriptions;

/// <summary>Which credential is registered for a storage account.</summary>
public enum StorageAccountCredentialType
{
    /// <summary>An account key: the whole account.</summary>
    AccountKey = 1,

    /// <summary>A container SAS: one container.</summary>
    ContainerSas = 2,
}
