using Azure.Storage;
using Azure.Storage.Blobs;
using Ferry.Core.Jobs;
using Ferry.Core.Security;
using Ferry.Core.Subscriptions;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Transfer;

/// <summary>
/// Maps a job's storage account to blob clients: the endpoint comes from <see cref="TransferOptions.BlobEndpoint"/>,
/// the credential from the job (classic: account key, or container SAS scoped to one container) or, for an ARM job,
/// from the credentials registered for its storage account id (<see cref="StorageAccountRegistry"/>). Secrets are
/// unprotected only here and handed straight to the SDK.
/// </summary>
public sealed class BlobAccounts(IOptions<TransferOptions> options, ISecretProtector secrets, StorageAccountRegistry registry)
{
    /// <summary>The account's blob endpoint, e.g. <c>https://acct.blob.core.windows.net/</c> (always ends with '/').</summary>
    public Uri EndpointOf(string accountName)
    {
        var endpoint = options.Value.BlobEndpoint.Replace("{account}", accountName, StringComparison.Ordinal);
        return new Uri(endpoint.EndsWith('/') ? endpoint : endpoint + "/");
    }

    /// <summary>
    /// The job's view of its account; null for an ARM job whose storage account has no registered credentials. The
    /// registry is read on every call, so a registration made after a failure serves the next transfer.
    /// </summary>
    public async Task<BlobAccount?> ForAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.StorageAccountId is not { } id)
        {
            return Create(job.StorageAccountName, job.ProtectedAccountKey, job.ProtectedContainerSas);
        }

        var registered = await registry.FindStoredOrNullAsync(id, cancellationToken);
        return registered is null ? null : Create(registered.AccountName, registered.ProtectedAccountKey, registered.ProtectedContainerSas);
    }

    private BlobAccount Create(string accountName, string? protectedKey, string? protectedSas)
    {
        var endpoint = EndpointOf(accountName);
        if (protectedKey is { } key)
        {
            var service = new BlobServiceClient(endpoint, new StorageSharedKeyCredential(accountName, secrets.Unprotect(key)), ClientOptions());
            return new BlobAccount(endpoint, service, null, null);
        }

        // A container SAS "container?sv=…": every blob of the job lives in that one container.
        var sas = secrets.Unprotect(protectedSas ?? throw new InvalidOperationException("The job has no storage credential."));
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
