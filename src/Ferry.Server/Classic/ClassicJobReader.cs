using System.Text.Json;
using System.Text.RegularExpressions;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Ferry.Core.Locations;

namespace Ferry.Server.Classic;

/// <summary>Reads Put Job and Update Job Properties bodies into Core requests (docs/classic-api.md §3.5, §3.6).</summary>
internal static partial class ClassicJobReader
{
    private const int TextLimit = 1024;
    private const int BlobListLimit = 32 * 1024;

    private static readonly HashSet<string> _putTop = ["Name", "Properties", "DriveList", "Export"];
    private static readonly HashSet<string> _putProperties =
    [
        "StorageAccountName", "StorageAccountKey", "ContainerSas", "Location", "Type", "FriendlyName", "Description",
        "Metadata", "ReturnAddress", "ReturnShipping", "ImportExportStatesPath", "ImportExportStatesContainer",
        "EnableVerboseLog", "BackupDriveManifest",
    ];

    private static readonly HashSet<string> _serverOwned =
        ["State", "CancelRequested", "PercentComplete", "ShippingInformation", "DeliveryPackage", "ReturnPackage", "IncompleteBlobListUri"];

    private static readonly HashSet<string> _updateTop = ["Properties"];
    private static readonly HashSet<string> _updateProperties =
    [
        "FriendlyName", "Description", "Metadata", "State", "CancelRequested", "ReturnAddress", "ReturnShipping",
        "DeliveryPackage", "EnableVerboseLog", "BackupDriveManifest",
    ];

    private static readonly HashSet<string> _updateIgnored = ["PercentComplete", "ShippingInformation", "ReturnPackage", "IncompleteBlobListUri"];
    private static readonly HashSet<string> _updateTopIgnored = ["Name"];

    private static readonly Dictionary<string, string> _creationOnly = new()
    {
        ["StorageAccountName"] = "is set at creation and cannot be updated.",
        ["StorageAccountKey"] = "is set at creation and cannot be updated.",
        ["ContainerSas"] = "is set at creation and cannot be updated.",
        ["Location"] = "is set at creation and cannot be updated.",
        ["Type"] = "is set at creation and cannot be updated.",
        ["ImportExportStatesPath"] = "is set at creation and cannot be updated.",
        ["ImportExportStatesContainer"] = "is set at creation and cannot be updated.",
        ["DriveList"] = "is set at creation and cannot be updated.",
        ["Export"] = "is set at creation and cannot be updated.",
    };

    private static readonly HashSet<string> _driveMembers = ["DriveId", "BitLockerKey", "ManifestFile", "ManifestHash"];
    private static readonly HashSet<string> _driveServerOwned = ["State", "CopyStatus", "PercentComplete", "VerboseLogUri", "ErrorLogUri", "ManifestUri"];

    /// <summary>Reads a Put Job body addressed to <paramref name="account"/>/<paramref name="jobName"/>.</summary>
    public static Result<CreateJob> ReadCreate(JsonElement root, string version, string account, string jobName, LocationCatalog locations)
    {
        if (JsonObjectReader.Open(root, "").Error is { } notObject)
        {
            return notObject;
        }

        var body = JsonObjectReader.Open(root, "").Value!;
        if (body.CheckMembers(_putTop) is { } unknownTop)
        {
            return unknownTop;
        }

        var name = body.String("Name", required: true);
        if (name.Error is { } nameError)
        {
            return nameError;
        }

        if (!string.Equals(name.Value, jobName, StringComparison.OrdinalIgnoreCase))
        {
            return FerryErrors.Invalid("Name", $"'Name' ('{name.Value}') must equal the job name in the URI ('{jobName}').");
        }

        if (!AccountName().IsMatch(account))
        {
            return FerryErrors.Invalid("StorageAccountName", $"Storage account name '{account}' is invalid: use 3 to 24 lowercase letters and digits.");
        }

        if (body.Element("Properties") is not { } propertiesElement)
        {
            return FerryErrors.Invalid("Properties", "'Properties' is required.");
        }

        var opened = JsonObjectReader.Open(propertiesElement, "Properties");
        if (opened.Error is { } propertiesNotObject)
        {
            return propertiesNotObject;
        }

        var p = opened.Value!;
        var (statesName, otherStatesName) = version == ClassicVersions.V20140501
            ? ("ImportExportStatesContainer", "ImportExportStatesPath")
            : ("ImportExportStatesPath", "ImportExportStatesContainer");
        var refused = new Dictionary<string, string> { [otherStatesName] = $"is not part of version {version}; use '{statesName}'." };
        if (version == ClassicVersions.V20140501)
        {
            refused["ContainerSas"] = "requires x-ms-version 2014-11-01.";
        }

        var known = _putProperties.Where(n => !refused.ContainsKey(n)).ToHashSet();
        if (p.CheckMembers(known, _serverOwned, refused) is { } unknownProperty)
        {
            return unknownProperty;
        }

        var accountName = p.String("StorageAccountName");
        if (accountName.Error is { } accountError)
        {
            return accountError;
        }

        if (accountName.Value is { } given && !string.Equals(given, account, StringComparison.OrdinalIgnoreCase))
        {
            return FerryErrors.Invalid("Properties.StorageAccountName", $"'Properties.StorageAccountName' ('{given}') must equal the storage account in the URI ('{account}').");
        }

        var type = p.String("Type", required: true);
        if (type.Error is { } typeError)
        {
            return typeError;
        }

        if (!Enum.TryParse<JobType>(type.Value, ignoreCase: true, out var jobType) || !Enum.IsDefined(jobType) || type.Value!.Any(char.IsDigit))
        {
            return FerryErrors.Invalid("Properties.Type", $"'Properties.Type' must be Import or Export, not '{type.Value}'.");
        }

        var locationName = p.String("Location", required: true);
        if (locationName.Error is { } locationError)
        {
            return locationError;
        }

        if (locations.FindOrNull(locationName.Value!) is not { } location)
        {
            return FerryErrors.Invalid("Properties.Location", $"'Properties.Location' ('{locationName.Value}') is not a location of this service; see List Locations.");
        }

        var credential = ReadCredential(p, jobType);
        if (credential.Error is { } credentialError)
        {
            return credentialError;
        }

        var friendly = p.String("FriendlyName", maxLength: TextLimit);
        var description = p.String("Description", maxLength: TextLimit);
        var metadata = p.String("Metadata", maxLength: TextLimit);
        var verbose = p.Boolean("EnableVerboseLog");
        var backup = p.Boolean("BackupDriveManifest");
        var statesPath = p.String(statesName);
        if (FirstError(friendly.Error, description.Error, metadata.Error, verbose.Error, backup.Error, statesPath.Error) is { } scalarError)
        {
            return scalarError;
        }

        if (statesPath.Value is { } path && CheckStatesPath(path, p.Field(statesName), credential.Value!.ContainerSas is not null) is { } pathError)
        {
            return pathError;
        }

        var returnAddress = ReadReturnAddress(p);
        if (returnAddress.Error is { } addressError)
        {
            return addressError;
        }

        var returnShipping = ReadReturnShipping(p);
        if (returnShipping.Error is { } shippingError)
        {
            return shippingError;
        }

        var drives = ReadDrives(body);
        if (drives.Error is { } drivesError)
        {
            return drivesError;
        }

        var export = ReadExport(body);
        if (export.Error is { } exportError)
        {
            return exportError;
        }

        return new CreateJob
        {
            StorageAccountName = account,
            Type = jobType,
            Location = location.Name,
            Credential = credential.Value!,
            FriendlyName = friendly.Value,
            Description = description.Value,
            Metadata = metadata.Value,
            ReturnAddress = returnAddress.Value,
            ReturnShipping = returnShipping.Value,
            DiagnosticsPath = statesPath.Value,
            EnableVerboseLog = verbose.Value,
            BackupDriveManifest = backup.Value,
            Drives = drives.Value!,
            Export = export.Value,
        };
    }

    /// <summary>Reads an Update Job Properties body.</summary>
    public static Result<JobUpdate> ReadUpdate(JsonElement root)
    {
        var opened = JsonObjectReader.Open(root, "");
        if (opened.Error is { } notObject)
        {
            return notObject;
        }

        var body = opened.Value!;
        if (body.CheckMembers(_updateTop, _updateTopIgnored, _creationOnly) is { } unknownTop)
        {
            return unknownTop;
        }

        if (body.Element("Properties") is not { } propertiesElement)
        {
            return new JobUpdate();
        }

        var openedProperties = JsonObjectReader.Open(propertiesElement, "Properties");
        if (openedProperties.Error is { } propertiesNotObject)
        {
            return propertiesNotObject;
        }

        var p = openedProperties.Value!;
        if (p.CheckMembers(_updateProperties, _updateIgnored, _creationOnly) is { } unknownProperty)
        {
            return unknownProperty;
        }

        var friendly = p.String("FriendlyName", maxLength: TextLimit);
        var description = p.String("Description", maxLength: TextLimit);
        var metadata = p.String("Metadata", maxLength: TextLimit);
        var state = p.String("State");
        var cancel = p.Boolean("CancelRequested");
        var verbose = p.Boolean("EnableVerboseLog");
        var backup = p.Boolean("BackupDriveManifest");
        if (FirstError(friendly.Error, description.Error, metadata.Error, state.Error, cancel.Error, verbose.Error, backup.Error) is { } scalarError)
        {
            return scalarError;
        }

        if (state.Value is { } requested && requested != nameof(JobState.Shipping))
        {
            return FerryErrors.Invalid("Properties.State", $"'Properties.State' can only be set to Shipping, not '{requested}'.");
        }

        if (cancel.Value is false)
        {
            return FerryErrors.Invalid("Properties.CancelRequested", "'Properties.CancelRequested' can only be set to true; a cancellation cannot be undone.");
        }

        var returnAddress = ReadReturnAddress(p);
        if (returnAddress.Error is { } addressError)
        {
            return addressError;
        }

        var returnShipping = ReadReturnShipping(p);
        if (returnShipping.Error is { } shippingError)
        {
            return shippingError;
        }

        var delivery = ReadPackage(p, "DeliveryPackage");
        if (delivery.Error is { } deliveryError)
        {
            return deliveryError;
        }

        return new JobUpdate
        {
            FriendlyName = friendly.Value,
            Description = description.Value,
            Metadata = metadata.Value,
            RequestShipping = state.Value is not null,
            RequestCancel = cancel.Value is true,
            ReturnAddress = returnAddress.Value,
            ReturnShipping = returnShipping.Value,
            DeliveryPackage = delivery.Value,
            EnableVerboseLog = verbose.Value,
            BackupDriveManifest = backup.Value,
        };
    }

    private static Result<StorageCredential> ReadCredential(JsonObjectReader p, JobType type)
    {
        var key = p.String("StorageAccountKey");
        var sas = p.String("ContainerSas");
        if (FirstError(key.Error, sas.Error) is { } error)
        {
            return error;
        }

        if ((key.Value is null) == (sas.Value is null))
        {
            return FerryErrors.Invalid("Properties.StorageAccountKey", "Exactly one of 'Properties.StorageAccountKey' and 'Properties.ContainerSas' is required.");
        }

        if (key.Value is { } accountKey)
        {
            var buffer = new byte[accountKey.Length];
            return accountKey.Length > 0 && Convert.TryFromBase64String(accountKey, buffer, out _)
                ? new StorageCredential(accountKey, null)
                : FerryErrors.Invalid("Properties.StorageAccountKey", "'Properties.StorageAccountKey' must be a Base64 storage account key.");
        }

        return ContainerSasRules.Check(sas.Value!, type) is { } sasError ? sasError : new StorageCredential(null, sas.Value);
    }

    private static FerryError? CheckStatesPath(string path, string field, bool usesSas)
    {
        if (usesSas)
        {
            return path.Length == 0 || path.StartsWith('/') || path.Length > 1024
                ? FerryErrors.Invalid(field, $"'{field}' must be a virtual directory under the SAS container, without a leading '/'.")
                : null;
        }

        return ContainerSasRules.IsContainerName(path)
            ? null
            : FerryErrors.Invalid(field, $"'{field}' must be a container name (3 to 63 lowercase letters, digits and hyphens).");
    }

    private static Result<ReturnAddress?> ReadReturnAddress(JsonObjectReader parent) =>
        ReadNested<ReturnAddress>(parent, "ReturnAddress", ["Name", "Address", "Phone", "Email"], r =>
        {
            var name = r.String("Name", required: true, maxLength: TextLimit);
            var address = r.String("Address", required: true, maxLength: TextLimit);
            var phone = r.String("Phone", required: true, maxLength: TextLimit);
            var email = r.String("Email", required: true, maxLength: TextLimit);
            return FirstError(name.Error, address.Error, phone.Error, email.Error) is { } error
                ? error
                : new ReturnAddress(name.Value!, address.Value!, phone.Value!, email.Value!);
        });

    private static Result<ReturnShipping?> ReadReturnShipping(JsonObjectReader parent) =>
        ReadNested<ReturnShipping>(parent, "ReturnShipping", ["CarrierName", "CarrierAccountNumber"], r =>
        {
            var carrier = r.String("CarrierName", required: true, maxLength: TextLimit);
            var accountNumber = r.String("CarrierAccountNumber", required: true, maxLength: TextLimit);
            return FirstError(carrier.Error, accountNumber.Error) is { } error
                ? error
                : new ReturnShipping(carrier.Value!, accountNumber.Value!);
        });

    private static Result<ShippingPackage?> ReadPackage(JsonObjectReader parent, string member) =>
        ReadNested<ShippingPackage>(parent, member, ["CarrierName", "TrackingNumber", "DriveCount", "ShipDate"], r =>
        {
            var carrier = r.String("CarrierName", required: true, maxLength: TextLimit);
            var tracking = r.String("TrackingNumber", required: true, maxLength: TextLimit);
            var count = r.Int32("DriveCount", minimum: 0);
            var shipDate = r.String("ShipDate", maxLength: TextLimit);
            return FirstError(carrier.Error, tracking.Error, count.Error, shipDate.Error) is { } error
                ? error
                : new ShippingPackage(carrier.Value!, tracking.Value!, count.Value, shipDate.Value);
        });

    /// <summary>An optional nested object: null when absent; else opened, its members checked, and read.</summary>
    private static Result<T?> ReadNested<T>(JsonObjectReader parent, string member, HashSet<string> members, Func<JsonObjectReader, Result<T>> read)
        where T : class
    {
        if (parent.Element(member) is not { } element)
        {
            return Result<T?>.FromValue(null);
        }

        var opened = JsonObjectReader.Open(element, parent.Field(member));
        if (opened.Error is { } error)
        {
            return error;
        }

        if (opened.Value!.CheckMembers(members) is { } unknown)
        {
            return unknown;
        }

        var value = read(opened.Value);
        return value.Error is { } invalid ? invalid : value.Value;
    }

    private static Result<IReadOnlyList<DriveSpec>> ReadDrives(JsonObjectReader body)
    {
        if (body.Element("DriveList") is not { } list)
        {
            return Result<IReadOnlyList<DriveSpec>>.FromValue([]);
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            return FerryErrors.Invalid("DriveList", "'DriveList' must be an array.");
        }

        if (list.GetArrayLength() > 100)
        {
            return FerryErrors.Invalid("DriveList", "'DriveList' has far more drives than a job allows.");
        }

        var drives = new List<DriveSpec>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"DriveList[{index++}]";
            var opened = JsonObjectReader.Open(item, path);
            if (opened.Error is { } error)
            {
                return error;
            }

            var d = opened.Value!;
            if (d.CheckMembers(_driveMembers, _driveServerOwned) is { } unknown)
            {
                return unknown;
            }

            var driveId = d.String("DriveId", required: true, maxLength: 128);
            var key = d.String("BitLockerKey", required: true, maxLength: 256);
            var manifest = d.String("ManifestFile", required: true, maxLength: 1024);
            var hash = d.String("ManifestHash", required: true, maxLength: 128);
            if (FirstError(driveId.Error, key.Error, manifest.Error, hash.Error) is { } memberError)
            {
                return memberError;
            }

            if (driveId.Value!.Any(char.IsWhiteSpace))
            {
                return FerryErrors.Invalid(d.Field("DriveId"), $"'{d.Field("DriveId")}' must not contain white space.");
            }

            if (!hash.Value!.All(char.IsAsciiHexDigit))
            {
                return FerryErrors.Invalid(d.Field("ManifestHash"), $"'{d.Field("ManifestHash")}' must be the Base16 MD5 of the manifest.");
            }

            drives.Add(new DriveSpec(driveId.Value!, key.Value!, manifest.Value!, hash.Value!));
        }

        return drives;
    }

    private static Result<ExportSelection?> ReadExport(JsonObjectReader body)
    {
        if (body.Element("Export") is not { } element)
        {
            return Result<ExportSelection?>.FromValue(null);
        }

        var opened = JsonObjectReader.Open(element, "Export");
        if (opened.Error is { } error)
        {
            return error;
        }

        var e = opened.Value!;
        if (e.CheckMembers(new HashSet<string> { "BlobList", "BlobListBlobPath" }) is { } unknown)
        {
            return unknown;
        }

        if (e.Has("BlobList") == e.Has("BlobListBlobPath"))
        {
            return FerryErrors.Invalid("Export", "'Export' needs exactly one of 'BlobList' and 'BlobListBlobPath'.");
        }

        if (e.Has("BlobListBlobPath"))
        {
            var path = e.String("BlobListBlobPath", required: true, maxLength: 1024);
            if (path.Error is { } pathError)
            {
                return pathError;
            }

            return path.Value!.StartsWith('/')
                ? FerryErrors.Invalid("Export.BlobListBlobPath", "'Export.BlobListBlobPath' is a relative path starting with the container name, without a leading '/'.")
                : new ExportSelection([], [], path.Value);
        }

        var blobList = e.Element("BlobList")!.Value;
        if (blobList.GetRawText().Length > BlobListLimit)
        {
            return FerryErrors.Invalid("Export.BlobList", "'Export.BlobList' is larger than 32 KB; put the list into a blob and use 'BlobListBlobPath'.");
        }

        var openedList = JsonObjectReader.Open(blobList, "Export.BlobList");
        if (openedList.Error is { } listError)
        {
            return listError;
        }

        var l = openedList.Value!;
        if (l.CheckMembers(new HashSet<string> { "BlobPath", "BlobPathPrefix" }) is { } unknownList)
        {
            return unknownList;
        }

        var paths = StringArray(l, "BlobPath", p => !p.StartsWith('/'), "a relative blob path starting with the container name, without a leading '/'");
        if (paths.Error is { } pathsError)
        {
            return pathsError;
        }

        var prefixes = StringArray(l, "BlobPathPrefix", p => p.StartsWith('/'), "a prefix starting with '/' followed by (part of) a container name");
        if (prefixes.Error is { } prefixesError)
        {
            return prefixesError;
        }

        return paths.Value!.Count + prefixes.Value!.Count == 0
            ? FerryErrors.Invalid("Export.BlobList", "'Export.BlobList' must name at least one blob path or prefix.")
            : new ExportSelection(paths.Value, prefixes.Value, null);
    }

    private static Result<IReadOnlyList<string>> StringArray(JsonObjectReader parent, string member, Func<string, bool> valid, string rule)
    {
        var field = parent.Field(member);
        if (parent.Element(member) is not { } array)
        {
            return Result<IReadOnlyList<string>>.FromValue([]);
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            return FerryErrors.Invalid(field, $"'{field}' must be an array of strings.");
        }

        var values = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } text)
            {
                return FerryErrors.Invalid(field, $"'{field}' must be an array of non-empty strings.");
            }

            if (!valid(text))
            {
                return FerryErrors.Invalid(field, $"'{field}' entry '{text}' is invalid: each entry is {rule}.");
            }

            values.Add(text);
        }

        return values;
    }

    private static FerryError? FirstError(params FerryError?[] errors) => errors.FirstOrDefault(e => e is not null);

    [GeneratedRegex("^[a-zA-Z0-9]{3,24}$")]
    private static partial Regex AccountName();
}
