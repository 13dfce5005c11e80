using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ferry.Server.Health;

/// <summary>Readiness of the data directory (docs/operator-api.md §4): a probe file is written and deleted.</summary>
internal sealed class DataDirectoryHealthCheck(DataDirectoryHealthCheck.Settings settings, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        FerryHealth.WithTimeoutAsync(time, "The data directory", CheckAsync, cancellationToken);

    private async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        var probe = Path.Combine(settings.DataDirectory, $".health-{Guid.NewGuid():N}.probe");
        try
        {
            await File.WriteAllBytesAsync(probe, [1], cancellationToken);
            File.Delete(probe);
            return HealthCheckResult.Healthy("The data directory is writable.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"The data directory is not writable: {e.Message}");
        }
    }

    /// <summary>Where the data directory is.</summary>
    internal sealed record Settings(string DataDirectory);
}
