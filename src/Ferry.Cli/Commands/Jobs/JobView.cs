using System.Text.Json.Serialization;
using Ferry.Client.Models;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ferry.Cli.Commands.Jobs;

/// <summary>
/// A classic job as the CLI prints it (the JSON of <c>--output json</c>). It never carries secrets: no account key, no
/// SAS, no BitLocker key. <see cref="Drives"/> is <see langword="null"/> in List Jobs results, which have no drives.
/// </summary>
internal sealed record JobView(
    string? Name, string StorageAccount, string? Type, string? State, bool? CancelRequested, int? PercentComplete, string? Location,
    string? FriendlyName, string? Description, string? Metadata, [property: JsonPropertyName("etag")] string? ETag,
    ShippingInformationView? ShippingInformation, ReturnAddressView? ReturnAddress, ReturnShippingView? ReturnShipping,
    PackageView? DeliveryPackage, PackageView? ReturnPackage, ExportView? Export, string? IncompleteBlobListUri, IReadOnlyList<DriveView>? Drives)
{
    public static JobView From(string storageAccount, ImportExportJob job, string? etag = null, bool withDrives = true)
    {
        var p = job.Properties ?? new JobProperties();
        return new JobView(
            job.Name, storageAccount, p.Type, p.State, p.CancelRequested, p.PercentComplete, p.Location, p.FriendlyName, p.Description, p.Metadata, etag,
            p.ShippingInformation is { } s ? new ShippingInformationView(s.Name, s.Address) : null,
            p.ReturnAddress is { } a ? new ReturnAddressView(a.Name, a.Address, a.Phone, a.Email) : null,
            p.ReturnShipping is { } r ? new ReturnShippingView(r.CarrierName, r.CarrierAccountNumber) : null,
            PackageView.From(p.DeliveryPackage), PackageView.From(p.ReturnPackage),
            job.Export is { } e ? new ExportView(e.BlobList?.BlobPath.ToList() ?? [], e.BlobList?.BlobPathPrefix.ToList() ?? [], e.BlobListBlobPath) : null,
            p.IncompleteBlobListUri,
            withDrives ? [.. (job.DriveList ?? []).Select(DriveView.From)] : null);
    }

    /// <summary>The job's properties, then its drives, as tables.</summary>
    public IRenderable ToTables()
    {
        var properties = Output.Properties([
            ("Name", Name), ("Storage account", StorageAccount), ("Type", Type), ("State", State), ("Cancel requested", Output.YesNo(CancelRequested)),
            ("Progress", PercentComplete is null ? null : Output.Percent(PercentComplete)), ("Location", Location), ("Friendly name", FriendlyName),
            ("Description", Description), ("Metadata", Metadata), ("ETag", ETag),
            ("Ship drives to", ShippingInformation is { } s ? $"{s.Name}; {s.Address}" : null),
            ("Return address", ReturnAddress is { } a ? $"{a.Name}; {a.Address}; {a.Phone}; {a.Email}" : null),
            ("Return carrier", ReturnShipping is { } r ? $"{r.CarrierName} account {r.CarrierAccountNumber}" : null),
            ("Delivery package", DeliveryPackage?.ToString()), ("Return package", ReturnPackage?.ToString()),
            ("Export blob paths", Export is { BlobPaths.Count: > 0 } ? string.Join(", ", Export.BlobPaths) : null),
            ("Export blob prefixes", Export is { BlobPathPrefixes.Count: > 0 } ? string.Join(", ", Export.BlobPathPrefixes) : null),
            ("Export blob list", Export?.BlobListBlobPath), ("Incomplete blob list", IncompleteBlobListUri),
        ]);
        if (Drives is not { Count: > 0 })
        {
            return properties;
        }

        var drives = Output.Table("Drive", "State", "Copy status", "Progress", "Manifest");
        foreach (var d in Drives)
        {
            drives.Row(d.DriveId, d.State, d.CopyStatus, Output.Percent(d.PercentComplete), d.ManifestFile);
        }

        return new Rows(properties, drives, LogTable(Drives.Select(d => (d.DriveId, d.ErrorLogUri, d.VerboseLogUri, d.ManifestUri))));
    }

    /// <summary>The drives' log blobs as the service returns them; an empty renderable when no drive has one yet.</summary>
    public static IRenderable LogTable(IEnumerable<(string DriveId, string? ErrorLogUri, string? VerboseLogUri, string? ManifestUri)> drives)
    {
        var withLogs = drives.Where(d => d.ErrorLogUri is not null || d.VerboseLogUri is not null || d.ManifestUri is not null).ToList();
        if (withLogs.Count == 0)
        {
            return new Text(string.Empty);
        }

        var table = Output.Table("Drive", "Error log", "Verbose log", "Manifest backup");
        foreach (var d in withLogs)
        {
            table.Row(d.DriveId, d.ErrorLogUri, d.VerboseLogUri, d.ManifestUri);
        }

        return table;
    }
}

internal sealed record ShippingInformationView(string? Name, string? Address);

internal sealed record ReturnAddressView(string Name, string Address, string? Phone, string? Email);

internal sealed record ReturnShippingView(string CarrierName, string CarrierAccountNumber);

internal sealed record ExportView(IReadOnlyList<string> BlobPaths, IReadOnlyList<string> BlobPathPrefixes, string? BlobListBlobPath);

internal sealed record PackageView(string CarrierName, string TrackingNumber, int? DriveCount, string? ShipDate)
{
    public static PackageView? From(PackageInfo? package) =>
        package is null ? null : new PackageView(package.CarrierName, package.TrackingNumber, package.DriveCount, package.ShipDate);

    public override string ToString() =>
        $"{CarrierName} {TrackingNumber}" + (DriveCount is { } n ? $", {n} drive(s)" : string.Empty) + (ShipDate is { } d ? $", shipped {d}" : string.Empty);
}

/// <summary>
/// A drive without its BitLocker key. <see cref="PercentComplete"/> is 100 for a drive whose copy finished, also once
/// shipped back (when the classic API stops reporting it).
/// </summary>
internal sealed record DriveView(string DriveId, string? State, string? CopyStatus, int? PercentComplete, string? ManifestFile, string? ManifestHash, string? VerboseLogUri, string? ErrorLogUri, string? ManifestUri)
{
    public static DriveView From(JobDrive d) => new(
        d.DriveId, d.State, d.CopyStatus, new DriveSnapshot(d.DriveId, d.State, d.CopyStatus, d.PercentComplete, null).DisplayPercent,
        d.ManifestFile, d.ManifestHash, d.VerboseLogUri, d.ErrorLogUri, d.ManifestUri);
}
