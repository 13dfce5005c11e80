namespace Ferry.Client.Models;

/// <summary>
/// The credential registered for a storage account: an account key, or a container SAS (<c>container?sv=…&amp;sig=…</c>).
/// Input only; the service never returns it. <see cref="ToString"/> does not reveal the secret.
/// </summary>
public sealed class StorageAccountCredential
{
    private StorageAccountCredential(string? accountKey, string? containerSas)
    {
        AccountKey = accountKey;
        ContainerSas = containerSas;
    }

    /// <summary>The credential's kind.</summary>
    public StorageAccountCredentialType Type => AccountKey is null ? StorageAccountCredentialType.ContainerSas : StorageAccountCredentialType.AccountKey;

    internal string? AccountKey { get; }

    internal string? ContainerSas { get; }

    /// <summary>An account key (Base64, as the storage service issues it; the service checks).</summary>
    /// <param name="accountKey">The key.</param>
    /// <returns>The credential.</returns>
    /// <exception cref="ArgumentException"><paramref name="accountKey"/> is <see langword="null"/> or empty.</exception>
    public static StorageAccountCredential FromAccountKey(string accountKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountKey);
        return new StorageAccountCredential(accountKey, null);
    }

    /// <summary>A container SAS, <c>&lt;container&gt;?&lt;sas-token&gt;</c> with <c>sv</c> and <c>sig</c> (the service checks).</summary>
    /// <param name="containerSas">The SAS.</param>
    /// <returns>The credential.</returns>
    /// <exception cref="ArgumentException"><paramref name="containerSas"/> is <see langword="null"/> or empty.</exception>
    public static StorageAccountCredential FromContainerSas(string containerSas)
    {
        ArgumentException.ThrowIfNullOrEmpty(containerSas);
        return new StorageAccountCredential(null, containerSas);
    }

    /// <inheritdoc />
    public override string ToString() => $"StorageAccountCredential({Type})";
}
