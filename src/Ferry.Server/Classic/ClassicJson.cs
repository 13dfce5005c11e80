using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ferry.Core.Jobs;
using Ferry.Core.Locations;

namespace Ferry.Server.Classic;

/// <summary>
/// Writes OData v3 JSON Light bodies as the classic service did: members in EDMX order, absent values omitted,
/// <c>odata.count</c> as a string, and forward slashes escaped as <c>\/</c>.
/// </summary>
internal static class ClassicJson
{
    private const string Namespace = "Microsoft.Cis.Services.ImportExport.Public";
    private const string EntitySets = "$metadata#" + Namespace + ".ImportExportData.";

    private static readonly JsonWriterOptions _options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Serialises with <paramref name="write"/> and returns UTF-8 bytes with slashes escaped.</summary>
    public static byte[] Render(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, _options))
        {
            write(writer);
        }

        return EscapeSlashes(buffer.WrittenSpan);
    }

    /// <summary>The service document.</summary>
    public static void ServiceDocument(Utf8JsonWriter w, ClassicExchange x)
    {
        w.WriteStartObject();
        if (x.Level != MetadataLevel.None)
        {
            w.WriteString("odata.metadata", x.BaseUrl + "/$metadata");
        }

        w.WriteStartArray("value");
        foreach (var (name, url) in new[] { ("StorageAccounts", "storageaccounts"), ("Jobs", "jobs"), ("Locations", "locations") })
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("url", url);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>A collection: metadata, count, the items, and an optional next link.</summary>
    public static void Collection<T>(Utf8JsonWriter w, ClassicExchange x, string entitySet, int count, IEnumerable<T> items, Action<Utf8JsonWriter, T> item, string? nextLink = null)
    {
        w.WriteStartObject();
        if (x.Level != MetadataLevel.None)
        {
            w.WriteString("odata.metadata", x.BaseUrl + "/" + EntitySets + entitySet);
        }

        w.WriteString("odata.count", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteStartArray("value");
        foreach (var entry in items)
        {
            item(w, entry);
        }

        w.WriteEndArray();
        if (nextLink is not null)
        {
            w.WriteString("odata.nextLink", nextLink);
        }

        w.WriteEndObject();
    }

    /// <summary>A Location entity.</summary>
    public static void Location(Utf8JsonWriter w, ClassicExchange x, Location location)
    {
        w.WriteStartObject();
        Annotations(w, x, "Location", location.Name, "locations/" + Uri.EscapeDataString(location.Name));
        w.WriteString("Name", location.Name);
        Optional(w, "RecipientName", location.RecipientName);
        Optional(w, "StreetAddress1", location.StreetAddress1);
        Optional(w, "StreetAddress2", location.StreetAddress2);
        Optional(w, "City", location.City);
        Optional(w, "StateOrProvince", location.StateOrProvince);
        Optional(w, "PostalCode", location.PostalCode);
        Optional(w, "CountryOrRegion", location.CountryOrRegion);
        w.WriteStartArray("SupportedCarriers");
        foreach (var carrier in location.SupportedCarriers)
        {
            w.WriteStringValue(carrier);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>A StorageAccount entity.</summary>
    public static void StorageAccount(Utf8JsonWriter w, ClassicExchange x, string name)
    {
        w.WriteStartObject();
        Annotations(w, x, "StorageAccount", name, "storageaccounts/" + name);
        w.WriteString("Name", name);
        w.WriteEndObject();
    }

    /// <summary>
    /// A Job entity. <paramref name="details"/> adds DriveList and Export (Get Job); List Jobs items omit them.
    /// <paramref name="bitLockerKey"/> reveals a drive's key per docs/decisions.md D18, or null.
    /// </summary>
    public static void Job(Utf8JsonWriter w, ClassicExchange x, Job job, Location? location, bool details, Func<Drive, string?> bitLockerKey)
    {
        w.WriteStartObject();
        if (details && x.Level != MetadataLevel.None)
        {
            w.WriteString("odata.metadata", x.BaseUrl + "/" + EntitySets + "Jobs/@Element");
        }

        Annotations(w, x, "Job", job.Name, "jobs/" + job.Name);
        w.WriteString("Name", job.Name);
        w.WriteStartObject("Properties");
        w.WriteString("Location", job.Location);
        w.WriteString("Type", job.Type.ToString());
        Optional(w, "FriendlyName", job.FriendlyName);
        Optional(w, "Description", job.Description);
        Optional(w, "Metadata", job.Metadata);
        w.WriteString("State", job.State.ToString());
        w.WriteBoolean("CancelRequested", job.CancelRequested);
        if (job.PercentComplete is { } percent)
        {
            w.WriteNumber("PercentComplete", percent);
        }

        if (job.ReturnAddress is { } address)
        {
            w.WriteStartObject("ReturnAddress");
            w.WriteString("Name", address.Name);
            w.WriteString("Address", address.Address);
            w.WriteString("Phone", address.Phone);
            w.WriteString("Email", address.Email);
            w.WriteEndObject();
        }

        if (job.ReturnShipping is { } shipping)
        {
            w.WriteStartObject("ReturnShipping");
            w.WriteString("CarrierName", shipping.CarrierName);
            w.WriteString("CarrierAccountNumber", shipping.CarrierAccountNumber);
            w.WriteEndObject();
        }

        if (location is not null)
        {
            w.WriteStartObject("ShippingInformation");
            w.WriteString("Name", location.RecipientName);
            w.WriteString("Address", location.ShippingAddress());
            w.WriteEndObject();
        }

        Package(w, "DeliveryPackage", job.DeliveryPackage);
        Package(w, "ReturnPackage", job.ReturnPackage);
        w.WriteString(x.Version == ClassicVersions.V20140501 ? "ImportExportStatesContainer" : "ImportExportStatesPath", job.DiagnosticsPath);
        w.WriteBoolean("EnableVerboseLog", job.EnableVerboseLog);
        w.WriteBoolean("BackupDriveManifest", job.BackupDriveManifest);
        Optional(w, "IncompleteBlobListUri", job.IncompleteBlobListUri);
        w.WriteEndObject();
        if (details)
        {
            DriveList(w, job, bitLockerKey);
            Export(w, job.Export);
        }

        w.WriteEndObject();
    }

    private static void DriveList(Utf8JsonWriter w, Job job, Func<Drive, string?> bitLockerKey)
    {
        if (job.Drives.Count == 0)
        {
            return;
        }

        w.WriteStartArray("DriveList");
        foreach (var drive in job.Drives)
        {
            w.WriteStartObject();
            w.WriteString("DriveId", drive.DriveId);
            Optional(w, "BitLockerKey", bitLockerKey(drive));
            Optional(w, "ManifestFile", drive.ManifestFile);
            Optional(w, "ManifestHash", drive.ManifestHash);
            w.WriteString("State", drive.State.ToString());
            if (drive.CopyStatus is { } copyStatus)
            {
                w.WriteString("CopyStatus", copyStatus.ToString());
            }

            if (drive.State is DriveState.Transferring or DriveState.Completed)
            {
                w.WriteNumber("PercentComplete", drive.PercentComplete ?? 0);
            }

            Optional(w, "VerboseLogUri", drive.VerboseLogUri);
            Optional(w, "ErrorLogUri", drive.ErrorLogUri);
            Optional(w, "ManifestUri", drive.ManifestUri);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Export(Utf8JsonWriter w, ExportSelection? export)
    {
        if (export is null)
        {
            return;
        }

        w.WriteStartObject("Export");
        if (export.BlobListBlobPath is { } path)
        {
            w.WriteString("BlobListBlobPath", path);
        }
        else
        {
            w.WriteStartObject("BlobList");
            StringArray(w, "BlobPath", export.BlobPaths);
            StringArray(w, "BlobPathPrefix", export.BlobPathPrefixes);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void StringArray(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void Package(Utf8JsonWriter w, string name, ShippingPackage? package)
    {
        if (package is null)
        {
            return;
        }

        w.WriteStartObject(name);
        w.WriteString("CarrierName", package.CarrierName);
        w.WriteString("TrackingNumber", package.TrackingNumber);
        if (package.DriveCount is { } count)
        {
            w.WriteNumber("DriveCount", count);
        }

        Optional(w, "ShipDate", package.ShipDate);
        w.WriteEndObject();
    }

    private static void Annotations(Utf8JsonWriter w, ClassicExchange x, string type, string id, string editPath)
    {
        if (x.Level == MetadataLevel.Full)
        {
            w.WriteString("odata.type", Namespace + "." + type);
        }

        if (x.Level != MetadataLevel.None)
        {
            w.WriteString("odata.id", id);
            w.WriteString("odata.editLink", x.BaseUrl + "/" + editPath);
        }
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteString(name, value);
        }
    }

    private static byte[] EscapeSlashes(ReadOnlySpan<byte> json)
    {
        var slashes = json.Count((byte)'/');
        if (slashes == 0)
        {
            return json.ToArray();
        }

        var result = new byte[json.Length + slashes];
        var at = 0;
        foreach (var b in json)
        {
            if (b == (byte)'/')
            {
                result[at++] = (byte)'\\';
            }

            result[at++] = b;
        }

        return result;
    }
}
