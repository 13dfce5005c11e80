namespace Ferry.Server.Workers;

/// <summary>
/// The shape of every background loop (DESIGN.md habit 7): one pass of an engine method, then a wait on the
/// injected clock that a signal may cut short, with the stopping token passed into both. A failure the pass cannot
/// recover from (the store is broken) stops the host instead of spinning and looking healthy.
/// </summary>
internal abstract partial class LoopWorker(TimeProvider time, IHostApplicationLifetime lifetime, ILogger logger) : BackgroundService
{
    /// <summary>Where the loop stands.</summary>
    public WorkerStatus Status { get; private set; } = WorkerStatus.NotStarted;

    /// <summary>Called when the loop starts waiting (its delay timer is set), with the wait: the signal tests advance a fake clock on.</summary>
    internal Action<TimeSpan>? Waiting { get; set; }

    /// <summary>Whether the loop runs at all (configuration).</summary>
    protected virtual bool Enabled => true;

    /// <summary>A task that completes when there may be new work; taken before each pass so nothing is missed. Null: none.</summary>
    protected virtual Task? NextWakeOrNullAsync() => null;

    /// <summary>One pass; returns how long to wait before the next one (unless woken earlier).</summary>
    protected abstract Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            Status = WorkerStatus.Disabled;
            return;
        }

        Status = WorkerStatus.Running;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var wake = NextWakeOrNullAsync();
                var wait = await RunOnceAsync(stoppingToken);
                if (wait > TimeSpan.Zero)
                {
                    using var pause = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    var delay = Task.Delay(wait, time, pause.Token);
                    Waiting?.Invoke(wait);
                    await (wake is null ? delay : Task.WhenAny(wake, delay));
                    await pause.CancelAsync();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                Status = WorkerStatus.Failed;
                LogFailure(e, GetType().Name);
                lifetime.StopApplication();
                return;
            }
        }

        Status = WorkerStatus.Stopped;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Worker} failed; the job store is unusable. Stopping the server.")]
    private partial void LogFailure(Exception exception, string worker);
}
