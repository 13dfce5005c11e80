namespace Ferry.Core.Jobs;

/// <summary>
/// The credential a job uses against its storage account: an account key or a container SAS
/// (<c>container?sv=…</c>). Exactly one is set. A secret: never logged, never returned.
/// </summary>
public sealed record StorageCredential(string? AccountKey, string? ContainerSas)
{
    /// <summary>Hides the secret from logs and debugger displays.</summary>
    public override string ToString() => AccountKey is not null ? "StorageCredential(AccountKey)" : "StorageCredential(ContainerSas)";
}
