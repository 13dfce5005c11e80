using System.Buffers;

namespace Ferry.Core.Drives;

/// <summary>
/// The rules of docs/formats.md §2 on a <see cref="DriveManifest"/> model. The reader applies them to what it parsed, the writer
/// to what it is asked to write, so whatever is written reads back.
/// </summary>
internal static class ManifestRules
{
    /// <summary>Page size: page blob lengths and page range offsets and lengths are multiples of it.</summary>
    public const long PageSize = 512;

    /// <summary>Largest page range (docs/formats.md §2).</summary>
    public const long MaxPageRangeLength = 4L * 1024 * 1024;

    /// <summary>Largest decoded block id (Put Block).</summary>
    public const int MaxBlockIdBytes = 64;

    /// <summary>Longest drive id (the job's rule).</summary>
    public const int MaxDriveIdLength = 128;

    /// <summary>Longest drive path a document may hold; longer ones are refused per file by <see cref="DrivePaths"/>.</summary>
    public const int MaxDrivePathLength = 32_767;

    private static readonly SearchValues<char> _base64 = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    /// <summary>The first broken top-level rule (version, drive id, credentials, lists), then the first broken blob rule; null when none.</summary>
    public static string? Check(DriveManifest manifest, ManifestLimits limits)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return CheckTop(manifest, limits)
            ?? manifest.BlobLists.Select(l => CheckBlobList(l, limits)).FirstOrDefault(p => p is not null)
            ?? manifest.BlobLists.SelectMany(l => l.Blobs).Select(b => CheckBlob(b, limits)).FirstOrDefault(p => p is not null);
    }

    /// <summary>Version, drive id, credentials, creator and the number of lists and blobs; not the blobs themselves.</summary>
    public static string? CheckTop(DriveManifest manifest, ManifestLimits limits)
    {
        if (manifest.Version is not (DriveManifest.CurrentVersion or DriveManifest.LegacyVersion))
        {
            return $"The manifest version must be {DriveManifest.CurrentVersion} or {DriveManifest.LegacyVersion}, not '{XmlCursor.Shown(manifest.Version ?? string.Empty)}'.";
        }

        if (string.IsNullOrWhiteSpace(manifest.DriveId) || manifest.DriveId.Length > MaxDriveIdLength)
        {
            return $"<DriveId> must hold 1 to {MaxDriveIdLength} characters.";
        }

        if (manifest.StorageAccountKey is not null && manifest.ContainerSas is not null)
        {
            return "<Drive> may hold <StorageAccountKey> or <ContainerSas>, not both.";
        }

        if (TooLong(manifest.StorageAccountKey, limits) || TooLong(manifest.ContainerSas, limits) || TooLong(manifest.ClientCreator, limits))
        {
            return $"<StorageAccountKey>, <ContainerSas> and <ClientCreator> may hold at most {limits.MaxTextLength} characters.";
        }

        if (manifest.BlobLists is not { Count: > 0 } || manifest.BlobLists.Any(l => l.Blobs is not { Count: > 0 }))
        {
            return "<Drive> must hold at least one <BlobList>, and every <BlobList> at least one <Blob>.";
        }

        var blobs = manifest.BlobLists.Sum(l => (long)l.Blobs.Count);
        return blobs > limits.MaxBlobs ? $"The manifest lists more than {limits.MaxBlobs} blobs." : null;
    }

    /// <summary>A blob list's id and global files; not its blobs.</summary>
    public static string? CheckBlobList(ManifestBlobList list, ManifestLimits limits) =>
        TooLong(list.Id, limits) ? $"<BlobList> has an Id longer than {limits.MaxTextLength} characters."
        : CheckFileRef(list.Metadata, "<BlobList> <MetadataPath>") ?? CheckFileRef(list.Properties, "<BlobList> <PropertiesPath>");

    /// <summary>One blob: paths, length, kind, disposition, blocks or page ranges, files.</summary>
    public static string? CheckBlob(ManifestBlob blob, ManifestLimits limits)
    {
        if (!IsBlobPath(blob.BlobPath, limits.MaxBlobPathLength))
        {
            return $"<BlobPath> '{XmlCursor.Shown(blob.BlobPath ?? string.Empty)}' must be container/name, at most {limits.MaxBlobPathLength} characters.";
        }

        var where = $"Blob '{XmlCursor.Shown(blob.BlobPath)}'";
        if (blob.FilePath is null || blob.FilePath.Length > MaxDrivePathLength)
        {
            return $"{where}: <FilePath> must hold at most {MaxDrivePathLength} characters.";
        }

        if (blob.Length < 0)
        {
            return $"{where}: <Length> cannot be negative.";
        }

        if (TooLong(blob.ClientData, limits))
        {
            return $"{where}: <ClientData> may hold at most {limits.MaxTextLength} characters.";
        }

        if (blob.Disposition is { } d && !Enum.IsDefined(d))
        {
            return $"{where}: the import disposition {d} is not defined.";
        }

        if (blob.Blocks is null || blob.PageRanges is null)
        {
            return $"{where}: the block and page range lists cannot be null.";
        }

        return (blob.Kind switch
        {
            BlobKind.BlockBlob => blob.PageRanges.Count > 0 ? "a block blob has no page ranges." : CheckBlocks(blob, limits),
            BlobKind.PageBlob => blob.Blocks.Count > 0 ? "a page blob has no blocks." : CheckPageRanges(blob, limits),
            _ => $"the blob kind {blob.Kind} is not defined.",
        } is { } problem ? $"{where}: {problem}" : null)
            ?? CheckFileRef(blob.Metadata, $"{where}: <MetadataPath>")
            ?? CheckFileRef(blob.Properties, $"{where}: <PropertiesPath>");
    }

    /// <summary>True for <c>container/name</c>: a non-empty container, <c>/</c>, a non-empty name, within <paramref name="maxLength"/>.</summary>
    public static bool IsBlobPath(string? path, int maxLength)
    {
        if (path is null || path.Length > maxLength)
        {
            return false;
        }

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < path.Length - 1;
    }

    private static string? CheckBlocks(ManifestBlob blob, ManifestLimits limits)
    {
        var blocks = blob.Blocks;
        if (blocks.Count > limits.MaxBlocksPerBlob)
        {
            return $"more than {limits.MaxBlocksPerBlob} blocks.";
        }

        if (blob.Length == 0)
        {
            return blocks.Count == 0 ? null : "a blob of length 0 has no blocks.";
        }

        if (blocks.Count == 0)
        {
            return $"<BlockList> must cover the blob's {blob.Length} bytes.";
        }

        var withIds = blocks.Count(b => b.Id is not null);
        if (withIds != 0 && withIds != blocks.Count)
        {
            return "block ids must be given for all blocks or for none.";
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        long expected = 0;
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            if (block.Offset != expected)
            {
                return $"block {i} starts at offset {block.Offset}, but blocks must be ordered and contiguous from 0 (expected {expected}).";
            }

            if (block.Length < 1 || block.Length > limits.MaxBlockLength)
            {
                return $"block {i} at offset {block.Offset} has length {block.Length}; a block holds 1 to {limits.MaxBlockLength} bytes.";
            }

            if (block.Length > blob.Length - expected)
            {
                return $"block {i} at offset {block.Offset} ends after the blob's length {blob.Length}.";
            }

            if (!DriveXml.IsMd5Hex(block.Hash))
            {
                return $"block {i} at offset {block.Offset} needs a Hash of 32 hex digits.";
            }

            if (block.Id is not null && CheckBlockId(block.Id, blocks[0].Id!, ids) is { } idProblem)
            {
                return $"block {i} at offset {block.Offset}: {idProblem}";
            }

            expected += block.Length;
        }

        return expected == blob.Length ? null : $"the blocks cover {expected} bytes, not the blob's length {blob.Length}.";
    }

    private static string? CheckBlockId(string id, string firstId, HashSet<string> seen)
    {
        // Base64 characters only: the decoder alone would also accept spaces.
        var bytes = new byte[id.Length];
        if (id.Length == 0 || id.AsSpan().ContainsAnyExcept(_base64) || !Convert.TryFromBase64String(id, bytes, out var decoded) || decoded > MaxBlockIdBytes)
        {
            return $"the block id must be Base64 of 1 to {MaxBlockIdBytes} bytes.";
        }

        if (id.Length != firstId.Length)
        {
            return "every block id of a blob must have the same length.";
        }

        return seen.Add(id) ? null : "the block id is used twice.";
    }

    private static string? CheckPageRanges(ManifestBlob blob, ManifestLimits limits)
    {
        if (blob.Length % PageSize != 0)
        {
            return $"a page blob's length must be a multiple of {PageSize}, not {blob.Length}.";
        }

        var ranges = blob.PageRanges;
        if (ranges.Count > limits.MaxPageRangesPerBlob)
        {
            return $"more than {limits.MaxPageRangesPerBlob} page ranges.";
        }

        long end = 0;
        for (var i = 0; i < ranges.Count; i++)
        {
            var range = ranges[i];
            if (range.Offset < 0 || range.Offset % PageSize != 0 || range.Length < PageSize || range.Length % PageSize != 0 || range.Length > MaxPageRangeLength)
            {
                return $"page range {i} ({range.Offset}, {range.Length}): offset and length must be multiples of {PageSize}, the length {PageSize} to {MaxPageRangeLength}.";
            }

            if (range.Offset < end)
            {
                return $"page range {i} at offset {range.Offset} overlaps or precedes the previous one; ranges are ordered and do not overlap.";
            }

            if (range.Offset > blob.Length - range.Length)
            {
                return $"page range {i} at offset {range.Offset} ends after the blob's length {blob.Length}.";
            }

            if (!DriveXml.IsMd5Hex(range.Hash))
            {
                return $"page range {i} at offset {range.Offset} needs a Hash of 32 hex digits.";
            }

            end = range.Offset + range.Length;
        }

        return null;
    }

    private static string? CheckFileRef(ManifestFileRef? file, string what) =>
        file is null ? null
        : file.Path is null || file.Path.Length > MaxDrivePathLength ? $"{what} must hold at most {MaxDrivePathLength} characters."
        : DriveXml.IsMd5Hex(file.Hash) ? null
        : $"{what} needs a Hash of 32 hex digits.";

    private static bool TooLong(string? text, ManifestLimits limits) => text is not null && text.Length > limits.MaxTextLength;
}
