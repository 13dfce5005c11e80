using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>A package on the operator surface: the customer's delivery package, or the return package the operator ships back.</summary>
public sealed class OperatorPackage
{
    /// <summary>Creates package details.</summary>
    /// <param name="carrierName">The carrier, e.g. <c>FedEx</c>.</param>
    /// <param name="trackingNumber">The carrier's tracking number.</param>
    /// <exception cref="ArgumentException">An argument is <see langword="null"/> or empty.</exception>
    public OperatorPackage(string carrierName, string trackingNumber)
    {
        ArgumentException.ThrowIfNullOrEmpty(carrierName);
        ArgumentException.ThrowIfNullOrEmpty(trackingNumber);
        CarrierName = carrierName;
        TrackingNumber = trackingNumber;
    }

    [JsonConstructor]
    internal OperatorPackage()
    {
        CarrierName = string.Empty;
        TrackingNumber = string.Empty;
    }

    /// <summary>The carrier name (<c>carrierName</c>).</summary>
    [JsonInclude]
    public string CarrierName { get; internal set; }

    /// <summary>The tracking number (<c>trackingNumber</c>).</summary>
    [JsonInclude]
    public string TrackingNumber { get; internal set; }

    /// <summary>The number of drives in the package (<c>driveCount</c>), at least 0; when shipping back, <see langword="null"/> means the drives shipped.</summary>
    public int? DriveCount { get; set; }

    /// <summary>The ship date as free text (<c>shipDate</c>); when shipping back, <see langword="null"/> means today's UTC date.</summary>
    public string? ShipDate { get; set; }
}
