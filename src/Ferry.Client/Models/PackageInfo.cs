using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>A shipped package (<c>DeliveryPackage</c> or <c>ReturnPackage</c>).</summary>
public sealed class PackageInfo
{
    /// <summary>Creates package details.</summary>
    /// <param name="carrierName">The carrier, e.g. <c>FedEx</c>.</param>
    /// <param name="trackingNumber">The carrier's tracking number.</param>
    public PackageInfo(string carrierName, string trackingNumber)
    {
        CarrierName = carrierName;
        TrackingNumber = trackingNumber;
    }

    /// <summary>The carrier name (<c>CarrierName</c>); required.</summary>
    [JsonPropertyName("CarrierName")]
    public string CarrierName { get; set; }

    /// <summary>The tracking number (<c>TrackingNumber</c>); required.</summary>
    [JsonPropertyName("TrackingNumber")]
    public string TrackingNumber { get; set; }

    /// <summary>The number of drives in the package (<c>DriveCount</c>), at least 0.</summary>
    [JsonPropertyName("DriveCount")]
    public int? DriveCount { get; set; }

    /// <summary>The ship date as free text, stored and echoed unchanged (<c>ShipDate</c>).</summary>
    [JsonPropertyName("ShipDate")]
    public string? ShipDate { get; set; }
}
