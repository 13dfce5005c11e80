using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>A storage account whose credentials are registered with the service for ARM jobs. Output only; never carries the secret.</summary>
public sealed class RegisteredStorageAccount
{
    [JsonConstructor]
    internal RegisteredStorageAccount()
    {
    }

    /// <summary>The account's resource id, lowercase (<c>id</c>).</summary>
    [JsonInclude]
    public string Id { get; internal set; } = string.Empty;

    /// <summary>The account name, lowercase (<c>accountName</c>).</summary>
    [JsonInclude]
    public string AccountName { get; internal set; } = string.Empty;

    /// <summary>Which credential is registered (<c>credentialType</c>).</summary>
    [JsonInclude]
    public StorageAccountCredentialType CredentialType { get; internal set; }

    /// <summary>When the credentials were registered or last replaced (<c>registeredAt</c>).</summary>
    [JsonInclude]
    public DateTimeOffset RegisteredAt { get; internal set; }
}
