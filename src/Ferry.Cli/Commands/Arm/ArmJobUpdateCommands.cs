using System.CommandLine;
using System.Text.Json.Nodes;
using Azure.Core;

namespace Ferry.Cli.Commands.Arm;

/// <summary><c>arm job update|ship|cancel</c>: a PATCH of the job, then the job as the service answers it.</summary>
internal static class ArmJobUpdateCommands
{
    public static Command Update(ArmOptions arm)
    {
        var (name, group, address) = (ArmOptions.NewName(), ArmOptions.NewResourceGroup(), new ArmAddressOptions());
        var logLevel = new Option<string>("--log-level") { Description = "Error or Verbose." }.AcceptOnlyFromAmong("Error", "Verbose");
        var backupManifest = new Option<bool?>("--backup-manifest") { Description = "Turn drive manifest backup on (true) or off (false)." };
        var command = new Command("update", "Change a job's properties; flags not given stay unchanged.") { name, group, logLevel, backupManifest };
        address.AddTo(command);
        arm.Set(command, (parse, client, ct) =>
        {
            var p = new JsonObject();
            if (parse.GetValue(logLevel) is { } level)
            {
                p["logLevel"] = level;
            }

            if (parse.GetValue(backupManifest) is { } backup)
            {
                p["backupDriveManifest"] = backup;
            }

            address.Apply(parse, p);
            return PatchAsync(arm, parse, client, group, name, p, ct);
        });
        return command;
    }

    public static Command Ship(ArmOptions arm)
    {
        var (name, group) = (ArmOptions.NewName(), ArmOptions.NewResourceGroup());
        var carrier = new Option<string>("--carrier") { Description = "The carrier, e.g. FedEx.", Required = true };
        var tracking = new Option<string>("--tracking") { Description = "The tracking number.", Required = true };
        var driveCount = new Option<int?>("--drive-count") { Description = "How many drives are in the package." };
        var shipDate = new Option<string>("--ship-date") { Description = "The ship date, free text." };
        var command = new Command("ship", "Tell the service the drives are on their way: the delivery package and state Shipping in one update.")
        {
            name, group, carrier, tracking, driveCount, shipDate,
        };
        arm.Set(command, (parse, client, ct) =>
        {
            var package = new JsonObject { ["carrierName"] = parse.GetValue(carrier), ["trackingNumber"] = parse.GetValue(tracking) };
            if (parse.GetValue(driveCount) is { } count)
            {
                package["driveCount"] = count;
            }

            if (parse.GetValue(shipDate) is { } date)
            {
                package["shipDate"] = date;
            }

            return PatchAsync(arm, parse, client, group, name, new JsonObject { ["state"] = "Shipping", ["deliveryPackage"] = package }, ct);
        });
        return command;
    }

    public static Command Cancel(ArmOptions arm)
    {
        var (name, group) = (ArmOptions.NewName(), ArmOptions.NewResourceGroup());
        var command = new Command("cancel", "Request cancellation of a job (cancelRequested).") { name, group };
        arm.Set(command, (parse, client, ct) => PatchAsync(arm, parse, client, group, name, new JsonObject { ["cancelRequested"] = true }, ct));
        return command;
    }

    private static async Task<int> PatchAsync(ArmOptions arm, ParseResult parse, ArmClient client, Option<string> group, Argument<string> name, JsonObject properties, CancellationToken ct)
    {
        var job = await client.SendAsync(RequestMethod.Patch, client.JobPath(parse.GetValue(group)!, parse.GetValue(name)!), new JsonObject { ["properties"] = properties }, ct);
        return await arm.WriteJobAsync(parse, job);
    }
}
