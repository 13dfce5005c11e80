using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Ferry.Core.Security;
using Microsoft.Extensions.Logging;

namespace Ferry.Core.Subscriptions;

/// <summary>
/// The credentials ARM jobs' data path uses: ARM requests carry none, so operators register an account key or a
/// container SAS per storage account resource id. Access is not checked here (docs/decisions.md D35): a job whose account has no
/// registration is created, and its drives fail when its transfer starts. Secrets are protected before they are
/// stored, and never returned or logged.
/// </summary>
public sealed partial class StorageAccountRegistry(StorageAccountStore store, ISecretProtector secrets, TimeProvider time, ILogger<StorageAccountRegistry> logger)
{
    /// <summary>The request member naming the account.</summary>
    public const string IdField = "id";

    /// <summary>The request member carrying an account key.</summary>
    public const string AccountKeyField = "accountKey";

    /// <summary>The request member carrying a container SAS.</summary>
    public const string ContainerSasField = "containerSas";

    /// <summary>
    /// Registers the credentials of the account <paramref name="id"/>, replacing any registered before: exactly one of
    /// <paramref name="accountKey"/> (Base64) and <paramref name="containerSas"/> (<c>container?sv=…&amp;sig=…</c>).
    /// </summary>
    /// <returns>The registration and whether it is new; a 400 naming the member at fault.</returns>
    public async Task<Result<StorageAccountRegistered>> RegisterAsync(string? id, string? accountKey, string? containerSas, CancellationToken cancellationToken)
    {
        if (!StorageAccountIds.TryParse(id, out var accountName))
        {
            return InvalidId(id);
        }

        if ((accountKey is null) == (containerSas is null))
        {
            return FerryErrors.Invalid(AccountKeyField, $"Exactly one of '{AccountKeyField}' and '{ContainerSasField}' is required.");
        }

        if (accountKey is not null && !IsBase64(accountKey))
        {
            return FerryErrors.Invalid(AccountKeyField, $"'{AccountKeyField}' must be a Base64 storage account key.");
        }

        if (containerSas is not null && ContainerSasRules.Check(containerSas, type: null, ContainerSasField) is { } invalidSas)
        {
            return invalidSas;
        }

        var account = new RegisteredStorageAccount
        {
            Id = StorageAccountIds.Key(id),
            AccountName = accountName,
            ProtectedAccountKey = accountKey is null ? null : secrets.Protect(accountKey),
            ProtectedContainerSas = containerSas is null ? null : secrets.Protect(containerSas),
            RegisteredAt = time.GetUtcNow(),
        };
        var created = await store.UpsertAsync(account, cancellationToken);
        var registration = StorageAccountRegistration.From(account);
        LogRegistered(registration.Id, registration.CredentialType, created);
        return new StorageAccountRegistered(registration, created);
    }

    /// <summary>Removes the registration of <paramref name="id"/>.</summary>
    /// <returns>The registration removed; 404 when there was none; 400 for an id that is no storage account id.</returns>
    public async Task<Result<string>> RemoveAsync(string? id, CancellationToken cancellationToken)
    {
        if (!StorageAccountIds.TryParse(id, out _))
        {
            return InvalidId(id);
        }

        var key = StorageAccountIds.Key(id);
        if (!await store.DeleteAsync(key, cancellationToken))
        {
            return new FerryError(FerryErrors.NotFound, $"Storage account '{key}' is not registered.", IdField);
        }

        LogRemoved(key);
        return key;
    }

    /// <summary>Every registration, ordered by id; never a secret.</summary>
    public async Task<IReadOnlyList<StorageAccountRegistration>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await store.ListAsync(cancellationToken)).Select(StorageAccountRegistration.From)];

    /// <summary>The registration of <paramref name="id"/> (matched case-insensitively), or null when none or the id is invalid.</summary>
    public async Task<StorageAccountRegistration?> FindOrNullAsync(string? id, CancellationToken cancellationToken) =>
        await FindStoredOrNullAsync(id, cancellationToken) is { } account ? StorageAccountRegistration.From(account) : null;

    /// <summary>
    /// The stored registration of <paramref name="id"/>, secrets protected (for the data path), or null when none or
    /// the id is invalid. Read from the store on every call: a registration made later is seen at once.
    /// </summary>
    public Task<RegisteredStorageAccount?> FindStoredOrNullAsync(string? id, CancellationToken cancellationToken) =>
        StorageAccountIds.TryParse(id, out _) ? store.FindOrNullAsync(StorageAccountIds.Key(id), cancellationToken) : Task.FromResult<RegisteredStorageAccount?>(null);

    /// <summary>How to register credentials for <paramref name="id"/>, for messages to operators.</summary>
    public static string HowToRegister(string id) =>
        $"register them with 'ferry storage-account add --id {id} --key <account key>' (or --sas <container SAS>)";

    private static FerryError InvalidId(string? id) => FerryErrors.Invalid(IdField,
        $"'{IdField}' must be a storage account resource id, /subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<name> "
        + "(or Microsoft.ClassicStorage), the name 3 to 24 letters and digits" + (id is null ? "; it is missing." : "."));

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return value.Length > 0 && Convert.TryFromBase64String(value, buffer, out _);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage account {AccountId} registered with a {CredentialType} (new: {Created})")]
    private partial void LogRegistered(string accountId, StorageAccountCredentialType credentialType, bool created);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage account {AccountId} unregistered")]
    private partial void LogRemoved(string accountId);
}
