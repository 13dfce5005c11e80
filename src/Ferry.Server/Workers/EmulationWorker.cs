using Ferry.Core.Emulation;
using Ferry.Core.Jobs;

namespace Ferry.Server.Workers;

/// <summary>
/// Runs <see cref="Emulator"/> passes when emulation is enabled: after each pass it waits for the next job change,
/// the next due step or the poll interval, whichever comes first, on the injected clock; on one instance at a time
/// (leader lease <see cref="LeaseName"/>).
/// </summary>
internal sealed partial class EmulationWorker(
    Emulator emulator,
    EmulationControl control,
    JobChangeSignal changes,
    LeaderLeases leases,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<EmulationWorker> logger) : LoopWorker(time, lifetime, logger, leases)
{
    /// <summary>The name of the emulator's leader lease.</summary>
    public const string LeaseName = "emulator";

    private bool _announced;

    protected override string? LeaderLease => LeaseName;

    protected override bool Enabled => control.Enabled;

    protected override Task? NextWakeOrNullAsync() => changes.WhenChangedAsync();

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!_announced)
        {
            var (progression, stepDelay) = control.Current;
            LogEnabled(control.Options.DriveBay, progression, stepDelay);
            _announced = true;
        }

        var due = await emulator.RunOnceAsync(cancellationToken);
        var poll = control.Options.PollInterval;
        return due is { } next && next < poll ? next : poll;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emulation is ON: the server plays the data centre (drive bay {DriveBay}, progression {Progression}, step delay {StepDelay}). Do not use it for real shipments.")]
    private partial void LogEnabled(string driveBay, EmulationProgression progression, TimeSpan stepDelay);
}
