namespace Ferry.Core.Subscriptions;

/// <summary>A registered storage account as it may be shown: never its secret.</summary>
/// <param name="Id">The resource id, lowercase.</param>
/// <param name="AccountName">The account name, lowercase.</param>
/// <param name="CredentialType">Which credential is registered.</param>
/// <param name="RegisteredAt">When it was registered or last replaced.</param>
public sealed record StorageAccountRegistration(string Id, string AccountName, StorageAccountCredentialType CredentialType, DateTimeOffset RegisteredAt)
{
    /// <summary>The view of a stored registration.</summary>
    public static StorageAccountRegistration From(RegisteredStorageAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new(account.Id, account.AccountName,
            account.ProtectedAccountKey is null ? StorageAccountCredentialType.ContainerSas : StorageAccountCredentialType.AccountKey,
            account.RegisteredAt);
    }
}
