using System.Globalization;
using Ferry.Core.Audit;
using Ferry.Core.Drives;
using Ferry.Core.Errors;

namespace Ferry.Core.Jobs;

/// <summary>Steps C1, C2, C3 and S1: copying drives and shipping them back.</summary>
public sealed partial class DataCentre
{
    /// <summary>
    /// C1: a drive starts copying (CopyStatus InProgress, 0 %, 0 bytes) and the job becomes Transferring. An export
    /// drive gets its BitLocker recovery password here, hidden from customers until ship-back (docs/decisions.md D18, D32).
    /// </summary>
    /// <returns>The changed job; 404; 409 when the job or drive state does not allow it or cancel was requested.</returns>
    public Task<Result<Job>> StartCopyAsync(JobKey key, string driveId, string? contentPath, Actor actor, CancellationToken cancellationToken) =>
        ChangeDriveAsync(key, driveId, actor, (job, drive, log) => Start(job, drive, contentPath, log), cancellationToken);

    /// <summary>C2: progress of a copying drive; the job's percentage follows.</summary>
    /// <returns>The changed job; 400 for a percentage outside 0–100 or negative bytes; 404; 409 unless the drive is Transferring.</returns>
    public Task<Result<Job>> ReportProgressAsync(JobKey key, string driveId, int percentComplete, long bytesSucceeded, Actor actor, CancellationToken cancellationToken) =>
        ReportProgressAsync(key, driveId, percentComplete, bytesSucceeded, null, actor, cancellationToken);

    /// <summary>
    /// C2 with the copy's size: as <see cref="ReportProgressAsync(JobKey, string, int, long, Actor, CancellationToken)"/>,
    /// and <paramref name="bytesTotal"/>, when given, is recorded as the bytes the copy moves in all (the operator's
    /// transfers view, docs/operator-api.md §1.1).
    /// </summary>
    /// <returns>The changed job; 400 for a bad percentage or byte count; 404; 409 unless the drive is Transferring.</returns>
    public Task<Result<Job>> ReportProgressAsync(JobKey key, string driveId, int percentComplete, long bytesSucceeded, long? bytesTotal, Actor actor, CancellationToken cancellationToken)
    {
        if (percentComplete is < 0 or > 100)
        {
            return Task.FromResult<Result<Job>>(FerryErrors.Invalid("percentComplete", $"The percentage must be 0 to 100; {percentComplete} was given."));
        }

        if (bytesSucceeded < 0)
        {
            return Task.FromResult<Result<Job>>(FerryErrors.Invalid("bytesSucceeded", "The byte count cannot be negative."));
        }

        return ChangeDriveAsync(key, driveId, actor, (job, drive, log) =>
        {
            if (drive.State != DriveState.Transferring)
            {
                return Refuse($"Drive '{drive.DriveId}' is in state {drive.State}; progress is reported only while it is Transferring.");
            }

            drive.PercentComplete = percentComplete;
            drive.BytesSucceeded = bytesSucceeded;
            drive.BytesTotal = bytesTotal ?? drive.BytesTotal;
            if (actor.Kind == AuditActorKind.Operator)
            {
                log.Note(AuditAction.Progress, drive.DriveId, $"{percentComplete}%");
            }

            return null;
        }, cancellationToken);
    }

    /// <summary>
    /// C3: a copying drive finishes with <paramref name="status"/>: Completed when the status is Completed and there is
    /// nothing more to report, otherwise CompletedMoreInfo (docs/lifecycle.md §2.2). With <paramref name="startIfNeeded"/>, a drive not
    /// yet copying is started first (C1 and C3 in one change). When no drive is left to copy the job goes to Packaging.
    /// </summary>
    /// <returns>The changed job; 400 for <c>None</c> or <c>InProgress</c>; 404; 409 when the drive or job state does not allow it.</returns>
    public Task<Result<Job>> FinishCopyAsync(
        JobKey key, string driveId, CopyStatus status, bool moreInfo, long? bytesSucceeded, bool startIfNeeded, Actor actor, CancellationToken cancellationToken)
    {
        if (status is CopyStatus.None or CopyStatus.InProgress)
        {
            return Task.FromResult<Result<Job>>(FerryErrors.Invalid("copyStatus", $"A copy cannot finish with status {status}."));
        }

        if (bytesSucceeded < 0)
        {
            return Task.FromResult<Result<Job>>(FerryErrors.Invalid("bytesSucceeded", "The byte count cannot be negative."));
        }

        return ChangeDriveAsync(key, driveId, actor, (job, drive, log) =>
        {
            if (drive.State != DriveState.Transferring)
            {
                if (!startIfNeeded)
                {
                    return Refuse($"Drive '{drive.DriveId}' is in state {drive.State}; only a Transferring drive can finish copying.");
                }

                if (Start(job, drive, null, log) is { } refused)
                {
                    return refused;
                }
            }

            var success = status is CopyStatus.Completed or CopyStatus.CompletedWithWarnings;
            drive.CopyStatus = status;
            drive.BytesSucceeded = bytesSucceeded ?? drive.BytesSucceeded;
            var clean = status == CopyStatus.Completed && !moreInfo;
            if (clean)
            {
                drive.PercentComplete = 100;
            }

            log.MoveDrive(drive, clean ? DriveState.Completed : DriveState.CompletedMoreInfo, success ? AuditAction.CompleteCopy : AuditAction.FailDrive, $"copy status {status}");
            return null;
        }, cancellationToken);
    }

    /// <summary>
    /// S1: the drives go back in <paramref name="package"/>. Every drive but the never-received ones becomes
    /// ShippedBack (a drive still expected becomes NeverReceived); the job becomes Completed, or Closed when a drive
    /// was never received or failed (docs/decisions.md D30). Export BitLocker keys become visible.
    /// </summary>
    /// <returns>The changed job; 400 for a package without carrier or tracking number; 404; 409 unless the job is Packaging.</returns>
    public Task<Result<Job>> ShipBackAsync(JobKey key, ShippingPackage package, Actor actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(package.CarrierName))
        {
            return Task.FromResult<Result<Job>>(FerryErrors.Invalid("carrierName", "The return package needs a carrier name."));
        }

        if (string.IsNullOrWhiteSpace(package.TrackingNumber))
        {
            return Task.FromResult<Result<Job>>(FerryErrors.Invalid("trackingNumber", "The return package needs a tracking number."));
        }

        if (package.DriveCount < 0)
        {
            return Task.FromResult<Result<Job>>(FerryErrors.Invalid("driveCount", "The drive count cannot be negative."));
        }

        return ChangeAsync(key, actor, (job, log) =>
        {
            if (job.State != JobState.Packaging)
            {
                return Refuse($"Job '{job.Name}' is in state {job.State}; drives are shipped back only from Packaging.");
            }

            foreach (var drive in job.Drives)
            {
                if (drive.State == DriveState.Specified)
                {
                    log.MoveDrive(drive, DriveState.NeverReceived, AuditAction.ShipBack, "not at the data centre at ship-back");
                }
                else if (drive.State != DriveState.NeverReceived)
                {
                    log.MoveDrive(drive, DriveState.ShippedBack, AuditAction.ShipBack, "shipped back");
                }
            }

            var shipped = job.Drives.Count(d => d.State == DriveState.ShippedBack) + job.ExtraDriveIds.Count;
            job.ReturnPackage = package with
            {
                DriveCount = package.DriveCount ?? shipped,
                ShipDate = package.ShipDate ?? log.Now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
            var errors = JobProgression.HasErrors(job);
            log.MoveJob(errors ? JobState.Closed : JobState.Completed, AuditAction.ShipBack, errors ? "shipped back with errors" : "shipped back");
            return null;
        }, cancellationToken);
    }

    /// <summary>C1 on one drive inside a change: the checks, the drive and job moves, and an export drive's key.</summary>
    internal FerryError? Start(Job job, Drive drive, string? contentPath, JobChangeLog log)
    {
        if (job.State is not (JobState.Shipping or JobState.Received or JobState.Transferring))
        {
            return Refuse($"Job '{job.Name}' is in state {job.State}; copies start only while it is Shipping, Received or Transferring.");
        }

        if (job.CancelRequested)
        {
            return Refuse($"Job '{job.Name}' was cancelled; no further copy starts.");
        }

        if (drive.State is not (DriveState.Received or DriveState.Specified))
        {
            return Refuse($"Drive '{drive.DriveId}' is in state {drive.State}; only a Received drive (or one arriving now) can start copying.");
        }

        drive.ContentPath = contentPath ?? drive.ContentPath;
        log.MoveDrive(drive, DriveState.Transferring, AuditAction.StartCopy, "copy started");
        drive.CopyStatus = CopyStatus.InProgress;
        drive.PercentComplete = 0;
        drive.BytesSucceeded = 0;
        if (job.Type == JobType.Export && drive.ProtectedBitLockerKey is null)
        {
            drive.ProtectedBitLockerKey = secrets.Protect(NewRecoveryPassword());
        }

        if (job.State != JobState.Transferring)
        {
            log.MoveJob(JobState.Transferring, AuditAction.StartCopy, "first drive started copying");
        }

        return null;
    }

    /// <summary>A BitLocker recovery password: 8 groups of 6 digits, each a multiple of 11 below 720896.</summary>
    internal static string NewRecoveryPassword() => RecoveryPassword.Generate();
}
