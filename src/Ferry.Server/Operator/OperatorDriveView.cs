using Ferry.Core.Jobs;

namespace Ferry.Server.Operator;

/// <summary>A drive as operators see it; the BitLocker key is never included.</summary>
internal sealed record OperatorDriveView(
    string DriveId,
    DriveState State,
    CopyStatus? CopyStatus,
    int? PercentComplete,
    long BytesSucceeded,
    string? ContentPath,
    DateTimeOffset StateChangedAt)
{
    public static OperatorDriveView From(Drive drive) =>
        new(drive.DriveId, drive.State, drive.CopyStatus, drive.PercentComplete, drive.BytesSucceeded, drive.ContentPath, drive.StateChangedAt);
}
