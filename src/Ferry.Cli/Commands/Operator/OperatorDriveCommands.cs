using System.CommandLine;
using Ferry.Client.Models;

namespace Ferry.Cli.Commands.Operator;

/// <summary>The operator's receiving, copying and shipping steps; each prints the job view after the step.</summary>
internal sealed class OperatorDriveCommands(OperatorCommands commands)
{
    public Command Receive()
    {
        var drives = new Option<string[]>("--drive") { Description = "A drive in the package as ID or ID=CONTENTPATH (repeatable, 1 to 10).", Required = true };
        return commands.JobStep("receive", "Receive a job's package: listed drives become Received, the job's others NeverReceived.",
            (c, job, parse, ct) => c.ReceivePackageAsync(job, parse.GetValue(drives)!.Select(ParseDrive), ct), drives);
    }

    public Command ReceiveDrive()
    {
        var drive = NewDrive();
        var contentPath = new Option<string>("--content-path") { Description = "Where the drive's content is on the server host." };
        return commands.JobStep("receive-drive", "Receive one drive.",
            (c, job, parse, ct) => c.ReceiveDriveAsync(job, parse.GetValue(drive)!, parse.GetValue(contentPath), ct), drive, contentPath);
    }

    public Command NeverReceived()
    {
        var drive = NewDrive();
        return commands.JobStep("never-received", "Mark a drive never received.",
            (c, job, parse, ct) => c.MarkNeverReceivedAsync(job, parse.GetValue(drive)!, ct), drive);
    }

    public Command StartCopy()
    {
        var drive = NewDrive();
        return commands.JobStep("start-copy", "Start a received drive's copy.",
            (c, job, parse, ct) => c.StartCopyAsync(job, parse.GetValue(drive)!, ct), drive);
    }

    public Command Progress()
    {
        var drive = NewDrive();
        var percent = new Option<int?>("--percent") { Description = "Percentage copied, 0 to 100." };
        var bytes = new Option<long?>("--bytes") { Description = "Bytes copied so far." };
        return commands.JobStep("progress", "Report a drive's copy progress.",
            (c, job, parse, ct) => c.ReportProgressAsync(job, parse.GetValue(drive)!, parse.GetValue(percent), parse.GetValue(bytes), ct), drive, percent, bytes);
    }

    public Command CompleteDrive()
    {
        var drive = NewDrive();
        var status = new Option<string>("--copy-status") { Description = "Completed (default) or CompletedWithWarnings." }.AcceptOnlyFromAmong(nameof(CopyStatus.Completed), nameof(CopyStatus.CompletedWithWarnings));
        var moreInfo = new Option<bool>("--more-info") { Description = "Finish the drive CompletedMoreInfo." };
        var bytes = new Option<long?>("--bytes") { Description = "Bytes copied in all." };
        return commands.JobStep("complete-drive", "Complete a drive's copy (starting it first if needed).",
            (c, job, parse, ct) => c.CompleteDriveAsync(job, parse.GetValue(drive)!, parse.GetValue(status) is { } s ? Enum.Parse<CopyStatus>(s) : null,
                parse.GetValue(moreInfo) ? true : null, parse.GetValue(bytes), ct),
            drive, status, moreInfo, bytes);
    }

    public Command FailDrive()
    {
        var drive = NewDrive();
        var status = new Option<CopyStatus>("--copy-status") { Description = "Why, e.g. ManifestNotFound, BitLockerKeyInvalid, CompletedWithErrors.", Required = true };
        return commands.JobStep("fail-drive", "Fail a drive's copy; the drive finishes CompletedMoreInfo.",
            (c, job, parse, ct) => c.FailDriveAsync(job, parse.GetValue(drive)!, parse.GetValue(status), ct), drive, status);
    }

    public Command ShipBack()
    {
        var carrier = new Option<string>("--carrier") { Description = "The return carrier, e.g. FedEx.", Required = true };
        var tracking = new Option<string>("--tracking") { Description = "The return tracking number.", Required = true };
        var driveCount = new Option<int?>("--drive-count") { Description = "Drives shipped back (default: the drives shipped)." };
        var shipDate = new Option<string>("--ship-date") { Description = "The ship date, free text (default: today, UTC)." };
        return commands.JobStep("ship-back", "Ship the drives back: the job becomes Completed or Closed.",
            (c, job, parse, ct) => c.ShipBackAsync(job, new OperatorPackage(parse.GetValue(carrier)!, parse.GetValue(tracking)!) { DriveCount = parse.GetValue(driveCount), ShipDate = parse.GetValue(shipDate) }, ct),
            carrier, tracking, driveCount, shipDate);
    }

    private static Argument<string> NewDrive() => new("drive") { Description = "The drive id." };

    private static ReceivedDrive ParseDrive(string spec)
    {
        var split = spec.IndexOf('=', StringComparison.Ordinal);
        return split switch
        {
            < 0 => new ReceivedDrive(spec),
            > 0 => new ReceivedDrive(spec[..split], spec[(split + 1)..] is { Length: > 0 } path ? path : null),
            _ => throw new CliException($"--drive '{spec}' has no drive id."),
        };
    }
}
