using Ferry.Core.Emulation;
using Ferry.Core.Jobs;

namespace Ferry.Server.Workers;

/// <summary>
/// Runs <see cref="Emulator"/> passes when emulation is enabled: after each pass it waits for the next job change,
/// the next due step or the poll interval, whichever comes first, on the injected clock.
/// </summary>
internal sealed partial class EmulationWorker(
    Emulator emulator,
    EmulationControl control,
    JobChangeSignal signal,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<EmulationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!control.Enabled)
        {
            return;
        }

        var (progression, stepDelay) = control.Current;
        LogEnabled(control.Options.DriveBay, progression, stepDelay);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var changed = signal.WhenChangedAsync();
                var due = await emulator.RunOnceAsync(stoppingToken);
                var wait = due is { } d && d < control.Options.PollInterval ? d : control.Options.PollInterval;
                using var pause = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(changed, Task.Delay(wait, time, pause.Token));
                await pause.CancelAsync();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailure(e);
                lifetime.StopApplication();
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emulation is ON: the server plays the data centre (drive bay {DriveBay}, progression {Progression}, step delay {StepDelay}). Do not use it for real shipments.")]
    private partial void LogEnabled(string driveBay, EmulationProgression progression, TimeSpan stepDelay);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The emulator failed; the job store is unusable. Stopping the server.")]
    private partial void LogFailure(Exception exception);
}
