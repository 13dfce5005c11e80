using System.CommandLine;
using System.Text.Json.Serialization;
using Ferry.Core.Drives;
using Spectre.Console;

namespace Ferry.Cli.Commands.Drives;

/// <summary>
/// <c>ferry drive prepare</c>: the tool's PrepImport. Copies a dataset (a v2 <c>dataset.csv</c>, or one directory or file
/// as v1 does) onto drive folders, writes their manifests and the journal, and prints each drive's Put Job
/// <c>DriveList</c> entry; <c>--output json</c> prints exactly the <c>DriveList</c> array.
/// </summary>
internal static class DrivePrepareCommand
{
    public static Command Create(CommandContext context)
    {
        var journal = new Option<string>("--journal") { Description = "The journal file (one per drive set; keep it off the drives: it holds their keys).", Required = true };
        var session = new Option<string>("--session-id") { Description = "The copy session: 3 to 30 letters, digits, '_', '-' or '#'; its files go into a folder of that name.", Required = true };
        var dataset = new Option<FileInfo>("--dataset") { Description = "A v2 dataset.csv: BasePath,DstBlobPathOrPrefix,BlobType,Disposition,MetadataFile,PropertiesFile." };
        var srcdir = new Option<string>("--srcdir") { Description = "v1: a directory to copy (with --dstdir)." };
        var dstdir = new Option<string>("--dstdir") { Description = "v1: the blob prefix for --srcdir, container/ or container/virtual/dir/." };
        var srcfile = new Option<string>("--srcfile") { Description = "v1: a file to copy (with --dstblob)." };
        var dstblob = new Option<string>("--dstblob") { Description = "v1: the blob for --srcfile, container/name." };
        var drives = new Option<string[]>("--drive") { Description = "A drive folder, optionally with its capacity: DIR or DIR=2TB (repeatable, filled in order). Later sessions and --resume may omit it." };
        var driveId = new Option<string>("--drive-id") { Description = "The id of the (single) --drive: for a new drive instead of a generated one, or of a drive labelled by another journal." };
        var key = new Option<string>("--bitlocker-key") { Description = "The recovery password of the (single) --drive: for a new drive instead of a generated one, or the one that unlocks a labelled drive." };
        var blobType = new Option<string>("--blob-type") { Description = "v1: BlockBlob (default) or PageBlob." }.AcceptOnlyFromAmong("BlockBlob", "PageBlob");
        var disposition = new Option<string>("--disposition") { Description = "v1: rename (default), no-overwrite or overwrite, when the blob exists." }.AcceptOnlyFromAmong("rename", "no-overwrite", "overwrite");
        var metadata = new Option<string>("--metadata-file") { Description = "v1: a metadata file (docs/formats.md §4) for every blob." };
        var properties = new Option<string>("--properties-file") { Description = "v1: a properties file (docs/formats.md §4) for every blob." };
        var accountKey = new Option<string>("--storage-account-key") { Description = "The storage account key recorded in the manifests (first session: this or --container-sas)." };
        var sas = new Option<string>("--container-sas") { Description = "The container SAS recorded in the manifests, as container?sv=…" };
        var skipWrite = new Option<bool>("--skip-write") { Description = "The data is already on the drives: hash it in place, copy nothing." };
        var resume = new Option<bool>("--resume") { Description = "Continue the interrupted session --session-id." };
        var command = new Command("prepare", "Copy data onto import drives and write their manifests (the tool's PrepImport).")
        {
            journal, session, dataset, srcdir, dstdir, srcfile, dstblob, drives, driveId, key, blobType, disposition, metadata, properties, accountKey, sas, skipWrite, resume,
        };
        DriveCommands.SetAction(command, context, async (parse, ct) =>
        {
            var v1 = new V1Options(srcdir, dstdir, srcfile, dstblob, blobType, disposition, metadata, properties);
            var entries = Dataset(parse, parse.GetValue(dataset), v1, parse.GetValue(resume));
            var request = new PrepareRequest(
                parse.GetValue(journal)!,
                parse.GetValue(session)!,
                entries,
                Drives(parse.GetValue(drives) ?? [], parse.GetValue(driveId), parse.GetValue(key)),
                parse.GetValue(accountKey),
                parse.GetValue(sas),
                parse.GetValue(skipWrite),
                parse.GetValue(resume));
            IReadOnlyList<PreparedDrive> prepared;
            try
            {
                prepared = await RunAsync(context, parse, request, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw new CliException($"interrupted; the journal is intact: continue with the same command and --resume.", FerryCli.ServiceError);
            }

            await WriteAsync(context, parse, request, prepared);
            return FerryCli.Ok;
        });
        return command;
    }

    /// <summary>The Put Job <c>DriveList</c> entry, with the wire's member names.</summary>
    private sealed record DriveListEntry(
        [property: JsonPropertyName("DriveId")] string DriveId,
        [property: JsonPropertyName("BitLockerKey")] string BitLockerKey,
        [property: JsonPropertyName("ManifestFile")] string ManifestFile,
        [property: JsonPropertyName("ManifestHash")] string ManifestHash);

    private sealed record V1Options(
        Option<string> SrcDir, Option<string> DstDir, Option<string> SrcFile, Option<string> DstBlob,
        Option<string> BlobType, Option<string> Disposition, Option<string> Metadata, Option<string> Properties);

    private static IReadOnlyList<DatasetEntry> Dataset(ParseResult parse, FileInfo? dataset, V1Options v1, bool resume)
    {
        var (srcdir, dstdir, srcfile, dstblob) = (parse.GetValue(v1.SrcDir), parse.GetValue(v1.DstDir), parse.GetValue(v1.SrcFile), parse.GetValue(v1.DstBlob));
        var forms = new[] { dataset is not null, srcdir is not null || dstdir is not null, srcfile is not null || dstblob is not null }.Count(f => f);
        if (forms > 1)
        {
            throw new CliException("give one of --dataset, --srcdir with --dstdir, or --srcfile with --dstblob.");
        }

        var v1Only = new[] { v1.BlobType, v1.Disposition, v1.Metadata, v1.Properties }.Where(o => parse.GetResult(o) is not null).Select(o => o.Name).ToList();
        if (dataset is not null)
        {
            if (v1Only.Count > 0)
            {
                throw new CliException($"{string.Join(", ", v1Only)} go with --srcdir or --srcfile; a dataset.csv has its own columns.");
            }

            using var reader = dataset.OpenText();
            return DatasetCsv.TryRead(reader, dataset.DirectoryName!, out var entries, out var problem)
                ? entries
                : throw new CliException(problem.Message.Replace("dataset.csv", dataset.FullName, StringComparison.Ordinal));
        }

        if (forms == 0)
        {
            return resume ? [] : throw new CliException("nothing to copy: give --dataset, --srcdir with --dstdir, or --srcfile with --dstblob.");
        }

        var directory = srcdir is not null || dstdir is not null;
        var (source, destination) = directory ? (srcdir, dstdir) : (srcfile, dstblob);
        if (source is null || destination is null)
        {
            throw new CliException(directory ? "--srcdir and --dstdir go together." : "--srcfile and --dstblob go together.");
        }

        if (directory && !source.EndsWith('/') && !source.EndsWith('\\'))
        {
            source += Path.DirectorySeparatorChar;
        }

        var kind = parse.GetValue(v1.BlobType) == "PageBlob" ? BlobKind.PageBlob : BlobKind.BlockBlob;
        var importDisposition = ImportDispositions.TryParse(parse.GetValue(v1.Disposition), out var given) ? given : ImportDisposition.Rename;
        if (!DatasetCsv.TryCreateEntry(source, destination, kind, importDisposition, parse.GetValue(v1.Metadata), parse.GetValue(v1.Properties), Environment.CurrentDirectory, out var entry, out var entryProblem))
        {
            var option = entryProblem.Message.StartsWith("DstBlobPathOrPrefix", StringComparison.Ordinal) ? (directory ? "--dstdir" : "--dstblob")
                : entryProblem.Message.StartsWith("BasePath", StringComparison.Ordinal) ? (directory ? "--srcdir" : "--srcfile")
                : entryProblem.Message.StartsWith("MetadataFile", StringComparison.Ordinal) ? "--metadata-file" : "--properties-file";
            throw new CliException($"{option}: {entryProblem.Message[(entryProblem.Message.IndexOf(':', StringComparison.Ordinal) + 2)..]}");
        }

        return [entry];
    }

    private static List<PrepareDrive> Drives(string[] values, string? driveId, string? key)
    {
        if ((driveId is not null || key is not null) && values.Length != 1)
        {
            throw new CliException("--drive-id and --bitlocker-key describe one drive: give exactly one --drive with them.");
        }

        return [.. values.Select(value =>
        {
            var equals = value.LastIndexOf('=');
            var (root, capacity) = equals > 0 ? (value[..equals], (long?)DriveCommands.Size(value[(equals + 1)..], "--drive " + value)) : (value, null);
            return new PrepareDrive(root, capacity, driveId, key);
        })];
    }

    private static async Task<IReadOnlyList<PreparedDrive>> RunAsync(CommandContext context, ParseResult parse, PrepareRequest request, CancellationToken ct)
    {
        var preparer = new DrivePreparer();
        if (!context.Env.Interactive || context.IsJson(parse))
        {
            return await preparer.PrepareAsync(request, null, ct);
        }

        IReadOnlyList<PreparedDrive> prepared = [];
        await Output.Console(context.Env).Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async progressContext =>
            {
                var task = progressContext.AddTask("Preparing", maxValue: 1);
                var progress = new CallbackProgress<PrepareProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.BytesTotal);
                    task.Value = p.BytesDone;
                    task.Description = Markup.Escape($"{p.FilesDone}/{p.FilesTotal} files" + (p.CurrentFile is { } f ? " " + Path.GetFileName(f) : string.Empty));
                });
                prepared = await preparer.PrepareAsync(request, progress, ct);
                task.Value = task.MaxValue;
                task.StopTask();
            });
        return prepared;
    }

    private static async Task WriteAsync(CommandContext context, ParseResult parse, PrepareRequest request, IReadOnlyList<PreparedDrive> prepared)
    {
        var entries = prepared.Select(p => new DriveListEntry(p.DriveId, p.BitLockerKey, p.ManifestFile, p.ManifestHash)).ToList();
        await context.WriteAsync(parse, entries, () =>
        {
            var table = Output.Table("DriveId", "BitLockerKey", "ManifestFile", "ManifestHash", "Folder", "Blobs");
            foreach (var p in prepared)
            {
                table.Row(p.DriveId, p.BitLockerKey, p.ManifestFile, p.ManifestHash, p.Root, p.Blobs.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return table;
        });
        var unused = request.Drives.Where(d => !prepared.Any(p => string.Equals(Path.GetFullPath(p.Root), Path.TrimEndingDirectorySeparator(Path.GetFullPath(d.Root)), StringComparison.Ordinal))).ToList();
        foreach (var drive in unused)
        {
            await context.Env.Error.WriteLineAsync($"ferry: the drive folder '{drive.Root}' received no data; it has no manifest and is not part of the DriveList.");
        }

        if (!context.IsJson(parse))
        {
            await context.Env.Output.WriteLineAsync($"The drive-info files ({Path.GetFileName(request.JournalPath)}_DriveInfo_<DriveId>.xml) are next to the journal. Keep the journal and the keys safe.");
        }
    }
}
