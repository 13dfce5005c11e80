using Azure;
using Azure.Core;
using Ferry.Client.Internal;
using Ferry.Client.Models;

namespace Ferry.Client.Operator;

/// <summary>The storage accounts whose credentials ARM jobs' data path uses (<c>/operator/storage-accounts</c>).</summary>
public partial class FerryOperatorClient
{
    private const string StorageAccountsPath = "storage-accounts";

    /// <summary>
    /// Registers the credentials of a storage account, replacing any registered before. ARM jobs name their account by
    /// resource id and carry no credentials; their transfers use these. Fails with 400 <c>BadRequest</c> (the problem's
    /// target names the member) for an id that is not a storage account id, a key that is not Base64 or a SAS of the
    /// wrong form.
    /// </summary>
    /// <param name="id">The resource id, <c>/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Storage/storageAccounts/{name}</c>.</param>
    /// <param name="credential">The account key or container SAS.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The registration (no secret); the response's status is 201 when the account was not registered before, 200 when its credentials were replaced.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="credential"/> is <see langword="null"/>.</exception>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response<RegisteredStorageAccount>> RegisterStorageAccountAsync(string id, StorageAccountCredential credential, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(credential);
        using var message = CreateMessage(RequestMethod.Put, StorageAccountsPath, new RegisterBody(id, credential.AccountKey, credential.ContainerSas));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status is not (200 or 201))
        {
            throw await ServiceError.CreateExceptionAsync(message.Response, cancellationToken).ConfigureAwait(false);
        }

        return Response.FromValue(await ReadAsync<RegisteredStorageAccount>(message.Response, cancellationToken).ConfigureAwait(false), message.Response);
    }

    /// <summary>Lists the registered storage accounts, ordered by id. No secret is returned.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The registrations; never <see langword="null"/>.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response<IReadOnlyList<RegisteredStorageAccount>>> GetStorageAccountsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, StorageAccountsPath, _noBody);
        await SendAsync(message, 200, cancellationToken).ConfigureAwait(false);
        var list = await ReadAsync<ValueList<RegisteredStorageAccount>>(message.Response, cancellationToken).ConfigureAwait(false);
        return Response.FromValue<IReadOnlyList<RegisteredStorageAccount>>(list.Value ?? [], message.Response);
    }

    /// <summary>
    /// Removes a storage account's registered credentials (matched case-insensitively). Fails with 404
    /// <c>ResourceNotFound</c> when it is not registered. Transfers that start afterwards end <c>BlobRequestForbidden</c>.
    /// </summary>
    /// <param name="id">The resource id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response> RemoveStorageAccountAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        using var message = CreateMessage(RequestMethod.Delete, StorageAccountsPath + "?id=" + Uri.EscapeDataString(id), _noBody);
        await SendAsync(message, 200, cancellationToken).ConfigureAwait(false);
        return message.Response;
    }

    private sealed record RegisterBody(string Id, string? AccountKey, string? ContainerSas);
}
