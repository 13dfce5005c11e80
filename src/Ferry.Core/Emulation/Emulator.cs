using Ferry.Core.Audit;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Ferry.Core.Transfer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Emulation;

/// <summary>
/// The emulated data centre: one pass moves every job whose next step is due, through the same
/// <see cref="DataCentre"/> steps operators use. Shipping: import drives whose folder is in the bay arrive (the
/// others become NeverReceived after <see cref="EmulationOptions.NeverReceivedAfter"/>, and a job none of whose
/// drives came is closed); export drives are the bay's subfolders for the job. Received: every drive starts copying.
/// Transferring: every copying drive completes. Packaging: the drives are shipped back. When the transfer engine runs
/// (<see cref="TransferOptions.Enabled"/>), the copies are real: the engine starts (with AutoStart) and finishes the
/// drives, and the emulator only brings late drives in from the bay.
/// </summary>
public sealed partial class Emulator(
    IJobStore store, DataCentre dataCentre, EmulationControl control, IOptions<TransferOptions> transfer, TimeProvider time, ILogger<Emulator> logger)
{
    private static readonly JobState[] _moving = [JobState.Shipping, JobState.Received, JobState.Transferring, JobState.Packaging];

    /// <summary>
    /// Performs every step due now; returns how long until the next step falls due (null when none is scheduled,
    /// e.g. in Manual mode or with no job in progress).
    /// </summary>
    public async Task<TimeSpan?> RunOnceAsync(CancellationToken cancellationToken)
    {
        var (progression, stepDelay) = control.Current;
        if (!control.Enabled || progression == EmulationProgression.Manual)
        {
            return null;
        }

        var delay = progression == EmulationProgression.Immediate ? TimeSpan.Zero : stepDelay;
        var now = time.GetUtcNow();
        DateTimeOffset? nextDue = null;
        long after = 0;
        while (true)
        {
            var page = await store.ListJobsInStatesAsync(_moving, after, 200, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            after = page[^1].Id;
            foreach (var job in page)
            {
                var due = Due(job, delay);
                if (due > now)
                {
                    nextDue = Min(nextDue, due);
                    continue;
                }

                if (StepOrNullAsync(job, now, cancellationToken) is not { } step)
                {
                    // Waiting for the bay or the never-received deadline: look again later.
                    var deadline = (job.ShippingAt ?? now) + control.Options.NeverReceivedAfter;
                    nextDue = Min(nextDue, deadline > now ? Min(deadline, now + control.Options.PollInterval) : now + control.Options.PollInterval);
                    continue;
                }

                var result = await step;
                if (result.Error is { } error)
                {
                    // Nothing to do yet (drives still awaited), or someone else moved the job meanwhile: look again later.
                    LogStepRefused(job.Name, error.Message);
                    nextDue = Min(nextDue, now + control.Options.PollInterval);
                }
                else if (_moving.Contains(result.Value!.State))
                {
                    // A job that changed state has its next step due from the new state (at once in Immediate mode);
                    // one that did not (some drives still awaited) is looked at again after the poll interval.
                    nextDue = Min(nextDue, result.Value.State != job.State ? Due(result.Value, delay) : now + control.Options.PollInterval);
                }
            }
        }

        return nextDue is { } next ? next - now : null;
    }

    private static DateTimeOffset Due(Job job, TimeSpan delay) => job.StateChangedAt + delay;

    private static DateTimeOffset Min(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b!.Value : b is null ? a.Value : (a.Value < b.Value ? a.Value : b.Value);

    /// <summary>The job's next step, or null when it waits (for drives to appear in the bay).</summary>
    private Task<Result<Job>>? StepOrNullAsync(Job job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = JobKey.Of(job);
        return job.State switch
        {
            JobState.Shipping when job.Type == JobType.Export => ReceiveExportOrNullAsync(key, job, cancellationToken),
            JobState.Shipping => ReceiveImportOrNullAsync(key, job, now, cancellationToken),
            JobState.Received when EngineStarts => null,
            JobState.Received => dataCentre.ChangeAsync(key, Actor.Emulator, (current, log) => StartAll(current, log), cancellationToken),
            JobState.Transferring when EngineCopies && !LateDrives(job, now) => null,
            JobState.Transferring => dataCentre.ChangeAsync(key, Actor.Emulator, (current, log) => CompleteAll(current, log), cancellationToken),
            JobState.Packaging => dataCentre.ShipBackAsync(key, ReturnPackage(job), Actor.Emulator, cancellationToken),
            _ => null,
        };
    }
}
