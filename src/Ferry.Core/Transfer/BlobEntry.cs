using Ferry.Core.Drives;

namespace Ferry.Core.Transfer;

/// <summary>Builds the copy-log entry of one imported blob (docs/formats.md §3).</summary>
internal sealed class BlobEntry(ManifestBlob blob, string disposition)
{
    private string _blobPath = blob.BlobPath;
    private string? _dispositionStatus;

    /// <summary>The blob's length in the manifest.</summary>
    public long Length => blob.Length;

    public CopyLogFileStatus? Metadata { get; set; }

    public CopyLogFileStatus? Properties { get; set; }

    /// <summary>The manifest's ranges (blocks or page ranges) in order, as (offset, length, id, hash).</summary>
    public IReadOnlyList<CopyLogRange> Ranges(string status) => blob.Kind == BlobKind.PageBlob
        ? [.. blob.PageRanges.Select(r => new CopyLogRange(r.Offset, r.Length, null, r.Hash, status))]
        : [.. blob.Blocks.Select(b => new CopyLogRange(b.Offset, b.Length, b.Id, b.Hash, status))];

    public void Decided(ImportDecision decision)
    {
        _dispositionStatus = decision.DispositionStatus;
        var slash = blob.BlobPath.IndexOf('/', StringComparison.Ordinal);
        _blobPath = blob.BlobPath[..(slash + 1)] + decision.Target;
    }

    /// <summary>The blob failed before any data was written: every component is cancelled.</summary>
    public CopyLogBlob Failed(string status) => Build(status, Ranges(CopyLogStatus.Cancelled), _dispositionStatus is null ? null : CopyLogStatus.Cancelled, Cancelled(Metadata), Cancelled(Properties));

    /// <summary>The target existed and the disposition is no-overwrite.</summary>
    public CopyLogBlob Skipped() => Build(CopyLogStatus.Completed, [], _dispositionStatus, null, null);

    /// <summary>The blob was processed; <paramref name="ranges"/> carry each range's outcome.</summary>
    public CopyLogBlob Done(string status, IReadOnlyList<CopyLogRange> ranges, bool cancelled)
    {
        var failedFiles = Metadata is { Status: not CopyLogStatus.Completed } || Properties is { Status: not CopyLogStatus.Completed };
        var blobStatus = status == CopyLogStatus.Completed && failedFiles ? CopyLogStatus.CompletedWithErrors : status;
        return cancelled
            ? Build(blobStatus, ranges, CopyLogStatus.Cancelled, Cancelled(Metadata), Cancelled(Properties))
            : Build(blobStatus, ranges, _dispositionStatus, Metadata, Properties);
    }

    private static CopyLogFileStatus? Cancelled(CopyLogFileStatus? file) =>
        file is null ? null : file.Status == CopyLogStatus.Completed ? file with { Status = CopyLogStatus.Cancelled } : file;

    private CopyLogBlob Build(string status, IReadOnlyList<CopyLogRange> ranges, string? dispositionStatus, CopyLogFileStatus? metadata, CopyLogFileStatus? properties) =>
        new(status, _blobPath, blob.FilePath, blob.Length, null, null, dispositionStatus is null ? null : disposition, dispositionStatus, blob.Kind, ranges, metadata, properties);
}
