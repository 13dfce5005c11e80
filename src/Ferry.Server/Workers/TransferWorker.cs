using Ferry.Core.Jobs;
using Ferry.Core.Transfer;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Workers;

/// <summary>
/// Runs <see cref="TransferEngine"/> passes: straight on while there is work, otherwise it waits for the next job
/// change (a drive received) or the poll interval on the injected clock.
/// </summary>
internal sealed class TransferWorker(
    TransferEngine engine,
    IOptions<TransferOptions> options,
    JobChangeSignal changes,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<TransferWorker> logger) : LoopWorker(time, lifetime, logger)
{
    protected override bool Enabled => options.Value.Enabled;

    protected override Task? NextWakeOrNullAsync() => changes.WhenChangedAsync(JobChanges.Claimable);

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken) =>
        await engine.RunOnceAsync(cancellationToken) ? TimeSpan.Zero : options.Value.PollInterval;
}
