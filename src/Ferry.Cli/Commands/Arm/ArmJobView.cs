using System.Text.Json.Nodes;
using Ferry.Cli.Commands.Jobs;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ferry.Cli.Commands.Arm;

/// <summary>
/// An ARM job as the CLI prints it (the JSON of <c>--output json</c>). The service never returns BitLocker keys in a
/// job, and this view carries none. <see cref="Drives"/> is <see langword="null"/> in lists, which have no drives.
/// </summary>
internal sealed record ArmJobView(
    string? Id, string? Name, string? ResourceGroup, string? Location, string? Type, string? State, bool? CancelRequested, int? PercentComplete,
    string? StorageAccountId, string? LogLevel, bool? BackupDriveManifest, string? DiagnosticsPath, string? ReturnAddress, string? ReturnShipping,
    string? DeliveryPackage, string? ReturnPackage, string? IncompleteBlobListUri, IReadOnlyList<ArmDriveView>? Drives)
{
    private static readonly string[] _addressMembers = ["recipientName", "streetAddress1", "streetAddress2", "city", "stateOrProvince", "postalCode", "countryOrRegion", "phone", "email"];

    public static ArmJobView From(JsonObject job, bool withDrives = true)
    {
        var p = job["properties"] as JsonObject ?? [];
        var id = Text(job, "id");
        var address = p["returnAddress"] as JsonObject;
        var shipping = p["returnShipping"] as JsonObject;
        return new ArmJobView(
            id, Text(job, "name"), ResourceGroupOf(id), Text(job, "location"), Text(p, "jobType"), Text(p, "state"), Bool(p, "cancelRequested"),
            Int(p, "percentComplete"), Text(p, "storageAccountId"), Text(p, "logLevel"), Bool(p, "backupDriveManifest"), Text(p, "diagnosticsPath"),
            address is null ? null : string.Join("; ", _addressMembers.Select(n => Text(address, n)).Where(v => !string.IsNullOrEmpty(v))),
            shipping is null ? null : $"{Text(shipping, "carrierName")} account {Text(shipping, "carrierAccountNumber")}",
            Package(p["deliveryPackage"] as JsonObject), Package(p["returnPackage"] as JsonObject), Text(p, "incompleteBlobListUri"),
            withDrives ? [.. (p["driveList"] as JsonArray ?? []).OfType<JsonObject>().Select(ArmDriveView.From)] : null);
    }

    public JobSnapshot Snapshot() => new(
        Name ?? string.Empty, State, PercentComplete, CancelRequested == true,
        [.. (Drives ?? []).Select(d => new DriveSnapshot(d.DriveId, d.State, d.CopyStatus, d.PercentComplete, d.BytesSucceeded))]);

    /// <summary>The job's properties, then its drives and their logs, as tables.</summary>
    public IRenderable ToTables()
    {
        var properties = Output.Properties([
            ("Name", Name), ("Resource group", ResourceGroup), ("Location", Location), ("Type", Type), ("State", State),
            ("Cancel requested", Output.YesNo(CancelRequested)), ("Progress", PercentComplete is null ? null : Output.Percent(PercentComplete)),
            ("Storage account", StorageAccountId), ("Log level", LogLevel), ("Backup manifest", BackupDriveManifest is null ? null : Output.YesNo(BackupDriveManifest)),
            ("Diagnostics path", DiagnosticsPath), ("Return address", ReturnAddress), ("Return carrier", ReturnShipping),
            ("Delivery package", DeliveryPackage), ("Return package", ReturnPackage), ("Incomplete blob list", IncompleteBlobListUri), ("Id", Id),
        ]);
        if (Drives is not { Count: > 0 })
        {
            return properties;
        }

        var drives = Output.Table("Drive", "State", "Copy status", "Progress", "Bytes", "Manifest");
        foreach (var d in Drives)
        {
            var snapshot = new DriveSnapshot(d.DriveId, d.State, d.CopyStatus, d.PercentComplete, d.BytesSucceeded);
            drives.Row(d.DriveId, d.State, d.CopyStatus, Output.Percent(d.PercentComplete), ProgressText.DriveBytes(snapshot), d.ManifestFile);
        }

        return new Rows(properties, drives, JobView.LogTable(Drives.Select(d => (d.DriveId, d.ErrorLogUri, d.VerboseLogUri, d.ManifestUri))));
    }

    public static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool? Bool(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    public static int? Int(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;

    private static string? ResourceGroupOf(string? id)
    {
        var parts = id?.Split('/') ?? [];
        var at = Array.FindIndex(parts, p => p.Equals("resourceGroups", StringComparison.OrdinalIgnoreCase));
        return at >= 0 && at + 1 < parts.Length ? parts[at + 1] : null;
    }

    private static string? Package(JsonObject? p) => p is null
        ? null
        : $"{Text(p, "carrierName")} {Text(p, "trackingNumber")}" + (Int(p, "driveCount") is { } n ? $", {n} drive(s)" : string.Empty)
            + (Text(p, "shipDate") is { } d ? $", shipped {d}" : string.Empty);
}

/// <summary>An ARM drive, without any key. <see cref="PercentComplete"/> is 100 once its copy finished.</summary>
internal sealed record ArmDriveView(string DriveId, string? State, string? CopyStatus, int? PercentComplete, long? BytesSucceeded, string? ManifestFile, string? VerboseLogUri, string? ErrorLogUri, string? ManifestUri)
{
    public static ArmDriveView From(JsonObject d)
    {
        var (id, state, copyStatus) = (ArmJobView.Text(d, "driveId") ?? string.Empty, ArmJobView.Text(d, "state"), ArmJobView.Text(d, "copyStatus"));
        long? bytes = d["bytesSucceeded"] is JsonValue v && v.TryGetValue<long>(out var b) ? b : null;
        var percent = new DriveSnapshot(id, state, copyStatus, ArmJobView.Int(d, "percentComplete"), bytes).DisplayPercent;
        return new ArmDriveView(id, state, copyStatus, percent, bytes, ArmJobView.Text(d, "manifestFile"), ArmJobView.Text(d, "verboseLogUri"), ArmJobView.Text(d, "errorLogUri"), ArmJobView.Text(d, "manifestUri"));
    }
}
