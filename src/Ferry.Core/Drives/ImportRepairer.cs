using Azure;

namespace Ferry.Core.Drives;

/// <summary>
/// Repairs an import over the network after its job, as the WAImportExport tool's RepairImport does: for every blob the
/// copy log shows as failed, finds the original file, checks each failing block or page range against the manifest's MD5,
/// and sends it again. A block blob is then committed with the manifest's full block list (blocks the service staged but
/// did not commit, and blocks already committed, are reused; any the service no longer holds are sent too); a page blob gets
/// its failing ranges written again. Running a repair twice is harmless.
/// </summary>
public sealed partial class ImportRepairer
{
    /// <summary>Candidate files are told apart by hashing at most this many of the parts to send.</summary>
    private const int SampledParts = 3;

    /// <summary>
    /// Repairs the blobs of <see cref="RepairRequest.CopyLogFile"/>. Nothing is created but blobs: the containers must exist.
    /// </summary>
    /// <param name="request">The copy log, manifest, source directories, path map and container clients.</param>
    /// <param name="progress">Told after every part sent and every blob finished; called on the repairer's thread.</param>
    /// <param name="cancellationToken">Stops between parts; a stopped repair can simply be run again.</param>
    /// <returns>Every blob that needed a repair with its <see cref="RepairOutcome"/>; a Blob service failure on one blob is reported and the next blob is tried.</returns>
    /// <exception cref="DrivePreparationException">The copy log, manifest or path map cannot be read, or the log and the manifest name different drives.</exception>
    /// <exception cref="IOException">Reading a source file failed.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "A service callers hold and pass around, like DrivePreparer.")]
    public async Task<RepairReport> RepairAsync(RepairRequest request, IProgress<RepairProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var log = Read(request.CopyLogFile, "copy log", (Stream s, out CopyLog? l, out DriveFormatProblem? p) => CopyLogXml.TryRead(s, ManifestLimits.Default, out l, out p));
        var manifest = Read(request.ManifestFile, "manifest", (Stream s, out DriveManifest? m, out DriveFormatProblem? p) => DriveManifestXml.TryRead(s, ManifestLimits.Default, out m, out p));
        if (!string.Equals(log.DriveId, manifest.DriveId, StringComparison.OrdinalIgnoreCase))
        {
            throw new DrivePreparationException($"The copy log is of drive {log.DriveId} but the manifest of drive {manifest.DriveId}.");
        }

        var finder = new RepairFileFinder(request.SourceDirectories, request.PathMapFile is { } map ? RepairFileFinder.ReadPathMap(map) : new Dictionary<string, string>());
        var items = RepairPlanner.Plan(log, manifest);
        var totals = new RepairTotals(items.Count, items.Sum(i => i.Parts.Sum(p => p.Length)), progress);
        var buffer = GC.AllocateUninitializedArray<byte>(DrivePreparer.MaxBlockSize);
        var results = new List<RepairedBlob>(items.Count);
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            totals.Current = item.Log.BlobPath;
            results.Add(await RepairOneAsync(request, finder, item, buffer, totals, cancellationToken));
            totals.Blobs++;
            totals.Report();
        }

        totals.Current = null;
        totals.Report();
        return new RepairReport(results);
    }

    private delegate bool TryReader<T>(Stream stream, out T? value, out DriveFormatProblem? problem);

    private static T Read<T>(string path, string what, TryReader<T> read)
        where T : class
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return read(stream, out var value, out var problem) && value is not null
                ? value
                : throw new DrivePreparationException($"The {what} '{path}' is not valid: {problem?.Message}");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new DrivePreparationException($"The {what} '{path}' cannot be read: {e.Message}", e);
        }
    }

    private static async Task<RepairedBlob> RepairOneAsync(RepairRequest request, RepairFileFinder finder, RepairItem item, byte[] buffer, RepairTotals totals, CancellationToken cancellationToken)
    {
        RepairedBlob Result(RepairOutcome outcome, int sent, string? file, string reason) => new(item.Log.BlobPath, item.Log.FilePath, outcome, sent, file, reason);

        if (item.Problem is not null || item.Manifest is not { } manifest)
        {
            return Result(RepairOutcome.Failed, 0, null, item.Problem ?? "not in the manifest.");
        }

        var parts = item.Parts.ToList();
        var sample = parts.Count <= SampledParts ? parts : [parts[0], parts[parts.Count / 2], parts[^1]];
        var found = finder.Find(manifest.FilePath, manifest.Length, path => Matches(path, sample, buffer));
        if (found.Path is null)
        {
            return Result(RepairOutcome.NotFound, 0, null, found.Reason);
        }

        var slash = item.Log.BlobPath.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return Result(RepairOutcome.Failed, 0, found.Path, $"'{item.Log.BlobPath}' is not container/name.");
        }

        var container = request.ContainerClient(item.Log.BlobPath[..slash]);
        var name = item.Log.BlobPath[(slash + 1)..];
        var sent = new SentCounter();
        try
        {
            var outcome = manifest.Kind == BlobKind.PageBlob
                ? await RepairPagesAsync(container, name, item, found.Path, finder, buffer, totals, sent, cancellationToken)
                : await RepairBlocksAsync(container, name, item, found.Path, finder, buffer, totals, sent, cancellationToken);
            return Result(outcome.Outcome, sent.Parts, found.Path, string.Join(' ', new[] { found.Reason + ".", outcome.Note }.Where(s => s.Length > 1)));
        }
        catch (RequestFailedException e)
        {
            return Result(RepairOutcome.Failed, sent.Parts, found.Path, $"the Blob service answered {e.Status} {e.ErrorCode}.");
        }
    }

    /// <summary>True when each sampled part of the file hashes to the manifest's MD5.</summary>
    private static bool Matches(string path, IReadOnlyList<(long Offset, long Length, string Hash)> sample, byte[] buffer)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(handle);
        foreach (var (offset, size, hash) in sample)
        {
            if (offset + size > length)
            {
                return false;
            }

            var span = buffer.AsSpan(0, (int)size);
            var read = 0;
            while (read < span.Length)
            {
                var n = RandomAccess.Read(handle, span[read..], offset + read);
                if (n == 0)
                {
                    return false;
                }

                read += n;
            }

            if (!string.Equals(Md5Hex.Of(span), hash, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class SentCounter
    {
        public int Parts { get; set; }
    }

    /// <summary>Counts for progress reports.</summary>
    private sealed class RepairTotals(int blobsTotal, long bytesTotal, IProgress<RepairProgress>? progress)
    {
        public int Blobs { get; set; }

        public long Bytes { get; set; }

        public string? Current { get; set; }

        public void Report() => progress?.Report(new RepairProgress(Blobs, blobsTotal, Bytes, bytesTotal, Current));
    }
}
