namespace Ferry.Core.Drives;

/// <summary>A manifest <c>Blob</c>: one file on the drive and the blob it imports into or was exported from.</summary>
/// <param name="BlobPath">The blob as <c>container/name</c> (<c>$root/name</c> for the root container).</param>
/// <param name="FilePath">
/// The file's drive path as written (<c>\dir\file</c>); not checked by the reader beyond its length: resolve it with
/// <see cref="DrivePaths.TryResolve"/>, which reports bad names per blob.
/// </param>
/// <param name="Length">The blob's size in bytes, ≥ 0; a multiple of 512 for a page blob.</param>
/// <param name="Kind"><see cref="BlobKind.PageBlob"/> when the manifest has a <c>PageRangeList</c>, otherwise <see cref="BlobKind.BlockBlob"/>.</param>
/// <param name="Disposition">The import disposition; null when the manifest names none (an import then renames).</param>
/// <param name="Blocks">
/// A block blob's blocks, ordered, contiguous from offset 0 and covering <paramref name="Length"/>; empty for a page blob
/// and for a block blob of length 0. Block ids are all set or all null.
/// </param>
/// <param name="PageRanges">A page blob's ranges, ordered and non-overlapping inside <paramref name="Length"/>; empty for a block blob.</param>
/// <param name="Metadata">The per-blob metadata file, which overrides the blob list's; null when none.</param>
/// <param name="Properties">The per-blob properties file, which overrides the blob list's; null when none.</param>
/// <param name="ClientData">Free text, not interpreted; null when absent.</param>
/// <param name="Snapshot">Export: the snapshot time of the exported blob; null for a base blob.</param>
/// <remarks>Equality compares the block and page-range lists element by element.</remarks>
public sealed record ManifestBlob(
    string BlobPath,
    string FilePath,
    long Length,
    BlobKind Kind,
    ImportDisposition? Disposition,
    IReadOnlyList<ManifestBlock> Blocks,
    IReadOnlyList<ManifestPageRange> PageRanges,
    ManifestFileRef? Metadata,
    ManifestFileRef? Properties,
    string? ClientData,
    DateTimeOffset? Snapshot)
{
    /// <inheritdoc />
    public bool Equals(ManifestBlob? other) =>
        other is not null
        && BlobPath == other.BlobPath
        && FilePath == other.FilePath
        && Length == other.Length
        && Kind == other.Kind
        && Disposition == other.Disposition
        && Blocks.SequenceEqual(other.Blocks)
        && PageRanges.SequenceEqual(other.PageRanges)
        && Metadata == other.Metadata
        && Properties == other.Properties
        && ClientData == other.ClientData
        && Snapshot == other.Snapshot;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(BlobPath, FilePath, Length, Kind, Blocks.Count, PageRanges.Count, Snapshot);
}
