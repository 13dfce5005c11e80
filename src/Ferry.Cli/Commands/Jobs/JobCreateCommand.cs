using System.CommandLine;
using System.Text.Json;
using Ferry.Client.Models;

namespace Ferry.Cli.Commands.Jobs;

/// <summary><c>job create NAME --account A</c>: from flags, or from a whole classic job body (<c>--body</c>) that flags may override.</summary>
internal static class JobCreateCommand
{
    private static readonly JsonSerializerOptions _bodyJson = new() { PropertyNameCaseInsensitive = true };

    public static Command Create(CommandContext context, JobOptions options)
    {
        var (name, account) = (JobOptions.NewName(), JobOptions.NewAccount());
        var type = new Option<string>("--type") { Description = "import or export." };
        var location = new Option<string>("--location") { Description = "Data-centre location, e.g. \"West US\" (see location list)." };
        var drives = new Option<string[]>("--drive") { Description = "An import drive as ID,BITLOCKERKEY,MANIFESTFILE,MANIFESTHASH (repeatable)." };
        var driveList = new Option<FileInfo>("--drive-list") { Description = "Import drives from a JSON DriveList file, as `ferry drive prepare --output json` prints it." };
        var accountKey = new Option<string>("--account-key") { Description = "The storage account key (Base64). Never printed." };
        var containerSas = new Option<string>("--container-sas") { Description = "A container SAS, CONTAINER?TOKEN, instead of --account-key. Never printed." };
        var blobPaths = new Option<string[]>("--blob-path") { Description = "Export: a blob path CONTAINER/BLOB (repeatable)." };
        var blobPrefixes = new Option<string[]>("--blob-prefix") { Description = "Export: a blob path prefix /CONTAINER... (repeatable)." };
        var blobList = new Option<string>("--blob-list") { Description = "Export: a blob CONTAINER/BLOB holding the XML blob list." };
        var friendlyName = new Option<string>("--friendly-name") { Description = "A friendly name." };
        var description = new Option<string>("--description") { Description = "A description." };
        var body = new Option<FileInfo>("--body") { Description = "A whole classic job body (JSON, as for Put Job); other flags override its members." };
        var command = new Command("create", "Create an import or export job (Put Job).")
        {
            name, account, type, location, drives, driveList, accountKey, containerSas, blobPaths, blobPrefixes, blobList, friendlyName, description, body,
        };
        options.AddReturnOptions(command);
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var job = await ReadBodyAsync(parse.GetValue(body), ct) ?? new ImportExportJob();
            var jobName = parse.GetValue(name)!;
            if (job.Name is { } bodyName && !string.Equals(bodyName, jobName, StringComparison.Ordinal))
            {
                throw new CliException($"the body names job '{bodyName}', the command '{jobName}'.");
            }

            job.Name = jobName;
            var p = job.Properties ??= new JobProperties();
            p.Type = parse.GetValue(type) is { } t ? ParseType(t) : p.Type;
            p.Location = parse.GetValue(location) ?? p.Location;
            p.StorageAccountKey = parse.GetValue(accountKey) ?? p.StorageAccountKey;
            p.ContainerSas = parse.GetValue(containerSas) ?? p.ContainerSas;
            p.FriendlyName = parse.GetValue(friendlyName) ?? p.FriendlyName;
            p.Description = parse.GetValue(description) ?? p.Description;
            p.ReturnAddress = options.ReturnAddressOrNull(parse, p.ReturnAddress) ?? p.ReturnAddress;
            p.ReturnShipping = options.ReturnShippingOrNull(parse) ?? p.ReturnShipping;
            if (await ReadDriveListAsync(parse.GetValue(driveList), ct) is { } listed)
            {
                job.DriveList = listed;
            }

            if (parse.GetValue(drives) is { Length: > 0 } driveSpecs)
            {
                job.DriveList = [.. job.DriveList ?? [], .. driveSpecs.Select(ParseDrive)];
            }

            ApplyExport(job, parse.GetValue(blobPaths), parse.GetValue(blobPrefixes), parse.GetValue(blobList));
            if (p.Type is null || p.Location is null)
            {
                throw new CliException("a job needs --type and --location (or a --body that has them).");
            }

            var client = await context.Connection.ClassicClientAsync(parse, ct);
            await client.PutJobAsync(parse.GetValue(account)!, job, ct);
            var created = await client.GetJobAsync(parse.GetValue(account)!, jobName, ct);
            var view = JobView.From(parse.GetValue(account)!, created.Value, created.GetRawResponse().Headers.ETag?.ToString());
            await context.WriteAsync(parse, view, view.ToTables);
            return FerryCli.Ok;
        });
        return command;
    }

    private static async Task<ImportExportJob?> ReadBodyAsync(FileInfo? file, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            return null;
        }

        try
        {
            await using var stream = file.OpenRead();
            return await JsonSerializer.DeserializeAsync<ImportExportJob>(stream, _bodyJson, cancellationToken)
                ?? throw new CliException($"{file.FullName} holds no job.");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read --body {file.FullName}: {e.Message}");
        }
    }

    internal static async Task<List<JobDrive>?> ReadDriveListAsync(FileInfo? file, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            return null;
        }

        try
        {
            await using var stream = file.OpenRead();
            var drives = await JsonSerializer.DeserializeAsync<List<JobDrive>>(stream, _bodyJson, cancellationToken);
            return drives is { Count: > 0 } && drives.All(d => !string.IsNullOrEmpty(d.DriveId))
                ? drives
                : throw new CliException($"{file.FullName} holds no drive list (a JSON array of DriveId, BitLockerKey, ManifestFile, ManifestHash).");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read --drive-list {file.FullName}: {e.Message}");
        }
    }

    private static string ParseType(string text) => text.ToUpperInvariant() switch
    {
        "IMPORT" => "Import",
        "EXPORT" => "Export",
        _ => throw new CliException($"--type must be import or export, not '{text}'."),
    };

    internal static JobDrive ParseDrive(string spec)
    {
        var parts = spec.Split(',');
        return parts.Length == 4 && parts.All(p => p.Length > 0)
            ? new JobDrive(parts[0], parts[1], parts[2], parts[3])
            : throw new CliException($"--drive takes ID,BITLOCKERKEY,MANIFESTFILE,MANIFESTHASH; '{parts[0]}' has {parts.Length} part(s).");
    }

    private static void ApplyExport(ImportExportJob job, string[]? paths, string[]? prefixes, string? blobList)
    {
        if (paths is { Length: > 0 } || prefixes is { Length: > 0 })
        {
            job.Export = new ExportSelection { BlobList = new ExportBlobList { BlobPath = [.. paths ?? []], BlobPathPrefix = [.. prefixes ?? []] } };
        }

        if (blobList is not null)
        {
            job.Export ??= new ExportSelection();
            job.Export.BlobListBlobPath = blobList;
        }
    }
}
