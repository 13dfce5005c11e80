namespace Ferry.Core.Drives;

/// <summary>A copy log <c>Blob</c>: one file and its blob, with the fate of each part.</summary>
/// <param name="Status">A blob status of docs/formats.md §3.3.</param>
/// <param name="BlobPath">The blob as <c>container/name</c>; after a rename, the new name.</param>
/// <param name="FilePath">The file's drive path as the manifest gave it.</param>
/// <param name="Length">The blob's length in bytes, ≥ 0.</param>
/// <param name="Snapshot">Export: the snapshot time; null otherwise.</param>
/// <param name="LastModified">Export: the blob's last-modified time; null otherwise.</param>
/// <param name="Disposition">Import: the disposition's wire form (<c>rename</c>, <c>no-overwrite</c>, <c>overwrite</c>); null when not logged.</param>
/// <param name="DispositionStatus">Its outcome (<c>Created</c>, <c>Renamed</c>, <c>Skipped</c>, <c>Overwritten</c>, <c>Cancelled</c>); null exactly when <paramref name="Disposition"/> is.</param>
/// <param name="Kind">Whether <paramref name="Ranges"/> are written as <c>BlockList/Block</c> or <c>PageRangeList/PageRange</c>.</param>
/// <param name="Ranges">The blocks or page ranges, in order.</param>
/// <param name="Metadata">The metadata file's fate; null when not logged.</param>
/// <param name="Properties">The properties file's fate; null when not logged.</param>
/// <remarks>Equality compares <paramref name="Ranges"/> element by element.</remarks>
public sealed record CopyLogBlob(
    string Status,
    string BlobPath,
    string FilePath,
    long Length,
    DateTimeOffset? Snapshot,
    DateTimeOffset? LastModified,
    string? Disposition,
    string? DispositionStatus,
    BlobKind Kind,
    IReadOnlyList<CopyLogRange> Ranges,
    CopyLogFileStatus? Metadata,
    CopyLogFileStatus? Properties)
{
    /// <inheritdoc />
    public bool Equals(CopyLogBlob? other) =>
        other is not null
        && Status == other.Status
        && BlobPath == other.BlobPath
        && FilePath == other.FilePath
        && Length == other.Length
        && Snapshot == other.Snapshot
        && LastModified == other.LastModified
        && Disposition == other.Disposition
        && DispositionStatus == other.DispositionStatus
        && Kind == other.Kind
        && Ranges.SequenceEqual(other.Ranges)
        && Metadata == other.Metadata
        && Properties == other.Properties;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Status, BlobPath, FilePath, Length, Kind, Ranges.Count);
}
