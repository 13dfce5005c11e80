namespace Ferry.Core.Jobs;

/// <summary>
/// A parcel: the customer's delivery package or the data centre's return package.
/// <see cref="ShipDate"/> is free text, stored and echoed unchanged.
/// </summary>
public sealed record ShippingPackage(string CarrierName, string TrackingNumber, int? DriveCount, string? ShipDate);
