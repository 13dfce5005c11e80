using Ferry.Core.Drives;
using Ferry.Core.Jobs;
using Ferry.Core.Security;
using Microsoft.Extensions.Logging;

namespace Ferry.Core.Transfer;

/// <summary>
/// Exports a job onto its received drives (docs/lifecycle.md §6): the selection is resolved once and the plan (which blob
/// goes onto which drive, under which file name) is checkpointed before any byte is written, so a resumed export
/// writes the same files. Then each drive in order gets its blobs with their properties and metadata files, its
/// manifest and its protector record; its copy logs go to the account and the drive finishes (C3). The last drive
/// reports the blobs that fit nowhere in the incomplete-blob list.
/// </summary>
internal sealed partial class ExportTransfer(
    TransferSession session,
    Job job,
    BlobAccount account,
    TransferStore store,
    ISecretProtector secrets,
    TransferOptions options,
    TimeProvider time,
    TransferEngine engine,
    TransferBuffers buffers,
    ILogger logger)
{
    /// <summary>The manifest's place on an export drive.</summary>
    public const string ManifestFile = @"\DriveManifest.xml";

    private const int SaveBatch = 500;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (await engine.StartExportDrivesAsync(session, job, cancellationToken) is not { } started)
        {
            return;
        }

        job = started;
        var drives = TransferEngine.CopyingExportDrives(job);
        if (drives.Count == 0)
        {
            return;
        }

        var diagnostics = new DiagnosticsWriter(account, job, time);
        var items = await store.ListItemsAsync(session.Claim, cancellationToken);
        if (items.Count == 0)
        {
            var resolver = new ExportSelectionResolver(account, options.MaxBlobListBytes);
            var selection = await resolver.ResolveAsync(job.Export ?? new ExportSelection([], [], null), cancellationToken);
            if (selection.Blobs is null)
            {
                foreach (var drive in drives)
                {
                    await engine.FinishAsync(session, job, diagnostics, new CopyLog(drive.DriveId, [], selection.Status.ToString()), selection.Status, false, 0, null, cancellationToken);
                }

                return;
            }

            items = await SavePlanAsync(selection.Blobs, drives, cancellationToken);
        }

        var plan = items.Select(i => (Item: i, Assignment: TransferJson.Read<ExportAssignment>(i.Decision!))).ToList();
        for (var d = 0; d < drives.Count; d++)
        {
            var drive = drives[d];
            var mine = plan.Where(p => p.Assignment.DriveId == drive.DriveId).ToList();
            var last = d == drives.Count - 1;
            await ExportDriveAsync(diagnostics, drive, mine, last ? [.. plan.Where(p => p.Assignment.DriveId is null).Select(p => p.Assignment.Blob)] : null, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<TransferItem>> SavePlanAsync(IReadOnlyList<ExportBlob> blobs, List<Drive> drives, CancellationToken cancellationToken)
    {
        var capacities = drives.Select(d => (d.DriveId, CapacityOf(d.ContentPath!))).ToList();
        var plan = ExportPlanner.Plan(blobs, capacities, options.ExportBlockSize);
        var items = plan.Select((a, i) => new TransferItem { JobId = session.Claim.JobId, DriveId = session.Claim.DriveId, Ordinal = i, Decision = TransferJson.Write(a) }).ToList();
        foreach (var batch in items.Chunk(SaveBatch))
        {
            if (!await store.SaveItemsAsync(session.Claim, batch, session.LeaseExpiry, cancellationToken))
            {
                throw new LeaseLostException();
            }
        }

        var incomplete = plan.Count(a => a.DriveId is null);
        LogPlanned(job.Name, blobs.Count, incomplete);
        return items;
    }

    /// <summary>The drive's capacity: its label's, else the free space of the file system holding it.</summary>
    private static long CapacityOf(string root)
    {
        if (DriveLabel.TryRead(root, out var label, out _) && label.Capacity is { } capacity)
        {
            return capacity;
        }

        return new DriveInfo(Path.GetFullPath(root)).AvailableFreeSpace;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Export of job {JobName}: {Count} blob(s) selected, {Incomplete} do not fit on the drives")]
    private partial void LogPlanned(string jobName, int count, int incomplete);
}
