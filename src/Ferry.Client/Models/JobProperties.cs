using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>The <c>Properties</c> of a classic job. Members the service owns are read-only here; <see cref="FerryModelFactory"/> builds them for tests.</summary>
public sealed class JobProperties
{
    /// <summary>The storage account the job belongs to (<c>StorageAccountName</c>); optional on create, must match the URI; never returned.</summary>
    [JsonPropertyName("StorageAccountName")]
    public string? StorageAccountName { get; set; }

    /// <summary>The storage account key, Base64 (<c>StorageAccountKey</c>); exactly one of this and <see cref="ContainerSas"/> on create; never returned.</summary>
    [JsonPropertyName("StorageAccountKey")]
    public string? StorageAccountKey { get; set; }

    /// <summary>A container SAS <c>&lt;container&gt;?&lt;sas-token&gt;</c> (<c>ContainerSas</c>, version 2014-11-01 only); never returned.</summary>
    [JsonPropertyName("ContainerSas")]
    public string? ContainerSas { get; set; }

    /// <summary>The data-center location name from List Locations (<c>Location</c>); required on create.</summary>
    [JsonPropertyName("Location")]
    public string? Location { get; set; }

    /// <summary>The job type, <c>Import</c> or <c>Export</c> (<c>Type</c>); required on create.</summary>
    [JsonPropertyName("Type")]
    public string? Type { get; set; }

    /// <summary>A free-text friendly name (<c>FriendlyName</c>), at most 1024 characters.</summary>
    [JsonPropertyName("FriendlyName")]
    public string? FriendlyName { get; set; }

    /// <summary>A free-text description (<c>Description</c>), at most 1024 characters.</summary>
    [JsonPropertyName("Description")]
    public string? Description { get; set; }

    /// <summary>Free-text metadata (<c>Metadata</c>), at most 1024 characters.</summary>
    [JsonPropertyName("Metadata")]
    public string? Metadata { get; set; }

    /// <summary>The job state as reported by the service (<c>State</c>), e.g. <c>Creating</c>; ignored on create.</summary>
    [JsonPropertyName("State")]
    [JsonInclude]
    public string? State { get; internal set; }

    /// <summary>Whether cancellation was requested (<c>CancelRequested</c>), as reported by the service.</summary>
    [JsonPropertyName("CancelRequested")]
    [JsonInclude]
    public bool? CancelRequested { get; internal set; }

    /// <summary>Percentage of the data transfer done (<c>PercentComplete</c>), reported from <c>Transferring</c> on.</summary>
    [JsonPropertyName("PercentComplete")]
    [JsonInclude]
    public int? PercentComplete { get; internal set; }

    /// <summary>Where the drives are returned (<c>ReturnAddress</c>).</summary>
    [JsonPropertyName("ReturnAddress")]
    public ReturnAddress? ReturnAddress { get; set; }

    /// <summary>The carrier account used to return the drives (<c>ReturnShipping</c>).</summary>
    [JsonPropertyName("ReturnShipping")]
    public ReturnShipping? ReturnShipping { get; set; }

    /// <summary>Where to ship the drives (<c>ShippingInformation</c>), set by the service from <see cref="Location"/>.</summary>
    [JsonPropertyName("ShippingInformation")]
    [JsonInclude]
    public ShippingInformation? ShippingInformation { get; internal set; }

    /// <summary>The package the customer shipped (<c>DeliveryPackage</c>), once set through an update.</summary>
    [JsonPropertyName("DeliveryPackage")]
    [JsonInclude]
    public PackageInfo? DeliveryPackage { get; internal set; }

    /// <summary>The package the service shipped back (<c>ReturnPackage</c>), once the drives were returned.</summary>
    [JsonPropertyName("ReturnPackage")]
    [JsonInclude]
    public PackageInfo? ReturnPackage { get; internal set; }

    /// <summary>The log and backup location (<c>ImportExportStatesPath</c>), version 2014-11-01; the service default is <c>waimportexport</c>.</summary>
    [JsonPropertyName("ImportExportStatesPath")]
    public string? ImportExportStatesPath { get; set; }

    /// <summary>The log and backup container (<c>ImportExportStatesContainer</c>), version 2014-05-01 only.</summary>
    [JsonPropertyName("ImportExportStatesContainer")]
    public string? ImportExportStatesContainer { get; set; }

    /// <summary>Whether the service writes verbose logs (<c>EnableVerboseLog</c>); the service default is <see langword="false"/>.</summary>
    [JsonPropertyName("EnableVerboseLog")]
    public bool? EnableVerboseLog { get; set; }

    /// <summary>Whether the service backs up drive manifests (<c>BackupDriveManifest</c>); the service default is <see langword="false"/>.</summary>
    [JsonPropertyName("BackupDriveManifest")]
    public bool? BackupDriveManifest { get; set; }

    /// <summary>The blob listing blobs an export job could not export (<c>IncompleteBlobListUri</c>), if any.</summary>
    [JsonPropertyName("IncompleteBlobListUri")]
    [JsonInclude]
    public string? IncompleteBlobListUri { get; internal set; }
}
