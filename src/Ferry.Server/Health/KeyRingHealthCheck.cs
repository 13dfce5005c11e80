using System.Security.Cryptography;
using Ferry.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ferry.Server.Health;

/// <summary>
/// Readiness of the key ring that protects stored secrets (docs/operator-api.md §4): a protect/unprotect round trip
/// of a fixed probe value. On PostgreSQL the ring lives in the database, so an outage may show here too.
/// </summary>
internal sealed class KeyRingHealthCheck(IDataProtectionProvider protection, TimeProvider time) : IHealthCheck
{
    private static readonly byte[] _probe = [0x46, 0x65, 0x72, 0x72, 0x79];

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        FerryHealth.WithTimeoutAsync(time, "The key ring", _ => Task.FromResult(Check()), cancellationToken);

    private HealthCheckResult Check()
    {
        try
        {
            var protector = protection.CreateProtector("Ferry.Health.KeyRing");
            return protector.Unprotect(protector.Protect(_probe)).AsSpan().SequenceEqual(_probe)
                ? HealthCheckResult.Healthy("The key ring protects and unprotects.")
                : HealthCheckResult.Unhealthy("The key ring did not give the probe value back.");
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException || DatabaseFailures.IsTransient(e))
        {
            return HealthCheckResult.Unhealthy($"The key ring is not usable: {e.GetBaseException().Message}");
        }
    }
}
