namespace Ferry.Core.Drives;

/// <summary>A blob list <c>BlobPath</c> (docs/formats.md §1.2): one blob, with or without its snapshots, or one snapshot.</summary>
/// <param name="Path">The blob as <c>container/name</c> (<c>$root/name</c> for the root container), no leading <c>/</c>.</param>
/// <param name="IncludeSnapshots">
/// <c>@IncludeSnapshots</c>: true (the default) exports the blob and all its snapshots, false the blob only. Always false
/// when <paramref name="SnapshotTime"/> is set.
/// </param>
/// <param name="SnapshotTime"><c>@SnapshotTime</c>: export only that snapshot; null for the base blob.</param>
public sealed record BlobListPath(string Path, bool IncludeSnapshots, DateTimeOffset? SnapshotTime);
