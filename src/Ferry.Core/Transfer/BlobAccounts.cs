using Azure.Storage;
using Azure.Storage.Blobs;
using Ferry.Core.Jobs;
using Ferry.Core.Security;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Transfer;

/// <summary>
/// Maps a job's storage account to blob clients: the endpoint comes from <see cref="TransferOptions.BlobEndpoint"/>,
/// the credential from the job (account key, or container SAS scoped to one container). Secrets are unprotected only
/// here and handed straight to the SDK.
/// </summary>
public sealed class BlobAccounts(IOptions<TransferOptions> options, ISecretProtector secrets)
{
    /// <summary>The account's blob endpoint, e.g. <c>https://acct.blob.core.windows.net/</c> (always ends with '/').</summary>
    public Uri EndpointOf(string accountName)
    {
        var endpoint = options.Value.BlobEndpoint.Replace("{account}", accountName, StringComparison.Ordinal);
        return new Uri(endpoint.EndsWith('/') ? endpoint : endpoint + "/");
    }

    /// <summary>The job's view of its account.</summary>
    public BlobAccount For(Job job)
    {
        var endpoint = EndpointOf(job.StorageAccountName);
        if (job.ProtectedAccountKey is { } key)
        {
            var service = new BlobServiceClient(endpoint, new StorageSharedKeyCredential(job.StorageAccountName, secrets.Unprotect(key)), ClientOptions());
            return new BlobAccount(endpoint, service, null, null);
        }

        // A container SAS "container?sv=…": every blob of the job lives in that one container.
        var sas = secrets.Unprotect(job.ProtectedContainerSas ?? throw new InvalidOperationException("The job has no storage credential."));
        var question = sas.IndexOf('?', StringComparison.Ordinal);
        var container = question < 0 ? sas : sas[..question];
        var token = question < 0 ? "" : sas[(question + 1)..];
        var containerClient = new BlobContainerClient(new Uri(endpoint, Uri.EscapeDataString(container)), new Azure.AzureSasCredential(token), ClientOptions());
        return new BlobAccount(endpoint, null, container, containerClient);
    }

    private static BlobClientOptions ClientOptions() => new()
    {
        Retry = { MaxRetries = 5, Mode = Azure.Core.RetryMode.Exponential, Delay = TimeSpan.FromMilliseconds(200) },
    };
}
