namespace Ferry.Core.Drives;

/// <summary>
/// The rules of docs/formats.md §3 on a <see cref="CopyLog"/> model: statuses from the right set of §3.3, paths and numbers in
/// range. The reader applies them to what it parsed, the writers to what they are asked to write.
/// </summary>
internal static class CopyLogRules
{
    /// <summary>The first broken rule of the log; null when none.</summary>
    public static string? Check(CopyLog log, ManifestLimits limits)
    {
        ArgumentNullException.ThrowIfNull(log);
        return CheckTop(log.DriveId, log.Status)
            ?? (log.Blobs is null ? "The blob list cannot be null."
                : log.Blobs.Count > limits.MaxBlobs ? $"The log lists more than {limits.MaxBlobs} blobs."
                : log.Blobs.Select(b => CheckBlob(b, limits)).FirstOrDefault(p => p is not null));
    }

    /// <summary>The drive id (1 to 128 characters) and the drive status.</summary>
    public static string? CheckTop(string? driveId, string? status) =>
        string.IsNullOrWhiteSpace(driveId) || driveId.Length > ManifestRules.MaxDriveIdLength ? $"<DriveId> must hold 1 to {ManifestRules.MaxDriveIdLength} characters."
        : status is null || !CopyLogStatusSets.Drive.Contains(status) ? $"The drive <Status> '{XmlCursor.Shown(status ?? string.Empty)}' is not a drive status of docs/formats.md §3.3."
        : null;

    /// <summary>One blob: status, paths, length, disposition, ranges and files.</summary>
    public static string? CheckBlob(CopyLogBlob blob, ManifestLimits limits)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (!ManifestRules.IsBlobPath(blob.BlobPath, limits.MaxBlobPathLength))
        {
            return $"<BlobPath> '{XmlCursor.Shown(blob.BlobPath ?? string.Empty)}' must be container/name, at most {limits.MaxBlobPathLength} characters.";
        }

        var where = $"Blob '{XmlCursor.Shown(blob.BlobPath)}'";
        if (blob.Status is null || !CopyLogStatusSets.Blob.Contains(blob.Status))
        {
            return $"{where}: '{XmlCursor.Shown(blob.Status ?? string.Empty)}' is not a blob status of docs/formats.md §3.3.";
        }

        if (blob.FilePath is null || blob.FilePath.Length > ManifestRules.MaxDrivePathLength)
        {
            return $"{where}: <FilePath> must hold at most {ManifestRules.MaxDrivePathLength} characters.";
        }

        if (blob.Length < 0)
        {
            return $"{where}: <Length> cannot be negative.";
        }

        if ((blob.Disposition is null) != (blob.DispositionStatus is null))
        {
            return $"{where}: an import disposition and its status come together.";
        }

        if (blob.Disposition is not null && (!ImportDispositions.TryParse(blob.Disposition, out _) || !CopyLogStatusSets.Disposition.Contains(blob.DispositionStatus!)))
        {
            return $"{where}: <ImportDisposition> must be rename, no-overwrite or overwrite with a disposition status of docs/formats.md §3.3.";
        }

        if (blob.Kind is not (BlobKind.BlockBlob or BlobKind.PageBlob) || blob.Ranges is null)
        {
            return $"{where}: a blob needs a defined kind and a range list.";
        }

        var max = blob.Kind == BlobKind.PageBlob ? limits.MaxPageRangesPerBlob : limits.MaxBlocksPerBlob;
        if (blob.Ranges.Count > max)
        {
            return $"{where}: more than {max} ranges.";
        }

        return blob.Ranges.Select((r, i) => CheckRange(r, i, blob.Kind, limits)).FirstOrDefault(p => p is not null) is { } problem ? $"{where}: {problem}"
            : CheckFile(blob.Metadata, "<Metadata>") is { } metadata ? $"{where}: {metadata}"
            : CheckFile(blob.Properties, "<Properties>") is { } properties ? $"{where}: {properties}"
            : null;
    }

    private static string? CheckRange(CopyLogRange range, int index, BlobKind kind, ManifestLimits limits) =>
        range is null ? $"range {index} is null."
        : range.Offset < 0 || range.Length < 0 ? $"range {index} has a negative offset or length."
        : range.Status is null || !CopyLogStatusSets.Range.Contains(range.Status) ? $"range {index}: '{XmlCursor.Shown(range.Status ?? string.Empty)}' is not a range status of docs/formats.md §3.3."
        : range.Hash is not null && !DriveXml.IsMd5Hex(range.Hash) ? $"range {index} has a Hash that is not 32 hex digits."
        : range.Id is not null && (kind == BlobKind.PageBlob || range.Id.Length is 0 || range.Id.Length > limits.MaxTextLength) ? $"range {index} has an Id a page range cannot have, or an empty or over-long one."
        : null;

    private static string? CheckFile(CopyLogFileStatus? file, string what) =>
        file is null ? null
        : file.Status is null || !CopyLogStatusSets.File.Contains(file.Status) ? $"{what} '{XmlCursor.Shown(file.Status ?? string.Empty)}' is not a metadata or properties status of docs/formats.md §3.3."
        : file.GlobalPath?.Length > ManifestRules.MaxDrivePathLength || file.Path?.Length > ManifestRules.MaxDrivePathLength ? $"{what} holds a path over {ManifestRules.MaxDrivePathLength} characters."
        : (file.GlobalHash is not null && !DriveXml.IsMd5Hex(file.GlobalHash)) || (file.Hash is not null && !DriveXml.IsMd5Hex(file.Hash)) ? $"{what} has a Hash that is not 32 hex digits."
        : (file.GlobalPath is null && file.GlobalHash is not null) || (file.Path is null && file.Hash is not null) ? $"{what} has a Hash without its path."
        : null;
}
