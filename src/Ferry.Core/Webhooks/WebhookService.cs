using Ferry.Core.Audit;
using Ferry.Core.Errors;
using Ferry.Core.Security;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Webhooks;

/// <summary>Registration of a subscription's webhooks and the view of their deliveries.</summary>
public sealed class WebhookService(WebhookStore store, ISecretProtector secrets, WebhookTargetGuard targets, IOptions<WebhookOptions> options, TimeProvider time)
{
    private const int MaxUrlLength = 2048;
    private const int MaxSecretLength = 256;

    /// <summary>Most deliveries one listing returns.</summary>
    public const int MaxDeliveriesListed = 100;

    /// <summary>
    /// Registers <paramref name="url"/>; when <paramref name="secret"/> is null one is generated
    /// (<see cref="WebhookSignature.NewSecret"/>). The secret is returned here and never again. The URL's host is resolved
    /// and vetted now (<see cref="WebhookTargetGuard"/>), and again at every delivery.
    /// </summary>
    /// <returns>The webhook and its secret; 400 for a bad URL or secret, or a host that does not resolve or resolves
    /// to a refused address; 409 at the per-subscription limit.</returns>
    public async Task<Result<(WebhookEndpoint Webhook, string Secret)>> AddAsync(string subscriptionId, string? url, string? secret, CancellationToken cancellationToken)
    {
        if (url is null || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return FerryErrors.Invalid("url", $"The webhook URL must be an absolute http or https URL without credentials, at most {MaxUrlLength} characters.");
        }

        if (secret is not null && (secret.Length is 0 or > MaxSecretLength))
        {
            return FerryErrors.Invalid("secret", $"The secret must be 1 to {MaxSecretLength} characters.");
        }

        if (secret is not null && WebhookSignature.ProblemOrNull(secret) is { } malformed)
        {
            return FerryErrors.Invalid("secret", malformed);
        }

        try
        {
            await targets.VetAsync(uri.IdnHost, cancellationToken);
        }
        catch (WebhookTargetRefusedException refused)
        {
            return FerryErrors.Invalid("url", refused.Message);
        }

        secret ??= WebhookSignature.NewSecret();
        var webhook = new WebhookEndpoint
        {
            Id = Guid.NewGuid().ToString("N"),
            SubscriptionId = subscriptionId,
            Url = uri.AbsoluteUri,
            ProtectedSecret = secrets.Protect(secret),
            CreatedAt = time.GetUtcNow(),
        };
        if (!await store.AddAsync(webhook, options.Value.MaxPerSubscription, cancellationToken))
        {
            return FerryErrors.StateConflict($"The subscription already has {options.Value.MaxPerSubscription} webhooks, the most allowed.");
        }

        return (webhook, secret);
    }

    /// <summary>The subscription's webhooks.</summary>
    public Task<IReadOnlyList<WebhookEndpoint>> ListAsync(string subscriptionId, CancellationToken cancellationToken) =>
        store.ListAsync(subscriptionId, cancellationToken);

    /// <summary>Removes a webhook and its pending deliveries.</summary>
    /// <returns>True; 404 when the subscription has no such webhook.</returns>
    public async Task<Result<bool>> RemoveAsync(string subscriptionId, string id, CancellationToken cancellationToken) =>
        await store.RemoveAsync(subscriptionId, id, cancellationToken) ? true : NotFound(id);

    /// <summary>The webhook's latest deliveries, newest first, with the events they carry.</summary>
    /// <returns>The deliveries; 404 when the subscription has no such webhook.</returns>
    public async Task<Result<IReadOnlyList<(WebhookDelivery Delivery, AuditEntry? Event)>>> ListDeliveriesAsync(string subscriptionId, string id, CancellationToken cancellationToken)
    {
        if (await store.FindOrNullAsync(subscriptionId, id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        return Result<IReadOnlyList<(WebhookDelivery, AuditEntry?)>>.FromValue(await store.ListDeliveriesAsync(id, MaxDeliveriesListed, cancellationToken));
    }

    private static FerryError NotFound(string id) => new(FerryErrors.NotFound, $"Webhook '{id}' was not found.", "id");
}
