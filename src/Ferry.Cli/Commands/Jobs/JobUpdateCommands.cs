using System.CommandLine;
using Azure;
using Ferry.Client.Classic;
using Ferry.Client.Models;

namespace Ferry.Cli.Commands.Jobs;

/// <summary><c>job update|ship|cancel</c>: Update Job Properties, then the job as it is now.</summary>
internal static class JobUpdateCommands
{
    public static Command Update(CommandContext context, JobOptions options)
    {
        var (name, account, ifMatch) = (JobOptions.NewName(), JobOptions.NewAccount(), NewIfMatch());
        var friendlyName = new Option<string>("--friendly-name") { Description = "A new friendly name." };
        var description = new Option<string>("--description") { Description = "A new description." };
        var metadata = new Option<string>("--metadata") { Description = "New metadata." };
        var verboseLog = new Option<bool?>("--verbose-log") { Description = "Turn verbose logging on (true) or off (false)." };
        var backupManifest = new Option<bool?>("--backup-manifest") { Description = "Turn drive manifest backup on (true) or off (false)." };
        var command = new Command("update", "Change a job's properties; flags not given stay unchanged.") { name, account, friendlyName, description, metadata, verboseLog, backupManifest, ifMatch };
        options.AddReturnOptions(command);
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var client = await context.Connection.ClassicClientAsync(parse, ct);
            var update = new JobUpdate
            {
                FriendlyName = parse.GetValue(friendlyName),
                Description = parse.GetValue(description),
                Metadata = parse.GetValue(metadata),
                EnableVerboseLog = parse.GetValue(verboseLog),
                BackupDriveManifest = parse.GetValue(backupManifest),
            };
            await AddReturnAsync(client, parse, options, update, account, name, ct);
            if (update is { FriendlyName: null, Description: null, Metadata: null, EnableVerboseLog: null, BackupDriveManifest: null, ReturnAddress: null, ReturnShipping: null })
            {
                throw new CliException("nothing to update: give at least one property flag (see --help).");
            }

            return await UpdateAndShowAsync(context, client, parse, account, name, ifMatch, update, ct);
        });
        return command;
    }

    public static Command Ship(CommandContext context, JobOptions options)
    {
        var (name, account, ifMatch) = (JobOptions.NewName(), JobOptions.NewAccount(), NewIfMatch());
        var carrier = new Option<string>("--carrier") { Description = "The carrier of the delivery package, e.g. FedEx.", Required = true };
        var tracking = new Option<string>("--tracking") { Description = "The package's tracking number.", Required = true };
        var driveCount = new Option<int?>("--drive-count") { Description = "Drives in the package (default: the job's drive count)." };
        var shipDate = new Option<string>("--ship-date") { Description = "The ship date, free text." };
        var command = new Command("ship", "Tell the service the drives are on their way: sets the delivery package and State=Shipping in one update.")
        {
            name, account, carrier, tracking, driveCount, shipDate, ifMatch,
        };
        options.AddReturnOptions(command);
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var client = await context.Connection.ClassicClientAsync(parse, ct);
            var update = new JobUpdate
            {
                State = "Shipping",
                DeliveryPackage = new PackageInfo(parse.GetValue(carrier)!, parse.GetValue(tracking)!) { DriveCount = parse.GetValue(driveCount), ShipDate = parse.GetValue(shipDate) },
            };
            await AddReturnAsync(client, parse, options, update, account, name, ct);
            return await UpdateAndShowAsync(context, client, parse, account, name, ifMatch, update, ct);
        });
        return command;
    }

    public static Command Cancel(CommandContext context)
    {
        var (name, account, ifMatch) = (JobOptions.NewName(), JobOptions.NewAccount(), NewIfMatch());
        var command = new Command("cancel", "Request cancellation of a job (CancelRequested).") { name, account, ifMatch };
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var client = await context.Connection.ClassicClientAsync(parse, ct);
            return await UpdateAndShowAsync(context, client, parse, account, name, ifMatch, new JobUpdate { CancelRequested = true }, ct);
        });
        return command;
    }

    private static Option<string> NewIfMatch() => new("--if-match") { Description = "Update only if the job's ETag is this one (see job show)." };

    private static async Task AddReturnAsync(ClassicImportExportClient client, ParseResult parse, JobOptions options, JobUpdate update, Option<string> account, Argument<string> name, CancellationToken ct)
    {
        ReturnAddress? current = null;
        if (options.NeedsCurrentAddress(parse))
        {
            current = (await client.GetJobAsync(parse.GetValue(account)!, parse.GetValue(name)!, ct)).Value.Properties?.ReturnAddress;
        }

        update.ReturnAddress = options.ReturnAddressOrNull(parse, current);
        update.ReturnShipping = options.ReturnShippingOrNull(parse);
    }

    private static async Task<int> UpdateAndShowAsync(CommandContext context, ClassicImportExportClient client, ParseResult parse, Option<string> account, Argument<string> name, Option<string> ifMatch, JobUpdate update, CancellationToken ct)
    {
        var (accountName, jobName) = (parse.GetValue(account)!, parse.GetValue(name)!);
        await client.UpdateJobAsync(accountName, jobName, update, parse.GetValue(ifMatch) is { } etag ? new ETag(etag) : null, ct);
        var job = await client.GetJobAsync(accountName, jobName, ct);
        var view = JobView.From(accountName, job.Value, job.GetRawResponse().Headers.ETag?.ToString());
        await context.WriteAsync(parse, view, view.ToTables);
        return FerryCli.Ok;
    }
}
