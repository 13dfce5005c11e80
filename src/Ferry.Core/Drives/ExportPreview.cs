namespace Ferry.Core.Drives;

/// <summary>What an export needs, as <c>ferry drive preview-export</c> (the tool's PreviewExport) shows it.</summary>
/// <param name="BlobCount">Blobs (and snapshots) selected, exportable or not.</param>
/// <param name="TotalBytes">Their total length in bytes.</param>
/// <param name="DrivesNeeded">Drives of the given size the exportable blobs fill; 0 when nothing is exportable.</param>
/// <param name="PerDrive">For each drive in order: how many blobs and how many bytes of blob data it receives.</param>
/// <param name="NotExportable">Blobs larger than one drive can take; they are in neither <paramref name="DrivesNeeded"/> nor <paramref name="PerDrive"/>.</param>
public sealed record ExportPreview(int BlobCount, long TotalBytes, int DrivesNeeded, IReadOnlyList<(int Blobs, long Bytes)> PerDrive, int NotExportable)
{
    /// <inheritdoc />
    public bool Equals(ExportPreview? other) =>
        other is not null && BlobCount == other.BlobCount && TotalBytes == other.TotalBytes && DrivesNeeded == other.DrivesNeeded
        && NotExportable == other.NotExportable && PerDrive.SequenceEqual(other.PerDrive);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(BlobCount, TotalBytes, DrivesNeeded, NotExportable);
}
