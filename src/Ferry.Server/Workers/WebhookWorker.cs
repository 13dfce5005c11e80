using Ferry.Core.Jobs;
using Ferry.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Workers;

/// <summary>
/// Runs <see cref="WebhookDispatcher.RunOnceAsync"/>, then waits until a job change is committed, the next delivery
/// falls due, or the poll interval passes, whichever comes first, on the injected clock.
/// </summary>
internal sealed class WebhookWorker(
    WebhookDispatcher dispatcher,
    JobChangeSignal changes,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<WebhookWorker> logger) : LoopWorker(time, lifetime, logger)
{
    protected override Task? NextWakeOrNullAsync() => changes.WhenChangedAsync();

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        var due = await dispatcher.RunOnceAsync(cancellationToken);
        var poll = options.Value.PollInterval;
        return due is { } next && next < poll ? next : poll;
    }
}
