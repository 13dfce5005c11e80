namespace Ferry.Core.Drives;

/// <summary>One blob to repair: its log entry, its manifest entry, and the blocks or ranges to send again.</summary>
/// <param name="Log">The copy log's entry; its <see cref="CopyLogBlob.BlobPath"/> is the blob to write (after a rename, the new name).</param>
/// <param name="Manifest">The manifest's entry for the same file; null when the manifest has none (see <paramref name="Problem"/>).</param>
/// <param name="List">The manifest blob list holding <paramref name="Manifest"/> (its metadata and properties apply when the blob has none).</param>
/// <param name="Blocks">Block blob: the manifest blocks that failed (all of them when the whole blob failed).</param>
/// <param name="Ranges">Page blob: the manifest page ranges that failed (all of them when the whole blob failed).</param>
/// <param name="Problem">Why the blob cannot be repaired from the manifest; null when it can.</param>
internal sealed record RepairItem(
    CopyLogBlob Log, ManifestBlob? Manifest, ManifestBlobList? List, IReadOnlyList<ManifestBlock> Blocks, IReadOnlyList<ManifestPageRange> Ranges, string? Problem)
{
    /// <summary>Offsets, lengths and MD5s of what is sent, whatever the blob type.</summary>
    public IEnumerable<(long Offset, long Length, string Hash)> Parts =>
        Blocks.Select(b => (b.Offset, b.Length, b.Hash)).Concat(Ranges.Select(r => (r.Offset, r.Length, r.Hash)));
}

/// <summary>
/// Chooses what a repair sends, from a copy log and the drive's manifest: for every blob of the log that failed, the blocks
/// or page ranges whose status is not Completed or Committed (docs/formats.md §3.3: Corrupted, FileUnexpectedEnd, Uncommitted,
/// BlobRequestFailed, Cancelled…), or every block or range of the manifest when the blob failed as a whole (a blob status
/// such as FileNotFound with no range listed). Blobs skipped by no-overwrite and blobs that completed are left alone.
/// </summary>
internal static class RepairPlanner
{
    public static IReadOnlyList<RepairItem> Plan(CopyLog log, DriveManifest manifest)
    {
        var byFile = manifest.BlobLists
            .SelectMany(l => l.Blobs.Select(b => (List: l, Blob: b)))
            .ToLookup(p => Normalize(p.Blob.FilePath), StringComparer.OrdinalIgnoreCase);
        var items = new List<RepairItem>();
        foreach (var blob in log.Blobs)
        {
            if (blob.DispositionStatus == CopyLogStatus.Skipped)
            {
                continue;
            }

            var failing = blob.Ranges.Where(r => CopyLogStatusSets.RangeFailed(r.Status)).ToList();
            var filesFailed = (blob.Metadata is { } m && CopyLogStatusSets.FileFailed(m.Status)) || (blob.Properties is { } p && CopyLogStatusSets.FileFailed(p.Status));
            if (blob.Status == CopyLogStatus.Completed && failing.Count == 0)
            {
                if (filesFailed)
                {
                    items.Add(Unrepairable(blob, "only its metadata or properties failed; set them on the blob (this repair sends data only)."));
                }

                continue;
            }

            var candidates = byFile[Normalize(blob.FilePath)].ToList();
            if (candidates.Count == 0)
            {
                items.Add(Unrepairable(blob, $"the manifest has no file {blob.FilePath}."));
                continue;
            }

            var (list, entry) = candidates.Count == 1 ? candidates[0] : candidates.FirstOrDefault(c => c.Blob.BlobPath == blob.BlobPath, candidates[0]);
            if (entry.Kind != blob.Kind)
            {
                items.Add(Unrepairable(blob, $"the log has a {blob.Kind} but the manifest a {entry.Kind}."));
                continue;
            }

            items.Add(Choose(blob, list, entry, failing));
        }

        return items;
    }

    private static RepairItem Choose(CopyLogBlob log, ManifestBlobList list, ManifestBlob entry, List<CopyLogRange> failing)
    {
        var whole = failing.Count == 0;
        if (entry.Kind == BlobKind.PageBlob)
        {
            var byOffset = entry.PageRanges.ToDictionary(r => r.Offset);
            var ranges = whole ? entry.PageRanges : [.. failing.Select(r => byOffset.GetValueOrDefault(r.Offset)).OfType<ManifestPageRange>()];
            return ranges.Count == failing.Count || whole
                ? new RepairItem(log, entry, list, [], ranges, null)
                : Unrepairable(log, "the log names page ranges the manifest does not have.");
        }

        var blocks = entry.Blocks.ToDictionary(b => b.Offset);
        var chosen = whole ? entry.Blocks : [.. failing.Select(r => blocks.GetValueOrDefault(r.Offset)).OfType<ManifestBlock>()];
        return chosen.Count == failing.Count || whole
            ? new RepairItem(log, entry, list, chosen, [], null)
            : Unrepairable(log, "the log names blocks the manifest does not have.");
    }

    private static RepairItem Unrepairable(CopyLogBlob log, string problem) => new(log, null, null, [], [], problem);

    /// <summary>A drive path without its leading separator and with <c>\</c> separators.</summary>
    internal static string Normalize(string drivePath) => drivePath.Replace('/', '\\').TrimStart('\\');
}
