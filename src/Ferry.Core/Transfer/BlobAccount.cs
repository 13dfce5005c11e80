using Azure.Storage.Blobs;

namespace Ferry.Core.Transfer;

/// <summary>
/// A job's access to its storage account: the whole account (account key), or one container (container SAS).
/// </summary>
/// <param name="Endpoint">The account's blob endpoint, ending with '/'.</param>
/// <param name="Service">The account client; null with a container SAS.</param>
/// <param name="SasContainer">The SAS's container; null with an account key.</param>
/// <param name="SasContainerClient">The SAS container's client; null with an account key.</param>
public sealed record BlobAccount(Uri Endpoint, BlobServiceClient? Service, string? SasContainer, BlobContainerClient? SasContainerClient)
{
    /// <summary>The client of <paramref name="container"/>, or null when the job's SAS does not reach it.</summary>
    public BlobContainerClient? ContainerOrNull(string container) =>
        Service is not null ? Service.GetBlobContainerClient(container)
        : string.Equals(container, SasContainer, StringComparison.Ordinal) ? SasContainerClient : null;

    /// <summary>
    /// Where the job's logs and manifest backups go (docs/formats.md §5.1): with a key, container <paramref name="diagnosticsPath"/>
    /// (or its first segment, the rest a virtual directory); with a SAS, the virtual directory inside the SAS container.
    /// Returns the container client and the blob-name prefix (empty or ending with '/').
    /// </summary>
    public (BlobContainerClient Container, string Prefix) Diagnostics(string diagnosticsPath)
    {
        var path = diagnosticsPath.Trim('/');
        if (Service is not null)
        {
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? (Service.GetBlobContainerClient(path), "") : (Service.GetBlobContainerClient(path[..slash]), path[(slash + 1)..] + "/");
        }

        return (SasContainerClient!, path.Length == 0 ? "" : path + "/");
    }

    /// <inheritdoc />
    public override string ToString() => Service is not null ? $"BlobAccount({Endpoint}, key)" : $"BlobAccount({Endpoint}, SAS {SasContainer})";
}
