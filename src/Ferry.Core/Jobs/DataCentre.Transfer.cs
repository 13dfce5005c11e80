using Ferry.Core.Audit;
using Ferry.Core.Errors;

namespace Ferry.Core.Jobs;

/// <summary>The steps the transfer engine takes: C1 on a claimed drive, C2 progress, C3 with the copy's artefacts.</summary>
public sealed partial class DataCentre
{
    /// <summary>
    /// C1 for the engine: every drive of <paramref name="driveIds"/> that is Received starts copying (an export drive
    /// gets its BitLocker key); drives already Transferring are left as they are (a resumed transfer).
    /// </summary>
    /// <returns>The job; 404; 409 when a Received drive may not start (job state, cancel).</returns>
    public Task<Result<Job>> StartTransferAsync(JobKey key, IReadOnlyCollection<string> driveIds, CancellationToken cancellationToken) =>
        ChangeAsync(key, Actor.TransferEngine, (job, log) =>
        {
            foreach (var drive in job.Drives.Where(d => d.State == DriveState.Received && driveIds.Contains(d.DriveId, StringComparer.OrdinalIgnoreCase)))
            {
                if (Start(job, drive, null, log) is { } refused)
                {
                    return refused;
                }
            }

            return null;
        }, cancellationToken);

    /// <summary>
    /// C3 for the engine: the drive finishes with the outcome's copy status and artefact locations; an export drive
    /// records the manifest written onto it; <paramref name="incompleteBlobListUri"/> (export) is recorded on the job.
    /// </summary>
    /// <returns>The job; 404; 409 unless the drive is still Transferring (an operator finished it meanwhile).</returns>
    public Task<Result<Job>> FinishTransferAsync(
        JobKey key, string driveId, DriveTransferOutcome outcome, string? incompleteBlobListUri, CancellationToken cancellationToken) =>
        ChangeDriveAsync(key, driveId, Actor.TransferEngine, (job, drive, log) =>
        {
            if (drive.State != DriveState.Transferring)
            {
                return Refuse($"Drive '{drive.DriveId}' is in state {drive.State}; the transfer's outcome is not recorded.");
            }

            drive.CopyStatus = outcome.CopyStatus;
            drive.BytesSucceeded = outcome.BytesSucceeded;
            drive.ErrorLogUri = outcome.ErrorLogUri ?? drive.ErrorLogUri;
            drive.VerboseLogUri = outcome.VerboseLogUri ?? drive.VerboseLogUri;
            drive.ManifestUri = outcome.ManifestUri ?? drive.ManifestUri;
            drive.ManifestFile = outcome.ManifestFile ?? drive.ManifestFile;
            drive.ManifestHash = outcome.ManifestHash ?? drive.ManifestHash;
            job.IncompleteBlobListUri = incompleteBlobListUri ?? job.IncompleteBlobListUri;
            var success = outcome.CopyStatus is CopyStatus.Completed or CopyStatus.CompletedWithWarnings;
            var clean = outcome.CopyStatus == CopyStatus.Completed && !outcome.MoreInfo;
            drive.PercentComplete = success ? 100 : drive.PercentComplete;
            log.MoveDrive(drive, clean ? DriveState.Completed : DriveState.CompletedMoreInfo,
                success ? AuditAction.CompleteCopy : AuditAction.FailDrive,
                outcome.Reason is null ? $"copy status {outcome.CopyStatus}" : $"copy status {outcome.CopyStatus}: {outcome.Reason}");
            return null;
        }, cancellationToken);
}
