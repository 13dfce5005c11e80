using Ferry.Core.Jobs;
using Ferry.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Workers;

/// <summary>
/// Runs <see cref="WebhookDispatcher.RunOnceAsync"/>, then waits until a job change is committed, the next delivery
/// falls due, or the poll interval passes, whichever comes first, on the injected clock; on one instance at a time
/// (leader lease <see cref="LeaseName"/>), so a delivery is not sent by two instances at once.
/// </summary>
internal sealed class WebhookWorker(
    WebhookDispatcher dispatcher,
    JobChangeSignal changes,
    IOptions<WebhookOptions> options,
    LeaderLeases leases,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<WebhookWorker> logger) : LoopWorker(time, lifetime, logger, leases)
{
    /// <summary>The name of the outbox's leader lease.</summary>
    public const string LeaseName = "webhooks";

    protected override string? LeaderLease => LeaseName;

    protected override Task? NextWakeOrNullAsync() => changes.WhenChangedAsync(JobChanges.Outbox);

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        var due = await dispatcher.RunOnceAsync(cancellationToken);
        var poll = options.Value.PollInterval;
        return due is { } next && next < poll ? next : poll;
    }
}
