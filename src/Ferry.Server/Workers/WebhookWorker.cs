using Ferry.Core.Jobs;
using Ferry.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Workers;

/// <summary>
/// Runs <see cref="WebhookDispatcher.RunOnceAsync"/>, then waits until a job change is committed, the next delivery
/// falls due, or the poll interval passes, whichever comes first, on the injected clock.
/// </summary>
internal sealed partial class WebhookWorker(
    WebhookDispatcher dispatcher,
    JobChangeSignal changes,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<WebhookWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Taken before the pass, so that a change committed during the pass ends the wait at once.
                var changed = changes.WhenChangedAsync();
                var due = await dispatcher.RunOnceAsync(stoppingToken);
                var poll = options.Value.PollInterval;
                var wait = due is { } next && next < poll ? next : poll;
                if (wait > TimeSpan.Zero)
                {
                    using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    var delay = Task.Delay(wait, time, waiting.Token);
                    await Task.WhenAny(changed, delay);
                    await waiting.CancelAsync();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The store is broken: stop the host rather than spin and look healthy.
                LogStoreFailure(e);
                lifetime.StopApplication();
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Webhook delivery failed; the job store is unusable. Stopping the server.")]
    private partial void LogStoreFailure(Exception exception);
}
