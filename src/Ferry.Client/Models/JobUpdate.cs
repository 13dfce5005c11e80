using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>
/// The changes of an Update Job Properties request (sent as <c>{"Properties":{…}}</c>). Members left
/// <see langword="null"/> are not sent and stay unchanged on the service.
/// </summary>
public sealed class JobUpdate
{
    /// <summary>A new friendly name (<c>FriendlyName</c>).</summary>
    [JsonPropertyName("FriendlyName")]
    public string? FriendlyName { get; set; }

    /// <summary>A new description (<c>Description</c>).</summary>
    [JsonPropertyName("Description")]
    public string? Description { get; set; }

    /// <summary>New metadata (<c>Metadata</c>).</summary>
    [JsonPropertyName("Metadata")]
    public string? Metadata { get; set; }

    /// <summary>The requested state (<c>State</c>); the service accepts only <c>Shipping</c>, from <c>Creating</c>.</summary>
    [JsonPropertyName("State")]
    public string? State { get; set; }

    /// <summary>Requests cancellation (<c>CancelRequested</c>); the service accepts only <see langword="true"/>.</summary>
    [JsonPropertyName("CancelRequested")]
    public bool? CancelRequested { get; set; }

    /// <summary>A replacement return address (<c>ReturnAddress</c>).</summary>
    [JsonPropertyName("ReturnAddress")]
    public ReturnAddress? ReturnAddress { get; set; }

    /// <summary>Replacement return-shipping details (<c>ReturnShipping</c>).</summary>
    [JsonPropertyName("ReturnShipping")]
    public ReturnShipping? ReturnShipping { get; set; }

    /// <summary>The package the customer shipped (<c>DeliveryPackage</c>).</summary>
    [JsonPropertyName("DeliveryPackage")]
    public PackageInfo? DeliveryPackage { get; set; }

    /// <summary>Turns verbose logging on or off (<c>EnableVerboseLog</c>).</summary>
    [JsonPropertyName("EnableVerboseLog")]
    public bool? EnableVerboseLog { get; set; }

    /// <summary>Turns manifest backup on or off (<c>BackupDriveManifest</c>).</summary>
    [JsonPropertyName("BackupDriveManifest")]
    public bool? BackupDriveManifest { get; set; }
}
