using Ferry.Core.Jobs;

namespace Ferry.Server.Operator;

/// <summary>A parcel on the operator surface: a job's delivery package, or the return package of ship-back.</summary>
internal sealed record PackageView(string? CarrierName, string? TrackingNumber, int? DriveCount, string? ShipDate)
{
    public static PackageView? FromOrNull(ShippingPackage? package) =>
        package is null ? null : new PackageView(package.CarrierName, package.TrackingNumber, package.DriveCount, package.ShipDate);
}
