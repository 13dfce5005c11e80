namespace Ferry.Core.Jobs;

/// <summary>
/// What an export job exports: either inline blob paths and prefixes, or the path of a blob holding an XML blob
/// list. Exactly one of the two forms is set.
/// </summary>
public sealed record ExportSelection(
    IReadOnlyList<string> BlobPaths,
    IReadOnlyList<string> BlobPathPrefixes,
    string? BlobListBlobPath)
{
    /// <summary>True when the selection is a reference to a blob-list blob.</summary>
    public bool UsesBlobListBlob => BlobListBlobPath is not null;

    /// <inheritdoc />
    public bool Equals(ExportSelection? other) =>
        other is not null
        && BlobListBlobPath == other.BlobListBlobPath
        && BlobPaths.SequenceEqual(other.BlobPaths)
        && BlobPathPrefixes.SequenceEqual(other.BlobPathPrefixes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(BlobListBlobPath, BlobPaths.Count, BlobPathPrefixes.Count);
}
