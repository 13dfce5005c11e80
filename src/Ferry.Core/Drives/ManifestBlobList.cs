namespace Ferry.Core.Drives;

/// <summary>A manifest <c>BlobList</c>: blobs sharing optional "global" metadata and properties files.</summary>
/// <param name="Id">The list's <c>@Id</c> (the v2 tool writes e.g. <c>session#1-0</c>); null when absent.</param>
/// <param name="Metadata">Metadata file applying to every blob of the list that has none of its own; null when none.</param>
/// <param name="Properties">Properties file applying to every blob of the list that has none of its own; null when none.</param>
/// <param name="Blobs">The blobs, at least one.</param>
/// <remarks>Equality compares <paramref name="Blobs"/> element by element.</remarks>
public sealed record ManifestBlobList(string? Id, ManifestFileRef? Metadata, ManifestFileRef? Properties, IReadOnlyList<ManifestBlob> Blobs)
{
    /// <inheritdoc />
    public bool Equals(ManifestBlobList? other) =>
        other is not null
        && Id == other.Id
        && Metadata == other.Metadata
        && Properties == other.Properties
        && Blobs.SequenceEqual(other.Blobs);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Metadata, Properties, Blobs.Count);
}
