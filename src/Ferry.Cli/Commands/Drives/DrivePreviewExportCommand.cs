using System.CommandLine;
using Ferry.Core.Drives;
using Ferry.Core.Jobs;
using Ferry.Core.Transfer;

namespace Ferry.Cli.Commands.Drives;

/// <summary>
/// <c>ferry drive preview-export</c>: the tool's PreviewExport. Resolves an export selection against the storage account
/// as the transfer engine will (<see cref="ExportSelectionResolver"/>) and plans the blobs onto drives of one size
/// (<see cref="ExportPreviewer"/>).
/// </summary>
internal static class DrivePreviewExportCommand
{
    /// <summary>Largest blob-list file read, as the engine's default <c>MaxBlobListBytes</c>.</summary>
    private const long MaxBlobListBytes = 32 * 1024 * 1024;

    public static Command Create(CommandContext context)
    {
        var driveSize = new Option<string>("--drive-size") { Description = "The size of each drive, e.g. 500GB, 1.5TB (1 GB = 10^9 bytes), 2TiB.", Required = true };
        var listFile = new Option<FileInfo>("--blob-list-file") { Description = "A blob list XML file (docs/formats.md §1.2) with BlobPath and BlobPathPrefix entries." };
        var paths = new Option<string[]>("--blob-path") { Description = "A blob, container/name, with its snapshots (repeatable)." };
        var prefixes = new Option<string[]>("--blob-path-prefix") { Description = "A prefix such as /container/ or /container/dir (repeatable)." };
        var account = new StorageAccountOptions();
        var command = new Command("preview-export", "Count the drives an export needs (the tool's PreviewExport).") { driveSize, listFile, paths, prefixes };
        account.AddTo(command);
        DriveCommands.SetAction(command, context, async (parse, ct) =>
        {
            var size = DriveCommands.Size(parse.GetValue(driveSize)!, "--drive-size");
            var list = Selection(parse.GetValue(listFile), parse.GetValue(paths) ?? [], parse.GetValue(prefixes) ?? []);
            var (blobAccount, _) = account.Open(parse, context.Env.Transport);
            var outcome = await new ExportSelectionResolver(blobAccount, MaxBlobListBytes)
                .ResolveAsync(new ExportSelection([.. list.Paths.Select(p => p.Path).Distinct()], list.Prefixes, null), ct);
            if (outcome.Blobs is null)
            {
                throw new CliException(outcome.Reason, FerryCli.ServiceError);
            }

            var selected = outcome.Blobs.Where(b => list.Prefixes.Any(p => ("/" + b.BlobPath).StartsWith(p, StringComparison.Ordinal)) || list.Paths.Any(p => Wants(p, b))).ToList();
            var missing = list.Paths.Where(p => !selected.Any(b => Wants(p, b))).Select(p => p.SnapshotTime is { } t ? $"{p.Path} (snapshot {t:O})" : p.Path).Distinct().ToList();
            var preview = ExportPreviewer.Preview(selected.Select(b => b.Length), size);
            var view = new PreviewView(preview.BlobCount, preview.TotalBytes, preview.DrivesNeeded, size,
                [.. preview.PerDrive.Select((d, i) => new DriveView(i + 1, d.Blobs, d.Bytes))], preview.NotExportable, missing);
            await context.WriteAsync(parse, view, () =>
            {
                var table = Output.Table("Drive", "Blobs", "Bytes");
                foreach (var d in view.PerDrive)
                {
                    table.Row(d.Drive.ToString(System.Globalization.CultureInfo.InvariantCulture), d.Blobs.ToString(System.Globalization.CultureInfo.InvariantCulture), d.Bytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
                }

                // The summary is a line of its own: a caption would wrap at the table's (narrow) width.
                var summary = $"{view.Blobs} blobs, {view.Bytes:N0} bytes: {view.DrivesNeeded} drive(s) of {size:N0} bytes; {view.NotExportable} larger than a drive; {view.NotFound.Count} path(s) not found"
                    + (view.NotFound.Count > 0 ? ": " + string.Join(", ", view.NotFound) : string.Empty);
                return new Spectre.Console.Rows(table, new Spectre.Console.Text(summary));
            });
            return FerryCli.Ok;
        });
        return command;
    }

    private sealed record PreviewView(int Blobs, long Bytes, int DrivesNeeded, long DriveSize, IReadOnlyList<DriveView> PerDrive, int NotExportable, IReadOnlyList<string> NotFound);

    private sealed record DriveView(int Drive, int Blobs, long Bytes);

    /// <summary>The selection: a blob-list file, or the paths and prefixes given inline (never both).</summary>
    private static BlobListDocument Selection(FileInfo? file, string[] paths, string[] prefixes)
    {
        if (file is not null && (paths.Length > 0 || prefixes.Length > 0))
        {
            throw new CliException("give --blob-list-file, or --blob-path and --blob-path-prefix, not both.");
        }

        if (file is null)
        {
            if (paths.Length == 0 && prefixes.Length == 0)
            {
                throw new CliException("nothing selected: give --blob-list-file, --blob-path or --blob-path-prefix.");
            }

            if (prefixes.FirstOrDefault(p => !p.StartsWith('/')) is { } bad)
            {
                throw new CliException($"--blob-path-prefix: '{bad}' must start with '/' (/ alone selects the whole account).");
            }

            if (paths.FirstOrDefault(p => p.StartsWith('/') || !p.Contains('/', StringComparison.Ordinal)) is { } badPath)
            {
                throw new CliException($"--blob-path: '{badPath}' must be container/name, without a leading '/'.");
            }

            return new BlobListDocument([.. paths.Select(p => new BlobListPath(p, true, null))], prefixes);
        }

        using var stream = file.OpenRead();
        return BlobListXml.TryRead(stream, ManifestLimits.Default with { MaxDocumentCharacters = MaxBlobListBytes }, out var list, out var problem)
            ? list
            : throw new CliException($"--blob-list-file: {problem.Message}");
    }

    /// <summary>Whether a blob-list path selects <paramref name="blob"/>: the base blob, its snapshots when included, or the one snapshot named.</summary>
    private static bool Wants(BlobListPath path, ExportBlob blob) =>
        path.Path == blob.BlobPath
        && (path.SnapshotTime is { } time ? blob.Snapshot == time : blob.Snapshot is null || path.IncludeSnapshots);
}
