namespace Ferry.Core.Jobs;

/// <summary>
/// How a transfer of one drive ended, as the transfer engine reports it at step C3.
/// </summary>
/// <param name="CopyStatus">The drive's final copy status (the copy log's drive status).</param>
/// <param name="MoreInfo">Whether the copy log reports warnings or informational entries (renames, overwrites, skips).</param>
/// <param name="BytesSucceeded">Bytes copied.</param>
/// <param name="ErrorLogUri">The error log's URL; null when it could not be written.</param>
/// <param name="VerboseLogUri">The verbose log's URL, when written.</param>
/// <param name="ManifestUri">The manifest backup's URL, when written.</param>
/// <param name="ManifestFile">Export: the manifest written to the drive (drive path).</param>
/// <param name="ManifestHash">Export: its Base16 MD5.</param>
/// <param name="Reason">Why the drive ended so, for the audit trail, when the copy status alone does not say (never a secret).</param>
public sealed record DriveTransferOutcome(
    CopyStatus CopyStatus,
    bool MoreInfo,
    long BytesSucceeded,
    string? ErrorLogUri,
    string? VerboseLogUri,
    string? ManifestUri,
    string? ManifestFile = null,
    string? ManifestHash = null,
    string? Reason = null);
