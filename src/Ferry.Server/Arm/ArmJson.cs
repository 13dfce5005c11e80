using System.Globalization;
using System.Text.Json;
using Ferry.Core.Jobs;

namespace Ferry.Server.Arm;

/// <summary>
/// Writes ARM resources (docs/arm-api.md §4) in the member order of the swagger examples. <c>bitLockerKey</c> is never
/// written for a job (docs/decisions.md D18); secrets are not part of the job at all.
/// </summary>
internal static class ArmJson
{
    public const string JobType = "Microsoft.ImportExport/jobs";

    public static string JobId(Job job) =>
        $"/subscriptions/{job.SubscriptionId}/resourceGroups/{job.ResourceGroup}/providers/Microsoft.ImportExport/jobs/{job.Name}";

    /// <summary>A job resource; <paramref name="withDrives"/> is false in lists (docs/decisions.md D27).</summary>
    public static void Job(Utf8JsonWriter w, Job job, ArmLocation? location, string principal, bool withDrives)
    {
        w.WriteStartObject();
        w.WriteString("id", JobId(job));
        w.WriteString("name", job.Name);
        w.WriteString("type", JobType);
        w.WriteString("location", job.Location);
        if (job.Tags is { Count: > 0 } tags)
        {
            w.WriteStartObject("tags");
            foreach (var (key, value) in tags)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
        }

        w.WriteStartObject("systemData");
        w.WriteString("createdBy", principal);
        w.WriteString("createdByType", "User");
        w.WriteString("createdAt", Instant(job.CreatedAt));
        w.WriteString("lastModifiedBy", principal);
        w.WriteString("lastModifiedByType", "User");
        w.WriteString("lastModifiedAt", Instant(job.LastModifiedAt));
        w.WriteEndObject();

        w.WriteStartObject("properties");
        w.WriteString("storageAccountId", job.StorageAccountId ?? "");
        w.WriteString("jobType", job.Type.ToString());
        if (job.ReturnAddress is { } address)
        {
            ReturnAddress(w, address);
        }

        if (job.ReturnShipping is { } shipping)
        {
            w.WriteStartObject("returnShipping");
            w.WriteString("carrierName", shipping.CarrierName);
            w.WriteString("carrierAccountNumber", shipping.CarrierAccountNumber);
            w.WriteEndObject();
        }

        if (location is not null)
        {
            w.WriteStartObject("shippingInformation");
            w.WriteString("recipientName", location.RecipientName);
            w.WriteString("streetAddress1", location.StreetAddress1);
            w.WriteString("streetAddress2", location.StreetAddress2);
            w.WriteString("city", location.City);
            w.WriteString("stateOrProvince", location.StateOrProvince);
            w.WriteString("postalCode", location.PostalCode);
            w.WriteString("countryOrRegion", location.CountryOrRegion);
            w.WriteString("phone", location.Phone);
            w.WriteString("additionalInformation", location.AdditionalShippingInformation);
            w.WriteEndObject();
        }

        if (job.DeliveryPackage is { } delivery)
        {
            Package(w, "deliveryPackage", delivery);
        }

        if (job.ReturnPackage is { } returned)
        {
            Package(w, "returnPackage", returned);
        }

        w.WriteString("diagnosticsPath", job.DiagnosticsPath);
        w.WriteString("logLevel", job.EnableVerboseLog ? "Verbose" : "Error");
        w.WriteBoolean("backupDriveManifest", job.BackupDriveManifest);
        w.WriteString("state", job.State.ToString());
        w.WriteBoolean("cancelRequested", job.CancelRequested);
        if (job.PercentComplete is { } percent)
        {
            w.WriteNumber("percentComplete", percent);
        }

        if (job.IncompleteBlobListUri is { } incomplete)
        {
            w.WriteString("incompleteBlobListUri", incomplete);
        }

        if (withDrives && job.Drives.Count > 0)
        {
            w.WriteStartArray("driveList");
            foreach (var drive in job.Drives)
            {
                Drive(w, job, drive);
            }

            w.WriteEndArray();
        }

        if (job.Export is { } export)
        {
            Export(w, export);
        }

        w.WriteString("provisioningState", "Succeeded");
        w.WriteStartObject("encryptionKey");
        w.WriteString("kekType", job.EncryptionKey?.KekType ?? "MicrosoftManaged");
        if (job.EncryptionKey?.KekUrl is { } kekUrl)
        {
            w.WriteString("kekUrl", kekUrl);
        }

        if (job.EncryptionKey?.KekVaultResourceId is { } vault)
        {
            w.WriteString("kekVaultResourceID", vault);
        }

        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("identity");
        w.WriteString("type", "None");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void Location(Utf8JsonWriter w, ArmLocation l)
    {
        w.WriteStartObject();
        w.WriteString("id", l.ResourceId);
        w.WriteString("name", l.Name);
        w.WriteString("type", "Microsoft.ImportExport/locations");
        w.WriteStartObject("properties");
        w.WriteString("recipientName", l.RecipientName);
        w.WriteString("streetAddress1", l.StreetAddress1);
        w.WriteString("streetAddress2", l.StreetAddress2);
        w.WriteString("city", l.City);
        w.WriteString("stateOrProvince", l.StateOrProvince);
        w.WriteString("postalCode", l.PostalCode);
        w.WriteString("countryOrRegion", l.CountryOrRegion);
        w.WriteString("phone", l.Phone);
        w.WriteString("additionalShippingInformation", l.AdditionalShippingInformation);
        w.WriteStartArray("supportedCarriers");
        foreach (var carrier in l.SupportedCarriers)
        {
            w.WriteStringValue(carrier);
        }

        w.WriteEndArray();
        w.WriteStartArray("alternateLocations");
        foreach (var alternate in l.AlternateLocations)
        {
            w.WriteStringValue("/providers/Microsoft.ImportExport/locations/" + alternate);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary><c>2020-02-03T01:01:01.1075056Z</c> (docs/arm-api.md §4.5).</summary>
    public static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static void ReturnAddress(Utf8JsonWriter w, ReturnAddress a)
    {
        w.WriteStartObject("returnAddress");
        w.WriteString("recipientName", a.Name);
        w.WriteString("streetAddress1", a.StreetAddress1 ?? a.Address);
        Optional(w, "streetAddress2", a.StreetAddress2);
        w.WriteString("city", a.City ?? "");
        Optional(w, "stateOrProvince", a.StateOrProvince);
        w.WriteString("postalCode", a.PostalCode ?? "");
        w.WriteString("countryOrRegion", a.CountryOrRegion ?? "");
        w.WriteString("phone", a.Phone);
        w.WriteString("email", a.Email);
        w.WriteEndObject();
    }

    private static void Package(Utf8JsonWriter w, string name, ShippingPackage p)
    {
        w.WriteStartObject(name);
        w.WriteString("carrierName", p.CarrierName);
        w.WriteString("trackingNumber", p.TrackingNumber);
        if (p.DriveCount is { } count)
        {
            w.WriteNumber("driveCount", count);
        }

        Optional(w, "shipDate", p.ShipDate);
        w.WriteEndObject();
    }

    private static void Drive(Utf8JsonWriter w, Job job, Drive d)
    {
        w.WriteStartObject();
        w.WriteString("driveId", d.DriveId);
        Optional(w, "manifestFile", d.ManifestFile);
        Optional(w, "manifestHash", d.ManifestHash);
        if (job.Type == Core.Jobs.JobType.Import)
        {
            w.WriteString("driveHeaderHash", d.DriveHeaderHash ?? "");
        }

        w.WriteString("state", d.State.ToString());
        if (d.CopyStatus is { } status)
        {
            w.WriteString("copyStatus", status.ToString());
        }

        if (d.PercentComplete is { } percent)
        {
            w.WriteNumber("percentComplete", percent);
        }

        Optional(w, "verboseLogUri", d.VerboseLogUri);
        Optional(w, "errorLogUri", d.ErrorLogUri);
        Optional(w, "manifestUri", d.ManifestUri);
        if (d.CopyStatus is not null)
        {
            w.WriteNumber("bytesSucceeded", d.BytesSucceeded);
        }

        w.WriteEndObject();
    }

    private static void Export(Utf8JsonWriter w, ExportSelection e)
    {
        w.WriteStartObject("export");
        if (e.BlobListBlobPath is { } path)
        {
            w.WriteString("blobListBlobPath", path);
        }
        else
        {
            w.WriteStartObject("blobList");
            Strings(w, "blobPath", e.BlobPaths);
            Strings(w, "blobPathPrefix", e.BlobPathPrefixes);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
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

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
