using System.Diagnostics;
using System.Globalization;
using Ferry.Benchmarks.Transfer;

namespace Ferry.Benchmarks.Soak;

/// <summary>
/// The soak's transfers: every <c>--transfer-every</c>, one import job of the prepared drive driven through its whole
/// life (Put Job, Update Job Properties to Shipping, operator receive with the drive folder, the transfer engine's copy
/// into Azurite, operator ship-back, Delete Job), then the blobs checked against the dataset. Transfers run one after
/// another; a tick that finds one still running is skipped (counted). Anything that goes wrong is an error.
/// </summary>
internal sealed class SoakTransfers(FerryImport import, BlobStore blobs, Dataset dataset, PreparedDrive drive, string driveFolder, SoakBenchOptions options)
{
    private const int KeptFailures = 5;

    private readonly List<string> _failures = [];
    private readonly List<string> _expectedEvents = [];
    private readonly List<TimeSpan> _times = [];
    private int _started;
    private int _completed;
    private int _errors;
    private int _skipped;

    public int Started => Volatile.Read(ref _started);

    /// <summary>Transfers that completed, verified, and were deleted.</summary>
    public int Completed => Volatile.Read(ref _completed);

    public int Errors => Volatile.Read(ref _errors);

    /// <summary>Ticks that found the previous transfer still running.</summary>
    public int Skipped => Volatile.Read(ref _skipped);

    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_failures)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>From receive to the drive's end, per completed transfer.</summary>
    public IReadOnlyList<TimeSpan> Times
    {
        get
        {
            lock (_times)
            {
                return [.. _times];
            }
        }
    }

    /// <summary>The webhook events the completed transfers must have caused (<see cref="WebhookSink.Key"/>).</summary>
    public IReadOnlyList<string> ExpectedEvents
    {
        get
        {
            lock (_expectedEvents)
            {
                return [.. _expectedEvents];
            }
        }
    }

    /// <summary>
    /// Starts a transfer now and then every interval until <paramref name="stop"/> is cancelled; the transfer in flight
    /// then finishes (bounded by its own timeout) before this returns.
    /// </summary>
    public async Task RunAsync(CancellationToken stop, CancellationToken abort)
    {
        var started = Stopwatch.GetTimestamp();
        Task? running = null;
        for (var tick = 0L; !stop.IsCancellationRequested; tick++)
        {
            if (running is null || running.IsCompleted)
            {
                running = OneAsync(tick + 1, abort);
            }
            else
            {
                Interlocked.Increment(ref _skipped);
                Console.WriteLine($"  transfer {tick + 1} skipped: the previous one is still running");
            }

            var due = TimeSpan.FromTicks(options.TransferEvery.Ticks * (tick + 1)) - Stopwatch.GetElapsedTime(started);
            try
            {
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, TimeProvider.System, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
        }

        if (running is not null)
        {
            await running;
        }
    }

    private async Task OneAsync(long number, CancellationToken abort)
    {
        Interlocked.Increment(ref _started);
        var job = "soakxfer" + number.ToString("D5", CultureInfo.InvariantCulture);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(abort);
        timeout.CancelAfter(options.TransferTimeout);
        var step = "Put Job";
        try
        {
            await import.CreateAndShipAsync(job, drive, timeout.Token);
            step = "receive and copy";
            var outcome = await import.ReceiveAndWaitAsync(job, drive.DriveId, driveFolder, options.TransferTimeout, timeout.Token);
            if (outcome.DriveState != "Completed" || outcome.CopyStatus != "Completed" || outcome.BytesSucceeded != dataset.Bytes)
            {
                throw new BenchmarkFailedException($"the drive ended {outcome.DriveState}, copy status {outcome.CopyStatus}, {outcome.BytesSucceeded:N0} of {dataset.Bytes:N0} bytes");
            }

            step = "ship-back";
            await import.ShipBackAsync(job, timeout.Token);
            step = "Delete Job";
            await import.DeleteAsync(job, timeout.Token);
            step = "verification";
            var verification = await blobs.VerifyAsync(LocalCopies.Container, LocalCopies.Prefix, dataset, sample: null, timeout.Token);
            if (!verification.Passed)
            {
                throw new BenchmarkFailedException($"{verification.Summary}; {string.Join("; ", verification.Problems)}");
            }

            // The next import must find an empty container: blobs it would overwrite are reported, and the drive ends CompletedMoreInfo.
            step = "container deletion";
            await blobs.DeleteContainerAsync(LocalCopies.Container, timeout.Token);

            Interlocked.Increment(ref _completed);
            lock (_times)
            {
                _times.Add(outcome.Elapsed);
            }

            lock (_expectedEvents)
            {
                _expectedEvents.Add(WebhookSink.Key("job.stateChanged", job, "Creating"));
                _expectedEvents.Add(WebhookSink.Key("job.stateChanged", job, "Shipping"));
                _expectedEvents.Add(WebhookSink.Key("job.stateChanged", job, "Completed"));
                _expectedEvents.Add(WebhookSink.Key("job.deleted", job));
            }

            Console.WriteLine($"  transfer {number}: {job} copied in {outcome.Elapsed.TotalSeconds:0.0} s, completed, deleted; {verification.Summary}");
        }
        catch (Exception e) when (e is BenchmarkFailedException or HttpRequestException or OperationCanceledException or Azure.RequestFailedException)
        {
            var reason = e is OperationCanceledException && !abort.IsCancellationRequested ? $"not finished after {options.TransferTimeout}" : e.Message;
            Interlocked.Increment(ref _errors);
            Console.WriteLine($"  ERROR transfer {number} ({job}) failed at {step}: {reason}");
            lock (_failures)
            {
                if (_failures.Count < KeptFailures)
                {
                    _failures.Add($"transfer {number} ({job}), {step}: {reason}");
                }
            }
        }
    }
}
