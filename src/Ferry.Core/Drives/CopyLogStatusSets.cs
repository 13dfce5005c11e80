using System.Collections.Frozen;

namespace Ferry.Core.Drives;

/// <summary>Which <see cref="CopyLogStatus"/> values belong where (docs/formats.md §3.3), and which of them count as failures.</summary>
internal static class CopyLogStatusSets
{
    /// <summary>Drive <c>Status</c>.</summary>
    public static readonly FrozenSet<string> Drive = Set(
        CopyLogStatus.Completed, CopyLogStatus.CompletedWithWarnings, CopyLogStatus.CompletedWithErrors, CopyLogStatus.DiskNotFound,
        CopyLogStatus.VolumeNotNtfs, CopyLogStatus.DiskOperationFailed, CopyLogStatus.BitLockerVolumeNotFound, CopyLogStatus.BitLockerNotActivated,
        CopyLogStatus.BitLockerProtectorNotFound, CopyLogStatus.BitLockerKeyInvalid, CopyLogStatus.BitLockerUnlockVolumeFailed, CopyLogStatus.BitLockerFailed,
        CopyLogStatus.ManifestNameInvalid, CopyLogStatus.ManifestNameTooLong, CopyLogStatus.ManifestNotFound, CopyLogStatus.ManifestAccessDenied,
        CopyLogStatus.ManifestCorrupted, CopyLogStatus.ManifestFormatInvalid, CopyLogStatus.ManifestDriveIdMismatch, CopyLogStatus.ReadManifestFailed,
        CopyLogStatus.BlobListFormatInvalid, CopyLogStatus.BlobRequestForbidden, CopyLogStatus.InternalError);

    /// <summary><c>Blob/@Status</c>.</summary>
    public static readonly FrozenSet<string> Blob = Set(
        CopyLogStatus.Completed, CopyLogStatus.CompletedWithErrors, CopyLogStatus.FileNameInvalid, CopyLogStatus.FileNameTooLong,
        CopyLogStatus.FileNotFound, CopyLogStatus.FileAccessDenied, CopyLogStatus.BlobRequestFailed, CopyLogStatus.BlobRequestForbidden,
        CopyLogStatus.RenameFailed, CopyLogStatus.BlobUnexpectedChange, CopyLogStatus.LeasePresent, CopyLogStatus.IOFailed, CopyLogStatus.Failed);

    /// <summary><c>ImportDisposition/@Status</c>.</summary>
    public static readonly FrozenSet<string> Disposition = Set(
        CopyLogStatus.Created, CopyLogStatus.Renamed, CopyLogStatus.Skipped, CopyLogStatus.Overwritten, CopyLogStatus.Cancelled);

    /// <summary><c>Block/@Status</c> and <c>PageRange/@Status</c>.</summary>
    public static readonly FrozenSet<string> Range = Set(
        CopyLogStatus.Completed, CopyLogStatus.Committed, CopyLogStatus.Uncommitted, CopyLogStatus.Corrupted, CopyLogStatus.FileUnexpectedEnd,
        CopyLogStatus.BlobUnexpectedEnd, CopyLogStatus.BlobRequestFailed, CopyLogStatus.IOFailed, CopyLogStatus.Failed, CopyLogStatus.Cancelled);

    /// <summary><c>Metadata/@Status</c> and <c>Properties/@Status</c>.</summary>
    public static readonly FrozenSet<string> File = Set(
        CopyLogStatus.Completed, CopyLogStatus.FileNameInvalid, CopyLogStatus.FileNameTooLong, CopyLogStatus.FileNotFound,
        CopyLogStatus.FileAccessDenied, CopyLogStatus.Corrupted, CopyLogStatus.XmlReadFailed, CopyLogStatus.XmlWriteFailed,
        CopyLogStatus.BlobRequestFailed, CopyLogStatus.IOFailed, CopyLogStatus.Failed, CopyLogStatus.Cancelled);

    /// <summary>A range fails unless Completed or Committed.</summary>
    public static bool RangeFailed(string status) => status is not (CopyLogStatus.Completed or CopyLogStatus.Committed);

    /// <summary>A metadata or properties file fails unless Completed.</summary>
    public static bool FileFailed(string status) => status != CopyLogStatus.Completed;

    /// <summary>A disposition fails when Cancelled; Created, Renamed, Skipped and Overwritten are outcomes, not failures.</summary>
    public static bool DispositionFailed(string? status) => status == CopyLogStatus.Cancelled;

    private static FrozenSet<string> Set(params string[] values) => values.ToFrozenSet(StringComparer.Ordinal);
}
