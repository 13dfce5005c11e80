namespace Ferry.Core.Jobs;

/// <summary>A drive's copy status (docs/lifecycle.md §2.3). Stored as its numeric value: the values are frozen.</summary>
public enum CopyStatus
{
    /// <summary>No copy attempted.</summary>
    None = 1,

    /// <summary>Copy running.</summary>
    InProgress = 2,

    /// <summary>Copy finished without problems.</summary>
    Completed = 3,

    /// <summary>Copy finished with warnings.</summary>
    CompletedWithWarnings = 4,

    /// <summary>Copy finished with errors.</summary>
    CompletedWithErrors = 5,

    /// <summary>An internal error stopped the copy.</summary>
    InternalError = 6,

    /// <summary>The manifest does not match its hash.</summary>
    ManifestCorrupted = 7,

    /// <summary>The manifest file name is invalid.</summary>
    ManifestNameInvalid = 8,

    /// <summary>The manifest file name is too long.</summary>
    ManifestNameTooLong = 9,

    /// <summary>The manifest file is missing.</summary>
    ManifestNotFound = 10,

    /// <summary>The manifest file could not be opened.</summary>
    ManifestAccessDenied = 11,

    /// <summary>The manifest is not valid XML of the expected shape.</summary>
    ManifestFormatInvalid = 12,

    /// <summary>Reading the manifest failed.</summary>
    ReadManifestFailed = 13,

    /// <summary>The manifest names another drive.</summary>
    ManifestDriveIdMismatch = 14,

    /// <summary>The export blob list is invalid.</summary>
    BlobListFormatInvalid = 15,

    /// <summary>The disk was not found.</summary>
    DiskNotFound = 16,

    /// <summary>The volume is not NTFS.</summary>
    VolumeNotNtfs = 17,

    /// <summary>A disk operation failed.</summary>
    DiskOperationFailed = 18,

    /// <summary>BitLocker is not active on the volume.</summary>
    BitLockerNotActivated = 19,

    /// <summary>No BitLocker protector was found.</summary>
    BitLockerProtectorNotFound = 20,

    /// <summary>The BitLocker key does not unlock the drive.</summary>
    BitLockerKeyInvalid = 21,

    /// <summary>Unlocking the volume failed.</summary>
    BitLockerUnlockVolumeFailed = 22,

    /// <summary>Another BitLocker failure.</summary>
    BitLockerFailed = 23,

    /// <summary>No BitLocker volume on the drive.</summary>
    BitLockerVolumeNotFound = 24,

    /// <summary>The storage account refused a request (bad credentials).</summary>
    BlobRequestForbidden = 25,
}
