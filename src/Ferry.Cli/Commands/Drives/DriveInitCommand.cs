using System.CommandLine;
using Ferry.Core.Drives;

namespace Ferry.Cli.Commands.Drives;

/// <summary>
/// <c>ferry drive init</c>: a blank export drive, an empty folder with a label (<c>FerryDrive.xml</c>) stating its id and
/// capacity. The label's recovery password is generated and never shown: at export the service protects the drive with
/// the job's key and replaces the label.
/// </summary>
internal static class DriveInitCommand
{
    public static Command Create(CommandContext context)
    {
        var drive = new Option<string>("--drive") { Description = "The drive folder; created when missing, and it must be empty.", Required = true };
        var capacity = new Option<string>("--capacity") { Description = "What the drive holds, e.g. 2GB, 1.5TB, 500GiB.", Required = true };
        var driveId = new Option<string>("--drive-id") { Description = "The drive id (default: a generated 8-character id)." };
        var command = new Command("init", "Initialise a blank export drive: an empty folder labelled with its id and capacity.") { drive, capacity, driveId };
        DriveCommands.SetAction(command, context, async (parse, ct) =>
        {
            var root = Path.GetFullPath(parse.GetValue(drive)!);
            var bytes = DriveCommands.Size(parse.GetValue(capacity)!, "--capacity");
            var id = parse.GetValue(driveId) ?? DriveIds.Generate();
            if (!DriveIds.IsValid(id))
            {
                throw new CliException($"--drive-id: '{id}' must be 1 to {DriveIds.MaxLength} letters, digits, '-' or '_'.");
            }

            if (File.Exists(root))
            {
                throw new CliException($"'{root}' is a file, not a drive folder.");
            }

            Directory.CreateDirectory(root);
            if (Directory.EnumerateFileSystemEntries(root).Any())
            {
                throw new CliException($"the drive folder '{root}' is not empty" + (File.Exists(Path.Combine(root, DriveLabel.FileName)) ? $" (it already has a {DriveLabel.FileName})." : "."));
            }

            ct.ThrowIfCancellationRequested();
            DriveLabel.Create(id, RecoveryPassword.Generate(), bytes).Write(root);
            await context.WriteMessageAsync(parse, new { driveId = id, root, capacity = bytes }, id);
            return FerryCli.Ok;
        });
        return command;
    }
}
