using Ferry.Core.Drives;

namespace Ferry.Core.Transfer;

/// <summary>One blob (or snapshot) an export selected, as listed.</summary>
/// <param name="Container">Container name (<c>$root</c> for the root container).</param>
/// <param name="Name">Blob name.</param>
/// <param name="Snapshot">The snapshot's time, or null for the base blob.</param>
/// <param name="SnapshotId">The snapshot's id as the blob service spells it, or null.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="Kind">Page blobs are exported as page ranges; block and append blobs as blocks.</param>
/// <param name="ETag">The listed ETag: a blob that changes while it is exported is reported, not half-copied.</param>
public sealed record ExportBlob(string Container, string Name, DateTimeOffset? Snapshot, string? SnapshotId, long Length, BlobKind Kind, string ETag)
{
    /// <summary><c>container/name</c>.</summary>
    public string BlobPath => Container + "/" + Name;
}
