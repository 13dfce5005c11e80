using Ferry.Client.Models;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ferry.Cli.Commands.Operator;

/// <summary>The operator's job view as tables; its JSON is the <see cref="OperatorJob"/> model itself (which carries no secrets).</summary>
internal static class OperatorJobView
{
    public static IRenderable ToTables(OperatorJob job)
    {
        var properties = Output.Properties([
            ("Job", job.Reference.ToString()), ("Surface", job.Surface.ToString()), ("Type", job.Type.ToString()), ("State", job.State.ToString()),
            ("Cancel requested", Output.YesNo(job.CancelRequested)), ("Progress", job.PercentComplete is null ? null : Output.Percent(job.PercentComplete)),
            ("Storage account", job.StorageAccountName), ("Location", job.Location), ("Created", Output.Instant(job.CreatedAt)),
            ("State changed", Output.Instant(job.StateChangedAt)), ("Shipped", job.ShippingAt is null ? null : Output.Instant(job.ShippingAt)),
            ("Delivery package", Describe(job.DeliveryPackage)), ("Return package", Describe(job.ReturnPackage)),
            ("Extra drives", job.ExtraDrives.Count > 0 ? string.Join(", ", job.ExtraDrives) : null),
        ]);
        if (job.Drives.Count == 0)
        {
            return properties;
        }

        var drives = Output.Table("Drive", "State", "Copy status", "Progress", "Bytes", "Content path", "State changed");
        foreach (var d in job.Drives)
        {
            drives.Row(d.DriveId, d.State.ToString(), d.CopyStatus?.ToString(), Output.Percent(d.PercentComplete),
                d.BytesSucceeded.ToString(System.Globalization.CultureInfo.InvariantCulture), d.ContentPath, Output.Instant(d.StateChangedAt));
        }

        return new Rows(properties, drives);
    }

    private static string? Describe(OperatorPackage? p) =>
        p is null ? null : $"{p.CarrierName} {p.TrackingNumber}" + (p.DriveCount is { } n ? $", {n} drive(s)" : string.Empty) + (p.ShipDate is { } d ? $", shipped {d}" : string.Empty);
}
