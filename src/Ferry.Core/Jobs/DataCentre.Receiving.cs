using Ferry.Core.Audit;
using Ferry.Core.Errors;

namespace Ferry.Core.Jobs;

/// <summary>Steps R1, R2, N1 and N2: drives arriving, or not.</summary>
public sealed partial class DataCentre
{
    private const int MaxDriveIdLength = 128;

    /// <summary>
    /// R1, the package arrived. Import: listed drives in the package become Received, listed drives missing from it
    /// NeverReceived, other ids are recorded as extra drives; when none of the job's drives came, the job stays
    /// Shipping. Export: one Received drive per id. The job becomes Received, or Packaging when cancel was requested.
    /// </summary>
    /// <returns>The changed job; 400 for a bad drive list; 404; 409 when the job is not Shipping.</returns>
    public Task<Result<Job>> ReceivePackageAsync(JobKey key, IReadOnlyList<ReceivedDrive> drives, Actor actor, CancellationToken cancellationToken)
    {
        if (ValidatePackage(drives) is { } invalid)
        {
            return Task.FromResult<Result<Job>>(invalid);
        }

        return ChangeAsync(key, actor, (job, log) =>
        {
            if (job.State != JobState.Shipping)
            {
                return Refuse($"Job '{job.Name}' is in state {job.State}; a package is received only for a Shipping job.");
            }

            return job.Type == JobType.Export ? ReceiveExport(job, drives, log) : ReceiveImport(job, drives, log);
        }, cancellationToken);
    }

    /// <summary>
    /// One drive arrives: R2 for a NeverReceived drive (the job becomes Received if it was still Shipping), or a single
    /// Specified drive of a Shipping job (the job becomes Received once no drive is still expected).
    /// </summary>
    /// <returns>The changed job; 404 for the job or drive; 409 when the drive or job state does not allow it.</returns>
    public Task<Result<Job>> ReceiveDriveAsync(JobKey key, string driveId, string? contentPath, Actor actor, CancellationToken cancellationToken) =>
        ChangeDriveAsync(key, driveId, actor, (job, drive, log) =>
        {
            if (job.State is JobState.Creating or JobState.Packaging or JobState.Completed or JobState.Closed)
            {
                return Refuse($"Job '{job.Name}' is in state {job.State}; drives are received only from Shipping until Transferring.");
            }

            if (drive.State is not (DriveState.Specified or DriveState.NeverReceived))
            {
                return Refuse($"Drive '{drive.DriveId}' is in state {drive.State}; only a Specified or NeverReceived drive can be received.");
            }

            var late = drive.State == DriveState.NeverReceived;
            drive.ContentPath = contentPath ?? drive.ContentPath;
            log.MoveDrive(drive, DriveState.Received, AuditAction.ReceiveDrive, late ? "arrived late" : "arrived");
            if (job.State == JobState.Shipping && (late || job.Drives.All(d => d.State != DriveState.Specified)))
            {
                log.MoveJob(job.CancelRequested ? JobState.Packaging : JobState.Received, AuditAction.ReceiveDrive, late ? "a late drive arrived" : "every drive accounted for");
            }

            return null;
        }, cancellationToken);

    /// <summary>N1: a Specified drive of a shipped job is marked NeverReceived.</summary>
    /// <returns>The changed job; 404; 409 unless the drive is Specified and the job past Creating.</returns>
    public Task<Result<Job>> MarkNeverReceivedAsync(JobKey key, string driveId, Actor actor, CancellationToken cancellationToken) =>
        ChangeDriveAsync(key, driveId, actor, (job, drive, log) =>
        {
            if (job.State == JobState.Creating)
            {
                return Refuse($"Job '{job.Name}' is Creating; its drives have not been shipped.");
            }

            if (drive.State != DriveState.Specified)
            {
                return Refuse($"Drive '{drive.DriveId}' is in state {drive.State}; only a Specified drive can be marked never received.");
            }

            log.MoveDrive(drive, DriveState.NeverReceived, AuditAction.NeverReceived, "marked by the data centre");
            return null;
        }, cancellationToken);

    /// <summary>N2: a Shipping job none of whose drives arrived is Closed; drives still expected become NeverReceived.</summary>
    /// <returns>The changed job; 404; 409 unless the job is Shipping with no drive received.</returns>
    public Task<Result<Job>> CloseAsync(JobKey key, Actor actor, CancellationToken cancellationToken) =>
        ChangeAsync(key, actor, (job, log) =>
        {
            if (job.State != JobState.Shipping)
            {
                return Refuse($"Job '{job.Name}' is in state {job.State}; only a Shipping job can be closed as never received.");
            }

            if (job.Drives.FirstOrDefault(d => d.State is not (DriveState.Specified or DriveState.NeverReceived)) is { } arrived)
            {
                return Refuse($"Drive '{arrived.DriveId}' of job '{job.Name}' was received; the job cannot be closed as never received.");
            }

            foreach (var drive in job.Drives.Where(d => d.State == DriveState.Specified))
            {
                log.MoveDrive(drive, DriveState.NeverReceived, AuditAction.Close, "job closed as never received");
            }

            log.MoveJob(JobState.Closed, AuditAction.Close, "never received");
            return null;
        }, cancellationToken);

    private FerryError? ValidatePackage(IReadOnlyList<ReceivedDrive> drives)
    {
        if (drives.Count == 0 || drives.Count > options.Value.MaxDrivesPerJob)
        {
            return FerryErrors.Invalid("drives", $"A package holds 1 to {options.Value.MaxDrivesPerJob} drives; {drives.Count} were given.");
        }

        if (drives.FirstOrDefault(d => string.IsNullOrWhiteSpace(d.DriveId) || d.DriveId.Length > MaxDriveIdLength || d.DriveId.Any(char.IsWhiteSpace)) is { } bad)
        {
            return FerryErrors.Invalid("driveId", $"Drive id '{bad.DriveId}' is invalid: 1 to {MaxDriveIdLength} characters without spaces.");
        }

        var duplicate = drives.GroupBy(d => d.DriveId, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? null : FerryErrors.Invalid("driveId", $"Drive '{duplicate.Key}' is listed more than once.");
    }

    private static FerryError? ReceiveImport(Job job, IReadOnlyList<ReceivedDrive> arrived, JobChangeLog log)
    {
        var byId = arrived.ToDictionary(d => d.DriveId, StringComparer.OrdinalIgnoreCase);
        foreach (var drive in job.Drives)
        {
            if (byId.Remove(drive.DriveId, out var found))
            {
                if (drive.State is DriveState.Specified or DriveState.NeverReceived)
                {
                    drive.ContentPath = found.ContentPath ?? drive.ContentPath;
                    log.MoveDrive(drive, DriveState.Received, AuditAction.ReceivePackage, "in the package");
                }
            }
            else if (drive.State == DriveState.Specified)
            {
                log.MoveDrive(drive, DriveState.NeverReceived, AuditAction.ReceivePackage, "missing from the package");
            }
        }

        job.ExtraDriveIds = [.. job.ExtraDriveIds.Union(byId.Keys, StringComparer.OrdinalIgnoreCase)];
        if (byId.Count > 0)
        {
            log.Note(AuditAction.ReceivePackage, reason: $"extra drives not listed by the job: {string.Join(", ", byId.Keys)}");
        }

        if (job.Drives.Any(d => d.State == DriveState.Received))
        {
            log.MoveJob(job.CancelRequested ? JobState.Packaging : JobState.Received, AuditAction.ReceivePackage, "package received");
        }

        return null;
    }

    private static FerryError? ReceiveExport(Job job, IReadOnlyList<ReceivedDrive> arrived, JobChangeLog log)
    {
        foreach (var received in arrived)
        {
            var drive = new Drive
            {
                Ordinal = job.Drives.Count,
                DriveId = received.DriveId,
                ContentPath = received.ContentPath,
                State = DriveState.Received,
                StateChangedAt = log.Now,
            };
            job.Drives.Add(drive);
            log.AddDrive(drive, AuditAction.ReceivePackage, "in the package");
        }

        log.MoveJob(job.CancelRequested ? JobState.Packaging : JobState.Received, AuditAction.ReceivePackage, "package received");
        return null;
    }
}
