namespace Ferry.Client.Models;

/// <summary>Builds output-only models, and models with output-only members, for tests and mocks.</summary>
public static class FerryModelFactory
{
    /// <summary>Creates job properties as the service would return them.</summary>
    /// <param name="location">The location name.</param>
    /// <param name="type">The job type, <c>Import</c> or <c>Export</c>.</param>
    /// <param name="state">The job state.</param>
    /// <param name="cancelRequested">Whether cancellation was requested.</param>
    /// <param name="percentComplete">The transfer progress, if reported.</param>
    /// <param name="shippingInformation">Where drives are shipped.</param>
    /// <param name="deliveryPackage">The customer's package, if set.</param>
    /// <param name="returnPackage">The return package, if shipped.</param>
    /// <param name="incompleteBlobListUri">The incomplete-blob list, if any.</param>
    /// <returns>The properties.</returns>
    public static JobProperties JobProperties(
        string? location = null,
        string? type = null,
        string? state = null,
        bool? cancelRequested = null,
        int? percentComplete = null,
        ShippingInformation? shippingInformation = null,
        PackageInfo? deliveryPackage = null,
        PackageInfo? returnPackage = null,
        string? incompleteBlobListUri = null) => new()
        {
            Location = location,
            Type = type,
            State = state,
            CancelRequested = cancelRequested,
            PercentComplete = percentComplete,
            ShippingInformation = shippingInformation,
            DeliveryPackage = deliveryPackage,
            ReturnPackage = returnPackage,
            IncompleteBlobListUri = incompleteBlobListUri,
        };

    /// <summary>Creates shipping information.</summary>
    /// <param name="name">The recipient name.</param>
    /// <param name="address">The address, parts joined with <c>;</c>.</param>
    /// <returns>The shipping information.</returns>
    public static ShippingInformation ShippingInformation(string? name = null, string? address = null) => new(name, address);

    /// <summary>Creates a drive with its service-reported status.</summary>
    /// <param name="driveId">The drive serial number.</param>
    /// <param name="state">The drive state.</param>
    /// <param name="copyStatus">The copy status.</param>
    /// <param name="percentComplete">The copy progress.</param>
    /// <param name="bitLockerKey">The BitLocker recovery password.</param>
    /// <param name="manifestFile">The manifest path on the drive.</param>
    /// <param name="manifestHash">The manifest hash.</param>
    /// <param name="verboseLogUri">The verbose log blob.</param>
    /// <param name="errorLogUri">The error log blob.</param>
    /// <param name="manifestUri">The manifest backup blob.</param>
    /// <returns>The drive.</returns>
    public static JobDrive JobDrive(
        string driveId,
        string? state = null,
        string? copyStatus = null,
        int? percentComplete = null,
        string? bitLockerKey = null,
        string? manifestFile = null,
        string? manifestHash = null,
        string? verboseLogUri = null,
        string? errorLogUri = null,
        string? manifestUri = null) => new(driveId, bitLockerKey, manifestFile, manifestHash)
        {
            State = state,
            CopyStatus = copyStatus,
            PercentComplete = percentComplete,
            VerboseLogUri = verboseLogUri,
            ErrorLogUri = errorLogUri,
            ManifestUri = manifestUri,
        };

    /// <summary>Creates a location.</summary>
    /// <param name="name">The location name.</param>
    /// <param name="recipientName">The recipient name.</param>
    /// <param name="streetAddress1">The first street line.</param>
    /// <param name="streetAddress2">The second street line.</param>
    /// <param name="city">The city.</param>
    /// <param name="stateOrProvince">The state or province.</param>
    /// <param name="postalCode">The postal code.</param>
    /// <param name="countryOrRegion">The country or region.</param>
    /// <param name="supportedCarriers">The accepted carriers.</param>
    /// <returns>The location.</returns>
    public static Location Location(
        string name,
        string? recipientName = null,
        string? streetAddress1 = null,
        string? streetAddress2 = null,
        string? city = null,
        string? stateOrProvince = null,
        string? postalCode = null,
        string? countryOrRegion = null,
        IEnumerable<string>? supportedCarriers = null) =>
        new(name, recipientName, streetAddress1, streetAddress2, city, stateOrProvince, postalCode, countryOrRegion, supportedCarriers?.ToList());
}
