using System.Text.Json;
using System.Text.RegularExpressions;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;

namespace Ferry.Server.Arm;

/// <summary>
/// Reads ARM PUT and PATCH bodies into Core requests, checking the field rules of docs/arm-api.md §3.5–§3.6. Member names
/// match case-insensitively; a JSON <c>null</c> counts as absent; server-owned and unknown members are ignored. Every
/// refusal is a 400 whose target is the member's JSON path.
/// </summary>
internal static partial class ArmJobReader
{
    private const int MaxTags = 50;

    /// <summary>The PUT body (<c>PutJobParameters</c>).</summary>
    public static Result<CreateJob> ReadCreate(JsonElement root, ArmLocationCatalog locations, int maxDrives)
    {
        try
        {
            var locationName = RequiredString(root, "location", "location");
            var location = locations.FindOrNull(locationName)
                ?? throw Invalid("location", $"Location '{locationName}' is not an Import/Export location; list them with GET /providers/Microsoft.ImportExport/locations.");
            var properties = Member(root, "properties") is { } p ? Object(p, "properties") : throw Invalid("properties", "The job needs 'properties'.");
            var accountId = RequiredString(properties, "storageAccountId", "properties.storageAccountId");
            if (accountId.Length > StorageAccountIds.MaxLength || !StorageAccountIds.TryParse(accountId, out var accountName))
            {
                throw Invalid("properties.storageAccountId",
                    "'properties.storageAccountId' must be a storage account resource id: /subscriptions/{id}/resourceGroups/{group}/providers/Microsoft.Storage/storageAccounts/{name}.");
            }

            var type = RequiredString(properties, "jobType", "properties.jobType") switch
            {
                var t when t.Equals("Import", StringComparison.OrdinalIgnoreCase) => JobType.Import,
                var t when t.Equals("Export", StringComparison.OrdinalIgnoreCase) => JobType.Export,
                var t => throw Invalid("properties.jobType", $"'properties.jobType' must be Import or Export, not '{t}'."),
            };
            var drives = Member(properties, "driveList") is { } list ? Drives(list, maxDrives, type) : null;
            var exportElement = Member(properties, "export");
            ExportSelection? export = null;
            if (type == JobType.Import)
            {
                if (drives is null)
                {
                    throw Invalid("properties.driveList", $"An import job needs 'properties.driveList' with 1 to {maxDrives} drives.");
                }

                if (exportElement is not null)
                {
                    throw Invalid("properties.export", "An import job takes no 'properties.export'.");
                }
            }
            else
            {
                if (drives is { Count: > 0 })
                {
                    throw Invalid("properties.driveList", "An export job takes no drives: they are recorded when they arrive.");
                }

                export = exportElement is { } e ? Export(e) : throw Invalid("properties.export", "An export job needs 'properties.export'.");
            }

            return new CreateJob
            {
                StorageAccountName = accountName,
                StorageAccountId = accountId,
                Type = type,
                Location = location.Name,
                Tags = Member(root, "tags") is { } tags ? Tags(tags) : null,
                ReturnAddress = Member(properties, "returnAddress") is { } address ? ReturnAddress(address) : null,
                ReturnShipping = Member(properties, "returnShipping") is { } shipping ? ReturnShipping(shipping) : null,
                DeliveryPackage = Member(properties, "deliveryPackage") is { } package ? DeliveryPackage(package) : null,
                DiagnosticsPath = OptionalString(properties, "diagnosticsPath", "properties.diagnosticsPath") is { } path ? DiagnosticsPath(path) : null,
                EnableVerboseLog = LogLevel(properties),
                BackupDriveManifest = OptionalBool(properties, "backupDriveManifest", "properties.backupDriveManifest"),
                EncryptionKey = Member(properties, "encryptionKey") is { } key ? EncryptionKey(key) : null,
                Drives = drives ?? [],
                Export = export,
            };
        }
        catch (InvalidMemberException e)
        {
            return e.Error;
        }
    }

    /// <summary>
    /// The PATCH body (<c>UpdateJobParameters</c>). <c>cancelRequested: false</c> and members equal to the stored values are
    /// no change in any state (docs/arm-api.md §3.6).
    /// </summary>
    public static Result<JobUpdate> ReadUpdate(JsonElement root, int maxDrives)
    {
        try
        {
            var tags = Member(root, "tags") is { } t ? Tags(t) : null;
            if (Member(root, "properties") is not { } p)
            {
                return new JobUpdate { Tags = tags, SameValueIsNoChange = true };
            }

            var properties = Object(p, "properties");
            foreach (var (member, why) in _creationOnly)
            {
                if (Member(properties, member) is not null)
                {
                    throw Invalid("properties." + member, $"'properties.{member}' {why}");
                }
            }

            var shipping = OptionalString(properties, "state", "properties.state") switch
            {
                null or "" => false,
                var s when s.Equals("Shipping", StringComparison.OrdinalIgnoreCase) => true,
                var s => throw Invalid("properties.state", $"'properties.state' may only be set to Shipping, not '{s}'."),
            };
            // false is no change (docs/arm-api.md §3.6): Microsoft's Python SDK sends it in every Update.
            var cancel = OptionalBool(properties, "cancelRequested", "properties.cancelRequested") is true;
            return new JobUpdate
            {
                Tags = tags,
                RequestShipping = shipping,
                RequestCancel = cancel,
                ReturnAddress = Member(properties, "returnAddress") is { } address ? ReturnAddress(address) : null,
                ReturnShipping = Member(properties, "returnShipping") is { } returnShipping ? ReturnShipping(returnShipping) : null,
                DeliveryPackage = Member(properties, "deliveryPackage") is { } package ? DeliveryPackage(package) : null,
                EnableVerboseLog = LogLevel(properties),
                BackupDriveManifest = OptionalBool(properties, "backupDriveManifest", "properties.backupDriveManifest"),
                Drives = Member(properties, "driveList") is { } drives ? Drives(drives, maxDrives, JobType.Import) : null,
                SameValueIsNoChange = true,
            };
        }
        catch (InvalidMemberException e)
        {
            return e.Error;
        }
    }

    private static readonly (string Member, string Why)[] _creationOnly =
    [
        ("diagnosticsPath", "is set at creation and cannot be updated."),
        ("storageAccountId", "is set at creation and cannot be updated."),
        ("jobType", "is set at creation and cannot be updated."),
        ("export", "is set at creation and cannot be updated."),
        ("encryptionKey", "is set at creation and cannot be updated."),
    ];

    [GeneratedRegex("^[0-9A-Fa-f]+$")]
    private static partial Regex Hex();

    [GeneratedRegex(@"^(?<container>[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62})(?:/(?<directory>.+))?$")]
    private static partial Regex DiagnosticsPathPattern();

    private static List<DriveSpec> Drives(JsonElement element, int maxDrives, JobType type)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("properties.driveList", "'properties.driveList' must be an array.");
        }

        var count = element.GetArrayLength();
        if (type == JobType.Export)
        {
            return count == 0 ? [] : throw Invalid("properties.driveList", "An export job takes no drives: they are recorded when they arrive.");
        }

        if (count == 0 || count > maxDrives)
        {
            throw Invalid("properties.driveList", $"An import job needs 1 to {maxDrives} drives; {count} were given.");
        }

        var drives = new List<DriveSpec>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var path = $"properties.driveList[{index++}]";
            var drive = Object(item, path);
            var driveId = RequiredString(drive, "driveId", path + ".driveId");
            if (driveId.Any(char.IsWhiteSpace) || driveId.Length > 128)
            {
                throw Invalid(path + ".driveId", $"Drive id '{driveId}' is invalid: give the serial number without spaces (at most 128 characters).");
            }

            if (!seen.Add(driveId))
            {
                throw Invalid(path + ".driveId", $"Drive '{driveId}' is listed more than once.");
            }

            var hash = RequiredString(drive, "manifestHash", path + ".manifestHash");
            if (!Hex().IsMatch(hash))
            {
                throw Invalid(path + ".manifestHash", $"'{path}.manifestHash' must be a Base16 (hexadecimal) hash.");
            }

            drives.Add(new DriveSpec(
                driveId,
                RequiredString(drive, "bitLockerKey", path + ".bitLockerKey"),
                RequiredString(drive, "manifestFile", path + ".manifestFile"),
                hash,
                OptionalString(drive, "driveHeaderHash", path + ".driveHeaderHash")));
        }

        return drives;
    }

    private static ExportSelection Export(JsonElement element)
    {
        var export = Object(element, "properties.export");
        var blobList = Member(export, "blobList");
        var listPath = OptionalString(export, "blobListBlobPath", "properties.export.blobListBlobPath");
        if ((blobList is null) == (listPath is null))
        {
            throw Invalid("properties.export", "'properties.export' needs exactly one of 'blobList' and 'blobListBlobPath'.");
        }

        if (listPath is not null)
        {
            var relative = listPath.TrimStart('/');
            return relative.Length == 0 || !relative.Contains('/', StringComparison.Ordinal)
                ? throw Invalid("properties.export.blobListBlobPath", "'properties.export.blobListBlobPath' is the path of a blob: its container name, '/', and the blob name.")
                : new ExportSelection([], [], relative);
        }

        var list = Object(blobList!.Value, "properties.export.blobList");
        var paths = StringArray(list, "blobPath", "properties.export.blobList.blobPath");
        var prefixes = StringArray(list, "blobPathPrefix", "properties.export.blobList.blobPathPrefix");
        if (paths.Count + prefixes.Count == 0)
        {
            throw Invalid("properties.export.blobList", "'properties.export.blobList' must name at least one blob path or prefix.");
        }

        for (var i = 0; i < prefixes.Count; i++)
        {
            if (!prefixes[i].StartsWith('/'))
            {
                throw Invalid($"properties.export.blobList.blobPathPrefix[{i}]", $"Prefix '{prefixes[i]}' must start with '/' followed by (part of) a container name.");
            }
        }

        // Blob paths are container/blob; a leading '/' (as some tools write them) is accepted and dropped.
        return new ExportSelection([.. paths.Select(p => p.TrimStart('/'))], prefixes, null);
    }

    private static ReturnAddress ReturnAddress(JsonElement element)
    {
        const string Path = "properties.returnAddress";
        var a = Object(element, Path);
        var street1 = RequiredString(a, "streetAddress1", Path + ".streetAddress1");
        var street2 = OptionalString(a, "streetAddress2", Path + ".streetAddress2");
        var city = RequiredString(a, "city", Path + ".city");
        var state = OptionalString(a, "stateOrProvince", Path + ".stateOrProvince");
        var postal = RequiredString(a, "postalCode", Path + ".postalCode");
        var country = RequiredString(a, "countryOrRegion", Path + ".countryOrRegion");
        var lines = new[] { street1, street2, city, state, postal, country }.Where(s => !string.IsNullOrEmpty(s));
        return new ReturnAddress(
            RequiredString(a, "recipientName", Path + ".recipientName"),
            string.Join(", ", lines),
            RequiredString(a, "phone", Path + ".phone"),
            RequiredString(a, "email", Path + ".email"))
        {
            StreetAddress1 = street1,
            StreetAddress2 = street2,
            City = city,
            StateOrProvince = state,
            PostalCode = postal,
            CountryOrRegion = country,
        };
    }

    private static ReturnShipping ReturnShipping(JsonElement element)
    {
        var s = Object(element, "properties.returnShipping");
        return new ReturnShipping(
            RequiredString(s, "carrierName", "properties.returnShipping.carrierName"),
            RequiredString(s, "carrierAccountNumber", "properties.returnShipping.carrierAccountNumber"));
    }

    private static ShippingPackage DeliveryPackage(JsonElement element)
    {
        const string Path = "properties.deliveryPackage";
        var p = Object(element, Path);
        int? count = null;
        if (Member(p, "driveCount") is { } c)
        {
            count = c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) && n >= 0
                ? n
                : throw Invalid(Path + ".driveCount", $"'{Path}.driveCount' must be a whole number of at least 0.");
        }

        return new ShippingPackage(
            RequiredString(p, "carrierName", Path + ".carrierName"),
            RequiredString(p, "trackingNumber", Path + ".trackingNumber"),
            count,
            OptionalString(p, "shipDate", Path + ".shipDate"));
    }

    private static EncryptionKeySettings EncryptionKey(JsonElement element)
    {
        const string Path = "properties.encryptionKey";
        var k = Object(element, Path);
        var type = OptionalString(k, "kekType", Path + ".kekType") ?? "MicrosoftManaged";
        var url = OptionalString(k, "kekUrl", Path + ".kekUrl");
        var vault = OptionalString(k, "kekVaultResourceID", Path + ".kekVaultResourceID");
        if (type.Equals("MicrosoftManaged", StringComparison.OrdinalIgnoreCase))
        {
            return new EncryptionKeySettings("MicrosoftManaged", url, vault);
        }

        if (!type.Equals("CustomerManaged", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(Path + ".kekType", $"'{Path}.kekType' must be MicrosoftManaged or CustomerManaged, not '{type}'.");
        }

        return string.IsNullOrWhiteSpace(url) || string.IsNullOrWhiteSpace(vault)
            ? throw Invalid(Path, "A CustomerManaged encryption key needs 'kekUrl' and 'kekVaultResourceID'.")
            : new EncryptionKeySettings("CustomerManaged", url, vault);
    }

    private static Dictionary<string, string> Tags(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("tags", "'tags' must be an object of string values.");
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in element.EnumerateObject())
        {
            if (tag.Value.ValueKind != JsonValueKind.String)
            {
                throw Invalid("tags." + tag.Name, $"Tag '{tag.Name}' must have a string value.");
            }

            if (tag.Name.Length is 0 or > 512 || tag.Value.GetString()!.Length > 256)
            {
                throw Invalid("tags." + tag.Name, "Tag names have 1 to 512 characters and values at most 256.");
            }

            tags[tag.Name] = tag.Value.GetString()!;
        }

        return tags.Count > MaxTags ? throw Invalid("tags", $"A job has at most {MaxTags} tags.") : tags;
    }

    private static bool? LogLevel(JsonElement properties) => OptionalString(properties, "logLevel", "properties.logLevel") switch
    {
        null => null,
        var l when l.Equals("Error", StringComparison.OrdinalIgnoreCase) => false,
        var l when l.Equals("Verbose", StringComparison.OrdinalIgnoreCase) => true,
        var l => throw Invalid("properties.logLevel", $"'properties.logLevel' must be Error or Verbose, not '{l}'."),
    };

    private static string DiagnosticsPath(string path) => DiagnosticsPathPattern().IsMatch(path)
        ? path
        : throw Invalid("properties.diagnosticsPath", "'properties.diagnosticsPath' is a container name (3 to 63 lowercase letters, digits and single hyphens), optionally followed by '/' and a virtual directory.");

    /// <summary>The member named <paramref name="name"/> (case-insensitive), or null when absent or JSON null.</summary>
    private static JsonElement? Member(JsonElement obj, string name)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
            }
        }

        return null;
    }

    private static JsonElement Object(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object ? element : throw Invalid(path, $"'{path}' must be a JSON object.");

    private static string RequiredString(JsonElement obj, string name, string path) =>
        OptionalString(obj, name, path) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw Invalid(path, $"'{path}' is required.");

    private static string? OptionalString(JsonElement obj, string name, string path) => Member(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw Invalid(path, $"'{path}' must be a string."),
    };

    private static bool? OptionalBool(JsonElement obj, string name, string path) => Member(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw Invalid(path, $"'{path}' must be true or false."),
    };

    private static List<string> StringArray(JsonElement obj, string name, string path)
    {
        if (Member(obj, name) is not { } array)
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array || array.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString())))
        {
            throw Invalid(path, $"'{path}' must be an array of non-empty strings.");
        }

        return [.. array.EnumerateArray().Select(v => v.GetString()!)];
    }

    private static InvalidMemberException Invalid(string target, string message) => new(FerryErrors.Invalid(target, message));

    private sealed class InvalidMemberException(FerryError error) : Exception(error.Message)
    {
        public FerryError Error { get; } = error;
    }
}
