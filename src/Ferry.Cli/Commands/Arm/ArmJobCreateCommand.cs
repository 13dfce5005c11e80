using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Ferry.Cli.Commands.Jobs;

namespace Ferry.Cli.Commands.Arm;

/// <summary>
/// <c>arm job create NAME -g GROUP</c>: a PUT of the job resource, from flags or from a whole body (<c>--body</c>) that
/// flags override.
/// </summary>
internal static class ArmJobCreateCommand
{
    public static Command Create(ArmOptions arm)
    {
        var (name, group, address) = (ArmOptions.NewName(), ArmOptions.NewResourceGroup(), new ArmAddressOptions());
        var location = new Option<string>("--location") { Description = "The job's location, e.g. westus or \"West US\" (see location list)." };
        var type = new Option<string>("--type") { Description = "import or export." };
        var accountId = new Option<string>("--storage-account-id") { Description = "The storage account's resource id." };
        var account = new Option<string>("--account") { Description = "A storage account name of the same resource group (instead of --storage-account-id)." };
        var drives = new Option<string[]>("--drive") { Description = "An import drive as ID,BITLOCKERKEY,MANIFESTFILE,MANIFESTHASH (repeatable)." };
        var driveList = new Option<FileInfo>("--drive-list") { Description = "Import drives from a JSON DriveList file, as `ferry drive prepare --output json` prints it." };
        var blobPaths = new Option<string[]>("--blob-path") { Description = "Export: a blob path CONTAINER/BLOB (repeatable)." };
        var blobPrefixes = new Option<string[]>("--blob-prefix") { Description = "Export: a blob path prefix /CONTAINER... (repeatable)." };
        var blobList = new Option<string>("--blob-list") { Description = "Export: a blob CONTAINER/BLOB holding the XML blob list." };
        var logLevel = new Option<string>("--log-level") { Description = "Error or Verbose." }.AcceptOnlyFromAmong("Error", "Verbose");
        var body = new Option<FileInfo>("--body") { Description = "A whole ARM job resource (JSON, as for PUT); other flags override its members." };
        var command = new Command("create", "Create an import or export job (PUT).")
        {
            name, group, location, type, accountId, account, drives, driveList, blobPaths, blobPrefixes, blobList, logLevel, body,
        };
        address.AddTo(command);
        arm.Set(command, async (parse, client, ct) =>
        {
            var job = await ReadBodyAsync(parse.GetValue(body), ct);
            job["location"] = parse.GetValue(location) ?? ArmJobView.Text(job, "location");
            var p = job["properties"] as JsonObject ?? [];
            job["properties"] = p;
            p["jobType"] = parse.GetValue(type) is { } t ? ParseType(t) : ArmJobView.Text(p, "jobType");
            var resourceGroup = parse.GetValue(group)!;
            p["storageAccountId"] = parse.GetValue(accountId)
                ?? (parse.GetValue(account) is { } a ? $"/subscriptions/{client.SubscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Storage/storageAccounts/{a}" : null)
                ?? ArmJobView.Text(p, "storageAccountId");
            if (parse.GetValue(logLevel) is { } level)
            {
                p["logLevel"] = level;
            }

            var listed = await JobCreateCommand.ReadDriveListAsync(parse.GetValue(driveList), ct);
            var given = (parse.GetValue(drives) ?? []).Select(JobCreateCommand.ParseDrive).ToList();
            if (listed is not null || given.Count > 0)
            {
                // --drive-list replaces the body's drives; --drive adds to them.
                var list = new JsonArray();
                foreach (var kept in listed is null ? p["driveList"] as JsonArray ?? [] : [])
                {
                    list.Add(kept?.DeepClone());
                }

                foreach (var d in (listed ?? []).Concat(given))
                {
                    list.Add(new JsonObject { ["driveId"] = d.DriveId, ["bitLockerKey"] = d.BitLockerKey, ["manifestFile"] = d.ManifestFile, ["manifestHash"] = d.ManifestHash });
                }

                p["driveList"] = list;
            }

            ApplyExport(p, parse.GetValue(blobPaths), parse.GetValue(blobPrefixes), parse.GetValue(blobList));
            address.Apply(parse, p);
            if (job["location"] is null || p["jobType"] is null || p["storageAccountId"] is null)
            {
                throw new CliException("a job needs --location, --type and --storage-account-id or --account (or a --body that has them).");
            }

            var created = await client.SendAsync(RequestMethod.Put, client.JobPath(resourceGroup, parse.GetValue(name)!), job, ct);
            return await arm.WriteJobAsync(parse, created);
        });
        return command;
    }

    public static string ParseType(string text) => text.ToUpperInvariant() switch
    {
        "IMPORT" => "Import",
        "EXPORT" => "Export",
        _ => throw new CliException($"--type must be import or export, not '{text}'."),
    };

    private static async Task<JsonObject> ReadBodyAsync(FileInfo? file, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            return [];
        }

        try
        {
            await using var stream = file.OpenRead();
            return await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken) as JsonObject
                ?? throw new CliException($"{file.FullName} holds no JSON object.");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read --body {file.FullName}: {e.Message}");
        }
    }

    private static void ApplyExport(JsonObject p, string[]? paths, string[]? prefixes, string? blobList)
    {
        if (paths is { Length: > 0 } || prefixes is { Length: > 0 })
        {
            var list = new JsonObject();
            if (paths is { Length: > 0 })
            {
                list["blobPath"] = new JsonArray([.. paths.Select(x => JsonValue.Create(x))]);
            }

            if (prefixes is { Length: > 0 })
            {
                list["blobPathPrefix"] = new JsonArray([.. prefixes.Select(x => JsonValue.Create(x))]);
            }

            p["export"] = new JsonObject { ["blobList"] = list };
        }

        if (blobList is not null)
        {
            p["export"] = new JsonObject { ["blobListBlobPath"] = blobList };
        }
    }
}
