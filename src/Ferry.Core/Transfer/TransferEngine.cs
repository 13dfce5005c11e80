using System.Diagnostics;
using Azure;
using Ferry.Core.Drives;
using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Ferry.Core.Security;
using Ferry.Core.Subscriptions;
using Ferry.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Transfer;

/// <summary>
/// The transfer engine (docs/architecture.md §5): one pass claims one unit of work (an import drive, or an export
/// job), starts it (C1) when it was only received, copies with checkpoints, writes the copy logs into the account and
/// finishes the drive (C3) through <see cref="DataCentre"/>; it never sets a state directly. A failure that belongs
/// to the drive ends the drive with a copy status; a broken store propagates (the worker stops the host). Each unit
/// runs in a <see cref="FerryTelemetry.TransferSpan"/> span (docs/architecture.md §9): the blob calls are its children.
/// </summary>
public sealed partial class TransferEngine(
    TransferStore store,
    InstanceIdentity instance,
    DataCentre dataCentre,
    BlobAccounts accounts,
    ISecretProtector secrets,
    IOptions<TransferOptions> options,
    TimeProvider time,
    FerryTelemetry telemetry,
    ILogger<TransferEngine> logger)
{
    /// <summary>The buffers of the blocks in flight, for every unit this engine runs (docs/architecture.md §11.4).</summary>
    private readonly TransferBuffers _buffers = new(options.Value.BufferBytes, TransferBuffers.BlockBytes);

    /// <summary>This engine's name on its claims: the instance's.</summary>
    public string Owner => instance.Id;

    /// <summary>Claims and completes one unit; returns false when there was nothing to do.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var claim = await store.ClaimOrNullAsync(Owner, settings.AutoStart, time.GetUtcNow(), settings.LeaseDuration, cancellationToken);
        if (claim is null)
        {
            return false;
        }

        try
        {
            var job = await store.FindJobOrNullAsync(claim.JobId, cancellationToken);
            if (job is null)
            {
                return true;
            }

            var session = new TransferSession(claim, JobKey.Of(job), store, dataCentre, settings, time, telemetry, job.Type);
            using var span = StartSpan(session, job);
            telemetry.DrivesInTransfer.Add(1, session.TypeTag);
            try
            {
                if (job.Type == JobType.Export)
                {
                    await ExportAsync(session, job, cancellationToken);
                }
                else
                {
                    await ImportDriveAsync(session, job, cancellationToken);
                }
            }
            catch (Exception e) when (span is not null)
            {
                span.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
                throw;
            }
            finally
            {
                telemetry.DrivesInTransfer.Add(-1, session.TypeTag);
                span?.SetTag("ferry.transfer.blocks.verified", session.BlocksVerified);
                span?.SetTag("ferry.transfer.blocks.failed", session.BlocksFailed);
            }

            await store.ReleaseAsync(claim, cancellationToken);
        }
        catch (LeaseLostException)
        {
            LogLeaseLost(claim.JobId, claim.DriveId);
        }

        return true;
    }

    /// <summary>The unit's span, with the attributes known before the copy; bytes, blocks and the outcome are added as they are known.</summary>
    private static Activity? StartSpan(TransferSession session, Job job)
    {
        var span = FerryTelemetry.Source.StartActivity(FerryTelemetry.TransferSpan, ActivityKind.Internal);
        if (span is not null)
        {
            span.SetTag("ferry.job.id", job.Id);
            span.SetTag("ferry.job.name", job.Name);
            span.SetTag("ferry.job.type", session.TypeTag.Value);
            span.SetTag("ferry.subscription.id", job.SubscriptionId);
            span.SetTag("ferry.storage_account", job.StorageAccountName);
            if (job.Type == JobType.Import)
            {
                span.SetTag("ferry.drive.id", session.Claim.DriveId);
            }

            session.Span = span;
        }

        return span;
    }

    private async Task ImportDriveAsync(TransferSession session, Job job, CancellationToken cancellationToken)
    {
        var driveId = session.Claim.DriveId;
        var drive = job.Drives.FirstOrDefault(d => d.DriveId == driveId);
        if (drive?.State == DriveState.Received)
        {
            var started = await dataCentre.StartTransferAsync(session.Key, [driveId], cancellationToken);
            drive = started.Value?.Drives.FirstOrDefault(d => d.DriveId == driveId);
        }

        if (drive is not { State: DriveState.Transferring })
        {
            return;
        }

        LogStart(job.Name, driveId);
        if (await accounts.ForAsync(job, cancellationToken) is not { } account)
        {
            await FinishWithoutCredentialsAsync(session, job, [driveId], cancellationToken);
            return;
        }

        var diagnostics = new DiagnosticsWriter(account, job, time);
        var key = drive.ProtectedBitLockerKey is { } protectedKey ? secrets.Unprotect(protectedKey) : null;
        var check = ImportDriveCheck.Run(drive.ContentPath, driveId, key, drive.ManifestFile, drive.ManifestHash);
        if (check.Manifest is null)
        {
            LogDriveFailed(job.Name, driveId, check.Status, check.Reason);
            await FinishAsync(session, job, diagnostics, new CopyLog(driveId, [], check.Status.ToString()), check.Status, false, 0, null, cancellationToken);
            return;
        }

        string? manifestUri = null;
        if (job.BackupDriveManifest)
        {
            manifestUri = await TryAsync(() => diagnostics.BackUpManifestAsync(driveId, check.ManifestPath!, cancellationToken));
        }

        IReadOnlyList<CopyLogBlob> results;
        try
        {
            var checkpoints = await store.ListItemsAsync(session.Claim, cancellationToken);
            if (checkpoints.Count > 0)
            {
                var done = checkpoints.Count(c => c.Result is not null);
                LogResuming(job.Name, driveId, done);
            }

            using var transfer = new ImportTransfer(session, Path.GetFullPath(drive.ContentPath!), account, store, options.Value, _buffers);
            results = await transfer.RunAsync(ImportWork.Of(check.Manifest), checkpoints, cancellationToken);
        }
        catch (Exception e) when (IsDriveFailure(e))
        {
            LogDriveFailed(job.Name, driveId, CopyStatus.InternalError, Describe(e));
            LogDefectOrNot(e);
            await FinishAsync(session, job, diagnostics, new CopyLog(driveId, [], nameof(CopyStatus.InternalError)), CopyStatus.InternalError, false, session.Bytes, manifestUri, cancellationToken);
            return;
        }

        var failed = results.Any(r => r.Status != CopyLogStatus.Completed);
        var status = failed ? CopyStatus.CompletedWithErrors : CopyStatus.Completed;
        var moreInfo = results.Any(r => r.DispositionStatus is CopyLogStatus.Renamed or CopyLogStatus.Overwritten or CopyLogStatus.Skipped);
        await FinishAsync(session, job, diagnostics, new CopyLog(driveId, results, status.ToString()), status, moreInfo, session.Bytes, manifestUri, cancellationToken);
    }

    private async Task ExportAsync(TransferSession session, Job job, CancellationToken cancellationToken)
    {
        if (await accounts.ForAsync(job, cancellationToken) is not { } account)
        {
            // The drives start (C1) as they would, and end at once: nothing can be read from the account.
            if (await StartExportDrivesAsync(session, job, cancellationToken) is { } started)
            {
                await FinishWithoutCredentialsAsync(session, started, [.. CopyingExportDrives(started).Select(d => d.DriveId)], cancellationToken);
            }

            return;
        }

        try
        {
            await new ExportTransfer(session, job, account, store, secrets, options.Value, time, this, _buffers, logger).RunAsync(cancellationToken);
        }
        catch (Exception e) when (IsDriveFailure(e))
        {
            // Every drive still copying ends InternalError; the logs say so where they can be written.
            var current = await store.FindJobOrNullAsync(job.Id, cancellationToken) ?? job;
            var diagnostics = new DiagnosticsWriter(account, current, time);
            foreach (var drive in current.Drives.Where(d => d.State == DriveState.Transferring))
            {
                LogDriveFailed(job.Name, drive.DriveId, CopyStatus.InternalError, Describe(e));
                LogDefectOrNot(e);
                await FinishAsync(session, current, diagnostics, new CopyLog(drive.DriveId, [], nameof(CopyStatus.InternalError)), CopyStatus.InternalError, false, 0, null, cancellationToken);
            }
        }
    }

    /// <summary>Writes the error log (always) and the verbose log (when asked), then C3.</summary>
    internal async Task FinishAsync(
        TransferSession session, Job job, DiagnosticsWriter diagnostics, CopyLog log, CopyStatus status, bool moreInfo, long bytes, string? manifestUri, CancellationToken cancellationToken,
        string? manifestFile = null, string? manifestHash = null, string? incompleteListUri = null)
    {
        var errorUri = await TryAsync(() => diagnostics.WriteDriveArtefactAsync(log.DriveId, "error", s => CopyLogXml.WriteErrors(s, log), cancellationToken));
        var verboseUri = job.EnableVerboseLog
            ? await TryAsync(() => diagnostics.WriteDriveArtefactAsync(log.DriveId, "verbose", s => CopyLogXml.WriteVerbose(s, log), cancellationToken))
            : null;
        var outcome = new DriveTransferOutcome(status, moreInfo, bytes, errorUri, verboseUri, manifestUri, manifestFile, manifestHash);
        var finished = await dataCentre.FinishTransferAsync(session.Key, log.DriveId, outcome, incompleteListUri, cancellationToken);
        if (finished.Error is { } error)
        {
            LogNotRecorded(job.Name, log.DriveId, error.Message);
        }
        else
        {
            var elapsed = session.DriveElapsed;
            var seconds = Math.Max(elapsed.TotalSeconds, 1e-6);
            var rate = bytes / seconds;
            LogFinished(job.Name, log.DriveId, status, bytes, elapsed.TotalMilliseconds, rate / (1024 * 1024));
            var statusTag = new KeyValuePair<string, object?>("ferry.copy_status", status.ToString());
            telemetry.TransferDuration.Record(elapsed.TotalSeconds, session.TypeTag, statusTag);
            telemetry.TransferThroughput.Record(rate, session.TypeTag);
            if (session.Span is { } span)
            {
                // An export unit fills several drives: its span carries their total and each drive's outcome as an event.
                var total = (span.GetTagItem("ferry.transfer.bytes") as long? ?? 0) + bytes;
                span.SetTag("ferry.transfer.bytes", total);
                span.SetTag("ferry.copy_status", status.ToString());
                span.AddEvent(new ActivityEvent("ferry.drive.finished", tags: new ActivityTagsCollection
                {
                    ["ferry.drive.id"] = log.DriveId,
                    ["ferry.copy_status"] = status.ToString(),
                    ["ferry.transfer.bytes"] = bytes,
                    ["ferry.transfer.duration"] = elapsed.TotalSeconds,
                }));
            }
        }
    }

    /// <summary>C1 for an export job's received drives with content; the job as it then is, or null when the start was refused.</summary>
    internal async Task<Job?> StartExportDrivesAsync(TransferSession session, Job job, CancellationToken cancellationToken)
    {
        var received = job.Drives.Where(d => d.State == DriveState.Received && d.ContentPath is not null).Select(d => d.DriveId).ToList();
        return received.Count == 0 ? job : (await dataCentre.StartTransferAsync(session.Key, received, cancellationToken)).Value;
    }

    /// <summary>An export job's drives being filled, in order.</summary>
    internal static List<Drive> CopyingExportDrives(Job job) =>
        [.. job.Drives.Where(d => d.State == DriveState.Transferring && d.ContentPath is not null).OrderBy(d => d.Ordinal)];

    /// <summary>
    /// An ARM job whose storage account has no registered credentials (docs/decisions.md D35: not checked at Put): each drive ends
    /// <see cref="CopyStatus.BlobRequestForbidden"/> with a reason naming the account and how to register it. No copy
    /// log can be written (the account is out of reach), so the audit trail and the server log carry the reason.
    /// </summary>
    private async Task FinishWithoutCredentialsAsync(TransferSession session, Job job, List<string> driveIds, CancellationToken cancellationToken)
    {
        if (driveIds.Count == 0)
        {
            return;
        }

        var accountId = job.StorageAccountId ?? job.StorageAccountName;
        LogNoCredentials(job.Name, accountId, string.Join(", ", driveIds));
        var reason = $"storage account {accountId} has no registered credentials; {StorageAccountRegistry.HowToRegister(accountId)}";
        foreach (var driveId in driveIds)
        {
            var outcome = new DriveTransferOutcome(CopyStatus.BlobRequestForbidden, false, 0, null, null, null, Reason: reason);
            var finished = await dataCentre.FinishTransferAsync(session.Key, driveId, outcome, null, cancellationToken);
            if (finished.Error is { } error)
            {
                LogNotRecorded(job.Name, driveId, error.Message);
            }
            else
            {
                LogFinished(job.Name, driveId, CopyStatus.BlobRequestForbidden, 0, session.DriveElapsed.TotalMilliseconds, 0);
            }
        }
    }

    /// <summary>An artefact write that must not stop the drive from finishing: null (and a warning) when it fails.</summary>
    internal async Task<string?> TryAsync(Func<Task<string>> write)
    {
        try
        {
            return await write();
        }
        catch (Exception e) when (IsDriveFailure(e))
        {
            LogArtefactFailed(Describe(e));
            LogDefectOrNot(e);
            return null;
        }
    }

    /// <summary>
    /// Whether a failure belongs to the drive (the blob service, the drive's files, or a defect met on this drive's
    /// data): the drive ends InternalError and the engine carries on. Store failures, cancellation and a lost claim
    /// are not the drive's: they propagate (docs/architecture.md §7.7).
    /// </summary>
    internal static bool IsDriveFailure(Exception e) => e is not (OperationCanceledException or LeaseLostException) && !IsStoreFailure(e);

    /// <summary>
    /// Whether <paramref name="e"/> is, or wraps, a database failure: EF Core wraps the provider's exception in a
    /// <see cref="Microsoft.EntityFrameworkCore.DbUpdateException"/>, and its execution strategy wraps a transient one
    /// (the database went away) in an <see cref="InvalidOperationException"/>.
    /// </summary>
    internal static bool IsStoreFailure(Exception? e) => e switch
    {
        null => false,
        System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException => true,
        _ => IsStoreFailure(e.InnerException),
    };

    /// <summary>An unexpected exception (not the blob service, not I/O) is a defect: its stack goes to the log.</summary>
    private void LogDefectOrNot(Exception e)
    {
        if (e is not (RequestFailedException or IOException or UnauthorizedAccessException))
        {
            LogDefect(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A transfer met an unexpected failure")]
    private partial void LogDefect(Exception exception);

    /// <summary>A failure in words that never carry a request URL (a SAS would be in it).</summary>
    internal static string Describe(Exception e) => e is RequestFailedException r ? $"blob service answered {r.Status} {r.ErrorCode}" : e.GetType().Name;

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer of job {JobName} drive {DriveId} started")]
    private partial void LogStart(string jobName, string driveId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming the transfer of job {JobName} drive {DriveId}: {Done} blob(s) already done")]
    private partial void LogResuming(string jobName, string driveId, int done);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer of job {JobName} drive {DriveId} finished: {Status}, {Bytes} bytes in {DurationMs:0} ms ({RateMiBps:0.##} MiB/s)")]
    private partial void LogFinished(string jobName, string driveId, CopyStatus status, long bytes, double durationMs, double rateMiBps);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer of job {JobName} drive {DriveId} failed: {Status} ({Reason})")]
    private partial void LogDriveFailed(string jobName, string driveId, CopyStatus status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer of job {JobName}: storage account {AccountId} has no registered credentials; drive(s) {DriveIds} end BlobRequestForbidden. Register them with: ferry storage-account add --id {AccountId} --key <account key> (or --sas <container SAS>)")]
    private partial void LogNoCredentials(string jobName, string accountId, string driveIds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer of job {JobName} drive {DriveId}: outcome not recorded ({Reason})")]
    private partial void LogNotRecorded(string jobName, string driveId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A copy log or manifest backup could not be written: {Reason}")]
    private partial void LogArtefactFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer claim on job {JobId} unit '{DriveId}' lapsed; another worker resumes it")]
    private partial void LogLeaseLost(long jobId, string driveId);
}
