using System.Data.Common;
using Ferry.Server.Hosting;

namespace Ferry.Server.Workers;

/// <summary>
/// The shape of every background loop (docs/architecture.md §7.7): one pass of an engine method, then a wait on the
/// injected clock that a signal may cut short, with the stopping token passed into both. A failure the pass cannot
/// recover from (the store is broken) stops the host instead of spinning and looking healthy. A transient database
/// failure (the database server is down or restarting: the provider's <see cref="DbException.IsTransient"/>; or the
/// SQLite file cannot be written: <see cref="DatabaseFailures.IsTransient"/>) is not that: the loop logs it and tries again after a backoff on the injected clock, so the instance recovers by
/// itself when the database is back (docs/architecture.md §7.7).
/// </summary>
/// <remarks>
/// A loop with a <see cref="LeaderLease"/> runs on one instance at a time among all that share the database. Before
/// each pass it makes sure it holds the lease (a store write only when less than half of the lease is left, so a
/// lone SQLite server does not pay a write per pass), and it renews the lease during long waits. While another
/// instance holds the lease the loop runs no pass and looks again every half lease, the earliest a live leader's lease
/// can lapse. Stopping gives the lease up, so another instance takes the loop over at its next look.
/// </remarks>
internal abstract partial class LoopWorker(TimeProvider time, IHostApplicationLifetime lifetime, ILogger logger, LeaderLeases? leases = null) : BackgroundService
{
    /// <summary>The first wait after a transient database failure; it doubles with each failure in a row up to <see cref="MaxRetryWait"/>.</summary>
    internal static readonly TimeSpan FirstRetryWait = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between tries while the database stays unreachable.</summary>
    internal static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(10);

    private DateTimeOffset? _heldUntil;
    private volatile bool _isLeader;
    private bool? _lastHeld;

    /// <summary>Where the loop stands.</summary>
    public WorkerStatus Status { get; private set; } = WorkerStatus.NotStarted;

    /// <summary>
    /// Whether this instance held the loop's leader lease at its last look (it runs the passes). Always false for a
    /// loop without a <see cref="LeaderLease"/>, which runs on every instance.
    /// </summary>
    public bool IsLeader => _isLeader;

    /// <summary>Called when the loop starts waiting (its delay timer is set), with the wait: the signal tests advance a fake clock on.</summary>
    internal Action<TimeSpan>? Waiting { get; set; }

    /// <summary>
    /// The name of the leader lease that makes this loop run on one instance at a time; null (the default): the loop
    /// runs on every instance. A loop with a lease needs the <see cref="LeaderLeases"/> constructor argument.
    /// </summary>
    protected virtual string? LeaderLease => null;

    /// <summary>Whether the loop runs at all (configuration).</summary>
    protected virtual bool Enabled => true;

    /// <summary>A task that completes when there may be new work; taken before each pass so nothing is missed. Null: none.</summary>
    protected virtual Task? NextWakeOrNullAsync() => null;

    /// <summary>One pass; returns how long to wait before the next one (unless woken earlier).</summary>
    protected abstract Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (LeaderLease is { } name && leases is not null && _heldUntil is not null)
        {
            _heldUntil = null;
            _isLeader = false;
            try
            {
                await leases.ReleaseAsync(name, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The lease lapses by itself; another instance takes over then.
                LogReleaseFailed(e, name);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            Status = WorkerStatus.Disabled;
            return;
        }

        if (LeaderLease is not null && leases is null)
        {
            throw new InvalidOperationException($"{GetType().Name} has leader lease '{LeaderLease}' but no {nameof(LeaderLeases)}.");
        }

        Status = WorkerStatus.Running;
        if (LeaderLease is { } observed)
        {
            leases!.Observe(observed, () => _isLeader);
        }

        TimeSpan? retryAfter = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (retryAfter is { } retry)
                {
                    await WaitAsync(retry, wake: null, stoppingToken);
                }

                if (LeaderLease is { } name && !await HoldLeaseAsync(name, stoppingToken))
                {
                    retryAfter = Recovered(retryAfter);
                    await WaitAsync(leases!.Duration / 2, wake: null, stoppingToken);
                    continue;
                }

                var wake = NextWakeOrNullAsync();
                var wait = await RunOnceAsync(stoppingToken);
                retryAfter = Recovered(retryAfter);
                if (LeaderLease is { } held)
                {
                    await WaitAsLeaderAsync(held, wait, wake, stoppingToken);
                }
                else if (wait > TimeSpan.Zero)
                {
                    await WaitAsync(wait, wake, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (DatabaseFailures.IsTransient(e))
            {
                // A leader lease may lapse meanwhile: the next pass takes it again (or finds another instance has it).
                _heldUntil = null;
                _isLeader = false;
                retryAfter = retryAfter is { } previous ? TimeSpan.FromTicks(Math.Min(previous.Ticks * 2, MaxRetryWait.Ticks)) : FirstRetryWait;
                LogTransientFailure(GetType().Name, retryAfter.Value, $"{e.GetType().Name}: {e.GetBaseException().Message}");
            }
            catch (Exception e)
            {
                Status = WorkerStatus.Failed;
                _isLeader = false;
                LogFailure(e, GetType().Name);
                lifetime.StopApplication();
                return;
            }
        }

        Status = WorkerStatus.Stopped;
    }

    /// <summary>Logs the end of a run of transient failures, if there was one; the retry wait is then none.</summary>
    private TimeSpan? Recovered(TimeSpan? retryAfter)
    {
        if (retryAfter is not null)
        {
            LogRecovered(GetType().Name);
        }

        return null;
    }

#pragma warning disable VSTHRD003 // The wake task is a signal completed from any thread; a background loop has no context to deadlock on.
    /// <summary>Waits <paramref name="wait"/> on the clock or until <paramref name="wake"/>; true when woken.</summary>
    private async Task<bool> WaitAsync(TimeSpan wait, Task? wake, CancellationToken stoppingToken)
    {
        using var pause = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(wait, time, pause.Token);
        Waiting?.Invoke(wait);
        if (wake is null)
        {
            await delay;
            return false;
        }

        var first = await Task.WhenAny(wake, delay);
        await pause.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
        return first == wake;
    }

    /// <summary>
    /// The leader's wait after a pass: until the pass's wait is over or a wake-up, renewing the lease whenever half of
    /// it is gone in between; ends early when the lease was lost (the next turn of the loop follows).
    /// </summary>
    private async Task WaitAsLeaderAsync(string name, TimeSpan wait, Task? wake, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        if (_heldUntil is { } until && now >= until)
        {
            LogPassOutlivedLease(GetType().Name, name);
        }

        var end = now + (wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        while (now < end)
        {
            var renewAt = (_heldUntil ?? now) - leases!.Duration / 2;
            var slice = (end < renewAt ? end : renewAt) - now;
            if (slice > TimeSpan.Zero && await WaitAsync(slice, wake, stoppingToken))
            {
                return;
            }

            now = time.GetUtcNow();
            if (now < end && !await HoldLeaseAsync(name, stoppingToken))
            {
                return;
            }
        }
    }
#pragma warning restore VSTHRD003

    /// <summary>Makes sure this instance holds the lease, renewing it when less than half is left; false when another holds it.</summary>
    private async Task<bool> HoldLeaseAsync(string name, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        var duration = leases!.Duration;
        if (_heldUntil is { } until && until - now > duration / 2)
        {
            return true;
        }

        var held = await leases.TryAcquireAsync(name, now, stoppingToken);
        _heldUntil = held ? now + duration : null;
        _isLeader = held;
        if (held != _lastHeld)
        {
            _lastHeld = held;
            if (held)
            {
                LogBecameLeader(GetType().Name, name, leases.Owner);
            }
            else
            {
                LogFollowing(GetType().Name, name);
            }
        }

        return held;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Worker} failed; the job store is unusable. Stopping the server.")]
    private partial void LogFailure(Exception exception, string worker);

    // A Warning without the stack trace: an outage repeats it every MaxRetryWait at most, per loop.
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Worker} could not reach the database ({Reason}); trying again in {RetryAfter}.")]
    private partial void LogTransientFailure(string worker, TimeSpan retryAfter, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Worker} reaches the database again.")]
    private partial void LogRecovered(string worker);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Worker} runs on this instance ({Owner}): it holds the leader lease '{Lease}'.")]
    private partial void LogBecameLeader(string worker, string lease, string owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Worker} is idle on this instance: another instance holds the leader lease '{Lease}'.")]
    private partial void LogFollowing(string worker, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A pass of {Worker} outlived the leader lease '{Lease}': another instance may have run the loop at the same time. Raise Ferry:Workers:LeaderLeaseDuration above the longest pass.")]
    private partial void LogPassOutlivedLease(string worker, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not give up the leader lease '{Lease}'; it lapses by itself.")]
    private partial void LogReleaseFailed(Exception exception, string lease);
}
