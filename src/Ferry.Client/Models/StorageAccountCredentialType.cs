namespace Ferry.Client.Models;

/// <summary>Which credential is registered for a storage account.</summary>
public enum StorageAccountCredentialType
{
    /// <summary>An account key: the whole account.</summary>
    AccountKey,

    /// <summary>A container SAS: one container.</summary>
    ContainerSas,
}
