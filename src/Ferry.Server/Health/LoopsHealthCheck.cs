using Ferry.Server.Workers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ferry.Server.Health;

/// <summary>
/// Readiness of the role's background loops (docs/operator-api.md §4): every loop is running (or turned off by
/// configuration); one that failed or stopped is not ready. An api-only instance has none and is ready on this count.
/// </summary>
internal sealed class LoopsHealthCheck(IEnumerable<IHostedService> hosted) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var loops = hosted.OfType<LoopWorker>().ToList();
        if (loops.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("This instance runs no background loops (api role only)."));
        }

        var down = loops.Where(l => l.Status is not (WorkerStatus.Running or WorkerStatus.Disabled) || l.ExecuteTask is { IsFaulted: true }).ToList();
        return Task.FromResult(down.Count == 0
            ? HealthCheckResult.Healthy($"{loops.Count} loops are running: {string.Join(", ", loops.Select(l => l.GetType().Name))}.")
            : HealthCheckResult.Unhealthy($"Not running: {string.Join(", ", down.Select(l => $"{l.GetType().Name} ({l.Status})"))}."));
    }
}
