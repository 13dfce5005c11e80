namespace Ferry.Client.Models;

/// <summary>A drive's copy status (the lifecycle's closed set).</summary>
public enum CopyStatus
{
    /// <summary>No copy attempted.</summary>
    None,

    /// <summary>Copy running.</summary>
    InProgress,

    /// <summary>Copy finished without problems.</summary>
    Completed,

    /// <summary>Copy finished with warnings.</summary>
    CompletedWithWarnings,

    /// <summary>Copy finished with errors.</summary>
    CompletedWithErrors,

    /// <summary>An internal error stopped the copy.</summary>
    InternalError,

    /// <summary>The manifest does not match its hash.</summary>
    ManifestCorrupted,

    /// <summary>The manifest file name is invalid.</summary>
    ManifestNameInvalid,

    /// <summary>The manifest file name is too long.</summary>
    ManifestNameTooLong,

    /// <summary>The manifest file is missing.</summary>
    ManifestNotFound,

    /// <summary>The manifest file could not be opened.</summary>
    ManifestAccessDenied,

    /// <summary>The manifest is not valid XML of the expected shape.</summary>
    ManifestFormatInvalid,

    /// <summary>Reading the manifest failed.</summary>
    ReadManifestFailed,

    /// <summary>The manifest names another drive.</summary>
    ManifestDriveIdMismatch,

    /// <summary>The export blob list is invalid.</summary>
    BlobListFormatInvalid,

    /// <summary>The disk was not found.</summary>
    DiskNotFound,

    /// <summary>The volume is not NTFS.</summary>
    VolumeNotNtfs,

    /// <summary>A disk operation failed.</summary>
    DiskOperationFailed,

    /// <summary>BitLocker is not active on the volume.</summary>
    BitLockerNotActivated,

    /// <summary>No BitLocker protector was found.</summary>
    BitLockerProtectorNotFound,

    /// <summary>The BitLocker key does not unlock the drive.</summary>
    BitLockerKeyInvalid,

    /// <summary>Unlocking the volume failed.</summary>
    BitLockerUnlockVolumeFailed,

    /// <summary>Another BitLocker failure.</summary>
    BitLockerFailed,

    /// <summary>No BitLocker volume on the drive.</summary>
    BitLockerVolumeNotFound,

    /// <summary>The storage account refused a request (bad credentials).</summary>
    BlobRequestForbidden,
}
