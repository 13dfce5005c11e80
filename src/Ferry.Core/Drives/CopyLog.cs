namespace Ferry.Core.Drives;

/// <summary>A copy log (docs/formats.md §3): the verbose log, the error log, or a log read back for a repair.</summary>
/// <param name="DriveId">The drive's id.</param>
/// <param name="Blobs">The blobs, in order.</param>
/// <param name="Status">The drive status of docs/formats.md §3.3, which becomes the drive's final copy status.</param>
/// <remarks>Equality compares <paramref name="Blobs"/> element by element.</remarks>
public sealed record CopyLog(string DriveId, IReadOnlyList<CopyLogBlob> Blobs, string Status)
{
    /// <inheritdoc />
    public bool Equals(CopyLog? other) =>
        other is not null && DriveId == other.DriveId && Status == other.Status && Blobs.SequenceEqual(other.Blobs);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(DriveId, Status, Blobs.Count);
}
