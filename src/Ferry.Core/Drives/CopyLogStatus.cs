namespace Ferry.Core.Drives;

/// <summary>
/// The status values of copy logs (docs/formats.md §3.3), kept as the strings the logs carry. Which values fit where is
/// checked by <see cref="CopyLogXml"/>: drive <c>Status</c>, <c>Blob/@Status</c>, <c>ImportDisposition/@Status</c>, range
/// <c>@Status</c>, <c>Metadata</c>/<c>Properties</c> <c>@Status</c>.
/// </summary>
public static class CopyLogStatus
{
    /// <summary>Every blob was copied.</summary>
    public const string Completed = "Completed";

    /// <summary>The drive finished with warnings.</summary>
    public const string CompletedWithWarnings = "CompletedWithWarnings";

    /// <summary>The drive finished, some items failed.</summary>
    public const string CompletedWithErrors = "CompletedWithErrors";

    /// <summary>The disk was not found.</summary>
    public const string DiskNotFound = "DiskNotFound";

    /// <summary>The volume is not NTFS.</summary>
    public const string VolumeNotNtfs = "VolumeNotNtfs";

    /// <summary>A disk operation failed.</summary>
    public const string DiskOperationFailed = "DiskOperationFailed";

    /// <summary>No BitLocker volume was found.</summary>
    public const string BitLockerVolumeNotFound = "BitLockerVolumeNotFound";

    /// <summary>BitLocker is not activated on the volume.</summary>
    public const string BitLockerNotActivated = "BitLockerNotActivated";

    /// <summary>The volume has no recovery-password protector.</summary>
    public const string BitLockerProtectorNotFound = "BitLockerProtectorNotFound";

    /// <summary>The recovery password does not unlock the volume.</summary>
    public const string BitLockerKeyInvalid = "BitLockerKeyInvalid";

    /// <summary>Unlocking the volume failed.</summary>
    public const string BitLockerUnlockVolumeFailed = "BitLockerUnlockVolumeFailed";

    /// <summary>Another BitLocker failure.</summary>
    public const string BitLockerFailed = "BitLockerFailed";

    /// <summary>The manifest path is invalid.</summary>
    public const string ManifestNameInvalid = "ManifestNameInvalid";

    /// <summary>The manifest path is too long.</summary>
    public const string ManifestNameTooLong = "ManifestNameTooLong";

    /// <summary>The manifest file is missing.</summary>
    public const string ManifestNotFound = "ManifestNotFound";

    /// <summary>The manifest file cannot be opened.</summary>
    public const string ManifestAccessDenied = "ManifestAccessDenied";

    /// <summary>The manifest's MD5 differs from the job's ManifestHash.</summary>
    public const string ManifestCorrupted = "ManifestCorrupted";

    /// <summary>The manifest breaks docs/formats.md §2.</summary>
    public const string ManifestFormatInvalid = "ManifestFormatInvalid";

    /// <summary>The manifest's DriveId is not the job's drive id.</summary>
    public const string ManifestDriveIdMismatch = "ManifestDriveIdMismatch";

    /// <summary>Reading the manifest failed.</summary>
    public const string ReadManifestFailed = "ReadManifestFailed";

    /// <summary>The export blob list breaks docs/formats.md §1.2.</summary>
    public const string BlobListFormatInvalid = "BlobListFormatInvalid";

    /// <summary>The storage account refused access (drive or blob).</summary>
    public const string BlobRequestForbidden = "BlobRequestForbidden";

    /// <summary>A fault of the service.</summary>
    public const string InternalError = "InternalError";

    /// <summary>The file or metadata/properties path is invalid.</summary>
    public const string FileNameInvalid = "FileNameInvalid";

    /// <summary>The path is too long.</summary>
    public const string FileNameTooLong = "FileNameTooLong";

    /// <summary>The file is missing.</summary>
    public const string FileNotFound = "FileNotFound";

    /// <summary>The file cannot be opened.</summary>
    public const string FileAccessDenied = "FileAccessDenied";

    /// <summary>A Blob service request failed (blob, range or file).</summary>
    public const string BlobRequestFailed = "BlobRequestFailed";

    /// <summary>No free name was found for a rename.</summary>
    public const string RenameFailed = "RenameFailed";

    /// <summary>The blob changed during an export.</summary>
    public const string BlobUnexpectedChange = "BlobUnexpectedChange";

    /// <summary>The blob has an active lease.</summary>
    public const string LeasePresent = "LeasePresent";

    /// <summary>A read or write on the drive failed (blob, range or file).</summary>
    public const string IOFailed = "IOFailed";

    /// <summary>Another failure (blob, range or file).</summary>
    public const string Failed = "Failed";

    /// <summary>Import disposition: no blob existed; it was created.</summary>
    public const string Created = "Created";

    /// <summary>Import disposition: written under a new name, which the log's BlobPath holds.</summary>
    public const string Renamed = "Renamed";

    /// <summary>Import disposition: the blob existed and no-overwrite skipped it.</summary>
    public const string Skipped = "Skipped";

    /// <summary>Import disposition: the existing blob was replaced.</summary>
    public const string Overwritten = "Overwritten";

    /// <summary>An earlier failure of the same blob cancelled this item (disposition, range or file).</summary>
    public const string Cancelled = "Cancelled";

    /// <summary>Range: the block was committed.</summary>
    public const string Committed = "Committed";

    /// <summary>Range: the block was staged but not committed.</summary>
    public const string Uncommitted = "Uncommitted";

    /// <summary>Range or file: the MD5 of the bytes differs from the manifest's.</summary>
    public const string Corrupted = "Corrupted";

    /// <summary>Range: the file ended before the range.</summary>
    public const string FileUnexpectedEnd = "FileUnexpectedEnd";

    /// <summary>Range: the blob ended before the range.</summary>
    public const string BlobUnexpectedEnd = "BlobUnexpectedEnd";

    /// <summary>Metadata/properties: the file is not valid docs/formats.md §4 XML.</summary>
    public const string XmlReadFailed = "XmlReadFailed";

    /// <summary>Metadata/properties: writing the file failed.</summary>
    public const string XmlWriteFailed = "XmlWriteFailed";
}
