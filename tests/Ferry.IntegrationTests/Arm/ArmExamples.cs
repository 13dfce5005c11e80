using System.Text.Json.Nodes;

namespace Ferry.IntegrationTests.Arm;

/// <summary>
/// The values of docs/arm-api.md §10 (the 13 swagger examples): shared request members and the response bodies each case
/// expects, built from the shared values of docs/arm-api.md §10 (RA, RS, SI-SC, TAIL, DRV).
/// </summary>
internal static class ArmExamples
{
    public const string Subscription = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    public const string Group = "myResourceGroup";
    public const string BitLockerKey = "238810-662376-448998-450120-652806-203390-606320-483076";
    public const string DriveHeaderHash =
        "0:1048576:FB6B6ED500D49DA6E0D723C98D42C657F2881CC13357C28DCECA6A524F1292501571A321238540E621AB5BD9C9A32637615919A75593E6CB5C1515DAE341CABF;"
        + "135266304:143360:C957A189AFC38C4E80731252301EB91427CE55E61448FA3C73C6FDDE70ABBC197947EC8D0249A2C639BB10B95957D5820A4BE8DFBBF76FFFA688AE5CE0D42EC3";

    public static string StorageAccountId(string group, string provider, string account) =>
        $"/subscriptions/{Subscription}/resourceGroups/{group}/providers/{provider}/storageAccounts/{account}";

    public static JsonObject ReturnAddress(string recipient = "Test", string email = "Test@contoso.com", string city = "Redmond", string phone = "4250000000") => new()
    {
        ["recipientName"] = recipient,
        ["streetAddress1"] = "Street1",
        ["streetAddress2"] = "street2",
        ["city"] = city,
        ["stateOrProvince"] = "wa",
        ["postalCode"] = "98007",
        ["countryOrRegion"] = "USA",
        ["phone"] = phone,
        ["email"] = email,
    };

    public static JsonObject ReturnShipping() => new() { ["carrierName"] = "FedEx", ["carrierAccountNumber"] = "989ffff" };

    public static JsonObject WestUs() => new()
    {
        ["recipientName"] = "Microsoft Azure Import/Export Service",
        ["streetAddress1"] = "2045 Lafayette Street",
        ["streetAddress2"] = "",
        ["city"] = "Santa Clara",
        ["stateOrProvince"] = "CA",
        ["postalCode"] = "95050",
        ["countryOrRegion"] = "USA",
        ["phone"] = "408 352 7600",
        ["additionalInformation"] = "",
    };

    public static JsonObject EastUs2() => new()
    {
        ["recipientName"] = "Windows Azure Import Export Service",
        ["streetAddress1"] = "Boydton 1 / BLDG # 1 101 Herbert Drive",
        ["streetAddress2"] = "",
        ["city"] = "Boydton",
        ["stateOrProvince"] = "VA",
        ["postalCode"] = "23917",
        ["countryOrRegion"] = "USA",
        ["phone"] = "+1-434-738-9443",
        ["additionalInformation"] = "",
    };

    public static JsonObject Drive(string manifestFile = @"\8a0c23f7-14b7-470a-9633-fcd46590a1bc.manifest",
        string manifestHash = "4228EC5D8E048CB9B515338C789314BE8D0B2FDBC7C7A0308E1C826242CDE74E", string? headerHash = DriveHeaderHash,
        string driveId = "9CA995BB", string bitLockerKey = BitLockerKey)
    {
        var drive = new JsonObject { ["driveId"] = driveId, ["bitLockerKey"] = bitLockerKey, ["manifestFile"] = manifestFile, ["manifestHash"] = manifestHash };
        if (headerHash is not null)
        {
            drive["driveHeaderHash"] = headerHash;
        }

        return drive;
    }

    /// <summary>The CreateJob request body (case 1), or with <paramref name="drive"/> instead of DRV.</summary>
    public static JsonObject CreateImportBody(JsonObject? drive = null) => new()
    {
        ["location"] = "West US",
        ["properties"] = new JsonObject
        {
            ["storageAccountId"] = StorageAccountId(Group, "Microsoft.ClassicStorage", "test"),
            ["jobType"] = "Import",
            ["returnAddress"] = ReturnAddress(),
            ["returnShipping"] = ReturnShipping(),
            ["diagnosticsPath"] = "waimportexport",
            ["logLevel"] = "Verbose",
            ["backupDriveManifest"] = true,
            ["driveList"] = new JsonArray(drive ?? Drive()),
        },
    };

    /// <summary>The CreateExportJob request body (case 2).</summary>
    public static JsonObject CreateExportBody()
    {
        var body = CreateImportBody();
        var properties = body["properties"]!.AsObject();
        properties["jobType"] = "Export";
        properties.Remove("driveList");
        properties["export"] = new JsonObject { ["blobList"] = new JsonObject { ["blobPathPrefix"] = new JsonArray("/") } };
        return body;
    }

    /// <summary>
    /// The response the server owes for a job created from <paramref name="request"/>: the request's members, the
    /// server-filled ones, drives without their BitLocker keys and with state <paramref name="driveState"/>.
    /// </summary>
    public static JsonObject Expected(JsonObject request, string group, string name, string state = "Creating", JsonObject? shipping = null, bool withDrives = true, string driveState = "Specified")
    {
        var properties = request["properties"]!.DeepClone().AsObject();
        properties["shippingInformation"] = shipping ?? WestUs();
        properties["cancelRequested"] = false;
        properties["state"] = state;
        properties["provisioningState"] = "Succeeded";
        properties["encryptionKey"] = new JsonObject { ["kekType"] = "MicrosoftManaged" };
        if (properties["driveList"] is JsonArray drives)
        {
            if (!withDrives)
            {
                properties.Remove("driveList");
            }
            else
            {
                foreach (var drive in drives.Select(d => d!.AsObject()))
                {
                    drive.Remove("bitLockerKey");
                    drive["driveHeaderHash"] ??= "";
                    drive["state"] = driveState;
                }
            }
        }

        return new JsonObject
        {
            ["properties"] = properties,
            ["identity"] = new JsonObject { ["type"] = "None" },
            ["id"] = $"/subscriptions/{Subscription}/resourceGroups/{group}/providers/Microsoft.ImportExport/jobs/{name}",
            ["name"] = name,
            ["type"] = "Microsoft.ImportExport/jobs",
            ["location"] = request["location"]!.GetValue<string>(),
        };
    }
}
