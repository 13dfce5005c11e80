using System.Collections.Concurrent;
using Ferry.Core.Errors;
using Ferry.Core.Persistence;
using Ferry.Core.Subscriptions;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Classic;

/// <summary>
/// The Service Management scheme: the TLS client certificate's SHA-1 thumbprint must be registered to the path's
/// subscription, the certificate must be within its validity period (NotBefore to NotAfter, on the server's clock) and
/// the subscription must be enabled (docs/classic-api.md §2.2). Registrations are cached briefly per thumbprint; the
/// validity period is read from the presented certificate on every request.
/// </summary>
internal sealed class ClassicAuthenticator(IJobStore store, IOptions<ClassicApiOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Registration> _cache = new(StringComparer.Ordinal);

    /// <summary>Null when the caller may act for <paramref name="subscriptionId"/>; else a 403.</summary>
    public async Task<FerryError?> AuthenticateAsync(HttpContext http, string subscriptionId)
    {
        var certificate = http.Connection.ClientCertificate ?? await http.Connection.GetClientCertificateAsync(http.RequestAborted);
        if (certificate is null)
        {
            return Failed("No client certificate was presented.");
        }

        var thumbprint = certificate.Thumbprint.ToUpperInvariant();
        var now = time.GetUtcNow();
        if (!_cache.TryGetValue(thumbprint, out var registration) || registration.Expires <= now)
        {
            var found = await store.FindCertificateOrNullAsync(thumbprint, http.RequestAborted);
            var subscription = found is null ? null : await store.FindSubscriptionOrNullAsync(found.SubscriptionId, http.RequestAborted);
            registration = new Registration(subscription?.Id, subscription?.Enabled ?? false, now + options.Value.AuthenticationCacheDuration);

            // Only known certificates are cached, so a certificate registered a moment ago works at once.
            if (subscription is not null)
            {
                _cache[thumbprint] = registration;
            }
        }

        if (registration.SubscriptionId is null || registration.SubscriptionId != subscriptionId)
        {
            return Failed("The certificate is not registered for this subscription.");
        }

        if (CertificateValidity.Of(certificate, now).Problem(thumbprint) is { } outsideValidity)
        {
            return Failed(outsideValidity);
        }

        return registration.Enabled
            ? null
            : new FerryError(FerryErrors.SubscriptionDisabled, $"Subscription '{subscriptionId}' is disabled.");
    }

    private static FerryError Failed(string detail) => new(FerryErrors.AuthenticationFailed, detail);

    private sealed record Registration(string? SubscriptionId, bool Enabled, DateTimeOffset Expires);
}
