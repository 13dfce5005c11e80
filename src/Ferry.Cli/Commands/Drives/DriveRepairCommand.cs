using System.CommandLine;
using Ferry.Core.Drives;
using Spectre.Console;

namespace Ferry.Cli.Commands.Drives;

/// <summary>
/// <c>ferry drive repair-import</c>: the tool's RepairImport. Sends again, from the original files, the blocks and page
/// ranges an import's copy log shows as failed, checking each against the manifest's MD5. Exit 0 when every blob was
/// repaired, 1 when some were not (they are listed).
/// </summary>
internal static class DriveRepairCommand
{
    public static Command Create(CommandContext context)
    {
        var copyLog = new Option<FileInfo>("--copy-log") { Description = "The drive's copy log (error or verbose) from the storage account.", Required = true };
        var manifest = new Option<FileInfo>("--manifest") { Description = "The drive's manifest (DriveManifest.xml).", Required = true };
        var sources = new Option<string[]>("--source") { Description = "A directory holding the original files: the drive root or the copied folders (repeatable).", Required = true };
        var pathMap = new Option<FileInfo>("--path-map") { Description = "Lines drive-path<TAB>actual-path for files found more than once." };
        var account = new StorageAccountOptions();
        var command = new Command("repair-import", "Send again the blocks and ranges an import failed to copy (the tool's RepairImport).") { copyLog, manifest, sources, pathMap };
        account.AddTo(command);
        DriveCommands.SetAction(command, context, async (parse, ct) =>
        {
            var (_, containers) = account.Open(parse, context.Env.Transport);
            var request = new RepairRequest(parse.GetValue(copyLog)!.FullName, parse.GetValue(manifest)!.FullName, parse.GetValue(sources)!, parse.GetValue(pathMap)?.FullName, containers);
            var report = await RunAsync(context, parse, request, ct);
            var view = report.Blobs.Select(b => new RepairView(b.BlobPath, b.FilePath, b.Outcome.ToString(), b.RangesSent, b.SourceFile, b.Reason)).ToList();
            await context.WriteAsync(parse, view, () =>
            {
                var table = Output.Table("Blob", "File", "Outcome", "Sent", "Source", "Reason");
                foreach (var b in view)
                {
                    table.Row(b.BlobPath, b.FilePath, b.Outcome, b.RangesSent.ToString(System.Globalization.CultureInfo.InvariantCulture), b.SourceFile, b.Reason);
                }

                table.Caption = new TableTitle($"{report.Repaired} of {report.Blobs.Count} blob(s) repaired.");
                return table;
            });
            return report.Complete ? FerryCli.Ok : FerryCli.ServiceError;
        });
        return command;
    }

    private sealed record RepairView(string BlobPath, string FilePath, string Outcome, int RangesSent, string? SourceFile, string Reason);

    private static async Task<RepairReport> RunAsync(CommandContext context, ParseResult parse, RepairRequest request, CancellationToken ct)
    {
        var repairer = new ImportRepairer();
        if (!context.Env.Interactive || context.IsJson(parse))
        {
            return await repairer.RepairAsync(request, null, ct);
        }

        RepairReport? report = null;
        await Output.Console(context.Env).Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async progressContext =>
            {
                var task = progressContext.AddTask("Repairing", maxValue: 1);
                var progress = new CallbackProgress<RepairProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.BytesTotal);
                    task.Value = Math.Min(p.BytesDone, task.MaxValue);
                    task.Description = Markup.Escape($"{p.BlobsDone}/{p.BlobsTotal} blobs" + (p.CurrentBlob is { } b ? " " + b : string.Empty));
                });
                report = await repairer.RepairAsync(request, progress, ct);
                task.Value = task.MaxValue;
                task.StopTask();
            });
        return report!;
    }
}
