using System.Globalization;
using System.Security.Cryptography;
using Ferry.Core.Audit;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Microsoft.Extensions.Logging;

namespace Ferry.Core.Emulation;

/// <summary>What the emulator does in each state.</summary>
public sealed partial class Emulator
{
    private string Bay => Path.GetFullPath(control.Options.DriveBay);

    /// <summary>Whether the transfer engine copies drives (the emulator then never fakes a copy).</summary>
    private bool EngineCopies => transfer.Value.Enabled;

    /// <summary>Whether the engine also starts received drives by itself.</summary>
    private bool EngineStarts => transfer.Value.Enabled && transfer.Value.AutoStart;

    /// <summary>Whether a drive still expected has turned up in the bay, or missed its deadline.</summary>
    private bool LateDrives(Job job, DateTimeOffset now) =>
        job.Drives.Any(d => d.State == DriveState.Specified && (Directory.Exists(DriveFolder(d.DriveId)) || job.ShippingAt + control.Options.NeverReceivedAfter <= now))
        || (!EngineStarts && !job.CancelRequested && job.Drives.Any(d => d.State == DriveState.Received));

    private Task<Result<Job>>? ReceiveImportOrNullAsync(JobKey key, Job job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var overdue = job.ShippingAt + control.Options.NeverReceivedAfter <= now;
        var arriving = job.Drives.Any(d => d.State == DriveState.Specified && Directory.Exists(DriveFolder(d.DriveId)));
        var abandoned = job.Drives.All(d => d.State == DriveState.NeverReceived);
        if (!arriving && !overdue && !abandoned)
        {
            return null;
        }

        if (abandoned || (overdue && !arriving && job.Drives.All(d => d.State is DriveState.Specified or DriveState.NeverReceived)))
        {
            return dataCentre.CloseAsync(key, Actor.Emulator, cancellationToken);
        }

        return dataCentre.ChangeAsync(key, Actor.Emulator, (current, log) =>
        {
            ReceiveFromBay(current, overdue, log);
            return null;
        }, cancellationToken);
    }

    private Task<Result<Job>>? ReceiveExportOrNullAsync(JobKey key, Job job, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Bay, job.Name);
        var drives = Directory.Exists(folder)
            ? Directory.GetDirectories(folder).Order(StringComparer.Ordinal).Select(d => new ReceivedDrive(Path.GetFileName(d), d)).ToList()
            : [];
        return drives.Count == 0 ? null : dataCentre.ReceivePackageAsync(key, drives, Actor.Emulator, cancellationToken);
    }

    // Through DataCentre's C1, so that export drives get their BitLocker key like an operator's start.
    private FerryError? StartAll(Job job, JobChangeLog log)
    {
        foreach (var drive in job.Drives.Where(d => d.State == DriveState.Received).ToList())
        {
            if (dataCentre.Start(job, drive, null, log) is { } refused)
            {
                return refused;
            }
        }

        return null;
    }

    private FerryError? CompleteAll(Job job, JobChangeLog log)
    {
        // A job started while some drives were still expected: they arrive from the bay, or miss the deadline.
        ReceiveFromBay(job, job.ShippingAt + control.Options.NeverReceivedAfter <= log.Now, log);

        if (!EngineStarts && !job.CancelRequested && StartAll(job, log) is { } refused)
        {
            return refused;
        }

        foreach (var drive in job.Drives.Where(d => d.State == DriveState.Transferring && !EngineCopies))
        {
            drive.CopyStatus = CopyStatus.Completed;
            drive.PercentComplete = 100;
            drive.BytesSucceeded = FolderSize(drive.ContentPath);
            log.MoveDrive(drive, DriveState.Completed, AuditAction.CompleteCopy, "copy status Completed");
        }

        // Nothing moved (drives still awaited): write nothing rather than a change that alters nothing.
        return log.Entries.Count == 0 ? FerryErrors.StateConflict($"Job '{job.Name}' waits for drives that are not in the bay yet.") : null;
    }

    /// <summary>Drives still expected arrive when their folder is in the bay; past the deadline, the others never will.</summary>
    private void ReceiveFromBay(Job job, bool overdue, JobChangeLog log)
    {
        foreach (var drive in job.Drives.Where(d => d.State == DriveState.Specified))
        {
            var folder = DriveFolder(drive.DriveId);
            if (Directory.Exists(folder))
            {
                drive.ContentPath = folder;
                log.MoveDrive(drive, DriveState.Received, AuditAction.ReceiveDrive, "found in the drive bay");
            }
            else if (overdue)
            {
                log.MoveDrive(drive, DriveState.NeverReceived, AuditAction.NeverReceived, "not in the drive bay by the deadline");
            }
        }
    }

    private static ShippingPackage ReturnPackage(Job job) => new(
        job.ReturnShipping?.CarrierName ?? "FedEx",
        "FERRY" + RandomNumberGenerator.GetInt32(0, 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture),
        DriveCount: null,
        ShipDate: null);

    private string DriveFolder(string driveId) => Path.Combine(Bay, driveId);

    private static long FolderSize(string? path) =>
        path is not null && Directory.Exists(path)
            ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
            : 0;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Emulator: step of job {JobName} refused: {Reason}")]
    private partial void LogStepRefused(string jobName, string reason);
}
