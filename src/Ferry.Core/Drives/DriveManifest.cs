namespace Ferry.Core.Drives;

/// <summary>A drive manifest (docs/formats.md §2): what a drive holds and where each file goes.</summary>
/// <param name="Version">The <c>@Version</c>: <see cref="CurrentVersion"/> or the older <see cref="LegacyVersion"/>.</param>
/// <param name="DriveId">The drive's serial number, 1 to 128 characters; the engine compares it with the job's drive id.</param>
/// <param name="StorageAccountKey">Import: the account key the tool recorded; null when absent. A secret.</param>
/// <param name="ContainerSas">Import: the container SAS the tool recorded; null when absent. A secret. At most one of the two is set.</param>
/// <param name="ClientCreator">Free text naming the writer, not interpreted; null when absent.</param>
/// <param name="BlobLists">The blob lists, at least one.</param>
/// <remarks>Equality compares <paramref name="BlobLists"/> element by element. <see cref="ToString"/> never prints the secrets.</remarks>
public sealed record DriveManifest(
    string Version,
    string DriveId,
    string? StorageAccountKey,
    string? ContainerSas,
    string? ClientCreator,
    IReadOnlyList<ManifestBlobList> BlobLists)
{
    /// <summary>The manifest version Ferry writes.</summary>
    public const string CurrentVersion = "2014-11-01";

    /// <summary>The older manifest version, still accepted on read.</summary>
    public const string LegacyVersion = "2011-10-01";

    /// <summary>Every blob of every blob list, in document order.</summary>
    public IEnumerable<ManifestBlob> AllBlobs => BlobLists.SelectMany(l => l.Blobs);

    /// <inheritdoc />
    public bool Equals(DriveManifest? other) =>
        other is not null
        && Version == other.Version
        && DriveId == other.DriveId
        && StorageAccountKey == other.StorageAccountKey
        && ContainerSas == other.ContainerSas
        && ClientCreator == other.ClientCreator
        && BlobLists.SequenceEqual(other.BlobLists);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Version, DriveId, BlobLists.Count);

    /// <summary>Version, drive id, which credential is present and the list sizes; never the credential itself.</summary>
    public override string ToString()
    {
        var credential = StorageAccountKey is not null ? "StorageAccountKey" : ContainerSas is not null ? "ContainerSas" : "none";
        return $"DriveManifest {{ Version = {Version}, DriveId = {DriveId}, Credential = {credential}, BlobLists = {BlobLists.Count}, Blobs = {BlobLists.Sum(l => l.Blobs.Count)} }}";
    }
}
