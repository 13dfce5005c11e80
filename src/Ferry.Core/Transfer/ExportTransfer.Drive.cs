using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Ferry.Core.Drives;
using Ferry.Core.Jobs;
using CopyStatus = Ferry.Core.Jobs.CopyStatus;

namespace Ferry.Core.Transfer;

/// <summary>One export drive: its blobs, manifest, protector record, logs and C3.</summary>
internal sealed partial class ExportTransfer
{
    /// <summary>
    /// The most blocks of a block or append blob fetched by one Get Blob (docs/architecture.md §11.4): 32 MiB with the
    /// default 4 MiB blocks. A blob up to a segment costs one request, a larger one a request per segment, side by side.
    /// </summary>
    internal const int SegmentBlocks = 8;

    private async Task ExportDriveAsync(
        DiagnosticsWriter diagnostics, Drive drive, List<(TransferItem Item, ExportAssignment Assignment)> mine, IReadOnlyList<ExportBlob>? incomplete, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(drive.ContentPath!);
        var results = new ExportResult?[mine.Count];
        long done = 0;
        for (var i = 0; i < mine.Count; i++)
        {
            if (mine[i].Item.Result is { } saved)
            {
                results[i] = TransferJson.Read<ExportResult>(saved);
                done += mine[i].Item.Bytes;
            }
        }

        session.BeginDrive(drive.DriveId, done, mine.Sum(m => m.Assignment.Blob.Length));
        var pending = Enumerable.Range(0, mine.Count).Where(i => results[i] is null).ToList();
        using var saver = new CheckpointBatch(session, store, options.ProgressInterval);
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = options.BlobConcurrency, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var before = session.Bytes;
            var result = await ExportBlobAsync(root, mine[i].Assignment, token);
            results[i] = result;
            var item = mine[i].Item;
            await saver.AddAsync(new TransferItem { Ordinal = item.Ordinal, Decision = item.Decision, Result = TransferJson.Write(result), Bytes = Math.Max(0, session.Bytes - before) }, token);
            await session.TickAsync(token);
        });
        await saver.FlushAsync(cancellationToken);

        var written = results.Select(r => r!).ToList();
        var entries = written.Where(r => r.Manifest is not null).Select(r => r.Manifest!).ToList();
        string? manifestPath = null;
        string? manifestHash = null;

        // A manifest lists one blob at least (docs/formats.md §2): a drive that received none has no manifest.
        if (entries.Count > 0)
        {
            var manifest = new DriveManifest(DriveManifest.CurrentVersion, drive.DriveId, null, null, "Windows Azure Import/Export service",
                [new ManifestBlobList(null, null, null, entries)]);
            manifestPath = Path.Combine(root, ManifestFile.TrimStart('\\'));
            await using (var file = new FileStream(manifestPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                DriveManifestXml.Write(file, manifest);
            }

            await using (var file = new FileStream(manifestPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            {
                manifestHash = Convert.ToHexString(await MD5.HashDataAsync(file, cancellationToken));
            }
        }

        // The drive's BitLocker key (generated at C1) opens it: the folder drive's protector record.
        var capacity = DriveLabel.TryRead(root, out var existing, out _) ? existing.Capacity : null;
        DriveLabel.Create(drive.DriveId, secrets.Unprotect(drive.ProtectedBitLockerKey!), capacity).Write(root);

        string? incompleteUri = null;
        if (incomplete is { Count: > 0 })
        {
            var list = new BlobListDocument([.. incomplete.Select(b => new BlobListPath(b.BlobPath, b.Snapshot is null, b.Snapshot))], []);
            incompleteUri = await engine.TryAsync(() => diagnostics.WriteIncompleteListAsync(s => BlobListXml.Write(s, list), cancellationToken));
        }

        var manifestUri = job.BackupDriveManifest && manifestPath is not null
            ? await engine.TryAsync(() => diagnostics.BackUpManifestAsync(drive.DriveId, manifestPath, cancellationToken))
            : null;
        var failed = written.Any(r => r.Log.Status != CopyLogStatus.Completed);
        var status = failed ? CopyStatus.CompletedWithErrors : CopyStatus.Completed;
        var log = new CopyLog(drive.DriveId, [.. written.Select(r => r.Log)], status.ToString());
        await engine.FinishAsync(session, job, diagnostics, log, status, incomplete is { Count: > 0 }, session.Bytes, manifestUri, cancellationToken,
            manifestPath is null ? null : ManifestFile, manifestHash, incompleteUri);
    }

    private async Task<ExportResult> ExportBlobAsync(string root, ExportAssignment assignment, CancellationToken cancellationToken)
    {
        var blob = assignment.Blob;
        CopyLogBlob Failed(string status) => new(status, blob.BlobPath, assignment.FilePath!, blob.Length, blob.Snapshot, null, null, null, blob.Kind, [], null, null);

        if (DrivePaths.TryResolve(root, assignment.FilePath!, out var path) != DrivePathProblem.None)
        {
            return new ExportResult(Failed(CopyLogStatus.FileNameInvalid), null);
        }

        if (account.ContainerOrNull(blob.Container) is not { } container)
        {
            return new ExportResult(Failed(CopyLogStatus.BlobRequestForbidden), null);
        }

        var client = container.GetBlobClient(blob.Name);
        if (blob.SnapshotId is { } snapshot)
        {
            client = client.WithSnapshot(snapshot);
        }

        var conditions = new BlobRequestConditions { IfMatch = new ETag(blob.ETag) };
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            List<ManifestPageRange>? ranges;
            BlobHeaders? headers;
            if (blob.Kind == BlobKind.PageBlob || blob.Length == 0)
            {
                // A page blob's ranges come from Get Page Ranges, and an empty blob has no range to download: both
                // read their properties and metadata first, under the same ETag.
                headers = BlobHeaders.From((await client.GetPropertiesAsync(conditions, cancellationToken)).Value);
                if (blob.Kind == BlobKind.PageBlob)
                {
                    ranges = await WritePagesAsync(blob.SnapshotId is { } id ? container.GetPageBlobClient(blob.Name).WithSnapshot(id) : container.GetPageBlobClient(blob.Name), path, blob.Length, conditions, cancellationToken);
                }
                else
                {
                    (ranges, _) = await WriteBlocksAsync(client, path, blob.Length, conditions, cancellationToken);
                }
            }
            else
            {
                // A block or append blob's properties and metadata come with its first block's download (one request
                // for a small blob, not Get Blob Properties and then Get Blob), under the ETag every block is read with.
                (ranges, var first) = await WriteBlocksAsync(client, path, blob.Length, conditions, cancellationToken);
                headers = first is null ? null : BlobHeaders.From(first, blob.Length);
            }

            if (ranges is null || headers is null)
            {
                return new ExportResult(Failed(CopyLogStatus.BlobUnexpectedChange), null);
            }

            var propertiesRef = await WriteSideFileAsync(root, assignment.FilePath + ".properties", s => BlobFileXml.WriteProperties(s, headers.Properties), cancellationToken);
            var metadataRef = await WriteSideFileAsync(root, assignment.FilePath + ".metadata", s => BlobFileXml.WriteMetadata(s, headers.Metadata), cancellationToken);
            var logRanges = ranges.Select(r => new CopyLogRange(r.Offset, r.Length, null, r.Hash, CopyLogStatus.Completed)).ToList();
            var log = new CopyLogBlob(CopyLogStatus.Completed, blob.BlobPath, assignment.FilePath!, blob.Length, blob.Snapshot, headers.Properties.LastModified, null, null, blob.Kind, logRanges,
                new CopyLogFileStatus(CopyLogStatus.Completed, null, null, metadataRef.Path, metadataRef.Hash),
                new CopyLogFileStatus(CopyLogStatus.Completed, null, null, propertiesRef.Path, propertiesRef.Hash));
            var manifestBlob = new ManifestBlob(blob.BlobPath, assignment.FilePath!, blob.Length, blob.Kind, null,
                blob.Kind == BlobKind.BlockBlob ? [.. ranges.Select(r => new ManifestBlock(r.Offset, r.Length, null, r.Hash))] : [],
                blob.Kind == BlobKind.PageBlob ? [.. ranges.Select(r => new ManifestPageRange(r.Offset, r.Length, r.Hash))] : [],
                metadataRef, propertiesRef, null, blob.Snapshot);
            return new ExportResult(log, manifestBlob);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return new ExportResult(Failed(CopyLogStatus.BlobUnexpectedChange), null);
        }
        catch (RequestFailedException e)
        {
            return new ExportResult(Failed(e.Status == 403 ? CopyLogStatus.BlobRequestForbidden : CopyLogStatus.BlobRequestFailed), null);
        }
        catch (IOException)
        {
            return new ExportResult(Failed(CopyLogStatus.IOFailed), null);
        }
    }

    /// <summary>
    /// Copies a block or append blob into the file in blocks of <see cref="TransferOptions.ExportBlockSize"/>, fetched
    /// as segments of up to <see cref="SegmentBlocks"/> blocks (one Get Blob each, under the blob's ETag; up to
    /// <see cref="TransferOptions.BlockConcurrency"/> segments at once): each segment's blocks are read off its response
    /// one after the other into one buffer of the engine's budget, hashed as they arrive and written at their offsets,
    /// while the other segments and blobs are on the wire. Returns the blocks (null when the blob came up short) and the
    /// first segment's response headers (the blob's properties and metadata; null for an empty blob, which has none).
    /// </summary>
    private async Task<(List<ManifestPageRange>? Ranges, BlobDownloadDetails? First)> WriteBlocksAsync(
        BlobClient client, string path, long length, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        var size = Math.Min(options.ExportBlockSize, buffers.BufferBytes);
        var count = (int)((length + size - 1) / size);
        var segments = (count + SegmentBlocks - 1) / SegmentBlocks;
        var blocks = new ManifestPageRange[count];
        var short_ = 0;
        BlobDownloadDetails? first = null;
        using var file = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.Asynchronous, preallocationSize: length);

        async ValueTask CopySegmentAsync(int segment, CancellationToken token)
        {
            var from = segment * SegmentBlocks;
            var to = Math.Min(count, from + SegmentBlocks);
            var start = (long)from * size;
            var end = Math.Min((long)to * size, length);
            var buffer = await buffers.RentAsync(token);
            try
            {
                using var download = (await client.DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(start, end - start), Conditions = conditions }, token)).Value;
                if (segment == 0)
                {
                    first = download.Details;
                }

                await using var source = download.Content;
                for (var i = from; i < to; i++)
                {
                    var offset = (long)i * size;
                    var want = (int)Math.Min(size, length - offset);
                    if (await FillAsync(source, buffer, want, token) != want)
                    {
                        Interlocked.Exchange(ref short_, 1);
                        return;
                    }

                    blocks[i] = new ManifestPageRange(offset, want, Convert.ToHexString(MD5.HashData(buffer.AsSpan(0, want))));
                    await RandomAccess.WriteAsync(file, buffer.AsMemory(0, want), offset, token);
                    session.AddBytes(want);
                    await session.ThrottleAsync(want, token);
                    await session.TickAsync(token);
                }
            }
            finally
            {
                buffers.Return(buffer);
            }
        }

        // A blob of one segment (most blobs of most exports) is copied inline, without the machinery of a parallel loop.
        if (segments == 1)
        {
            await CopySegmentAsync(0, cancellationToken);
        }
        else if (segments > 1)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, segments), new ParallelOptions { MaxDegreeOfParallelism = options.BlockConcurrency, CancellationToken = cancellationToken }, CopySegmentAsync);
        }

        return (short_ == 0 ? [.. blocks] : null, first);
    }

    /// <summary>Reads bytes <paramref name="offset"/>.. of the blob (at most <paramref name="want"/>) into <paramref name="buffer"/>; returns how many came.</summary>
    private static async Task<int> DownloadRangeAsync(BlobBaseClient client, long offset, int want, byte[] buffer, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        using var download = (await client.DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(offset, want), Conditions = conditions }, cancellationToken)).Value;
        await using var source = download.Content;
        return await FillAsync(source, buffer, want, cancellationToken);
    }

    /// <summary>Reads the next <paramref name="want"/> bytes of <paramref name="source"/> into <paramref name="buffer"/>; returns how many came (fewer at its end).</summary>
    private static async Task<int> FillAsync(Stream source, byte[] buffer, int want, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < want)
        {
            var n = await source.ReadAsync(buffer.AsMemory(filled, want - filled), cancellationToken);
            if (n == 0)
            {
                break;
            }

            filled += n;
        }

        return filled;
    }

    /// <summary>Writes a page blob's valid ranges (in pieces of at most 4 MiB) at their offsets of a file of the blob's length.</summary>
    private async Task<List<ManifestPageRange>?> WritePagesAsync(PageBlobClient page, string path, long length, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        var piece = buffers.BufferBytes;
        var ranges = new List<ManifestPageRange>();
        var buffer = await buffers.RentAsync(cancellationToken);
        try
        {
            await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            file.SetLength(length);
            var pageConditions = new PageBlobRequestConditions { IfMatch = conditions.IfMatch };
            await foreach (var range in page.GetAllPageRangesAsync(new GetPageRangesOptions { Conditions = pageConditions }, cancellationToken))
            {
                if (range.IsClear)
                {
                    continue;
                }

                for (var offset = range.Range.Offset; offset < range.Range.Offset + range.Range.Length!.Value; offset += piece)
                {
                    var size = (int)Math.Min(piece, range.Range.Offset + range.Range.Length.Value - offset);
                    if (await DownloadRangeAsync(page, offset, size, buffer, conditions, cancellationToken) != size)
                    {
                        return null;
                    }

                    ranges.Add(new ManifestPageRange(offset, size, Convert.ToHexString(MD5.HashData(buffer.AsSpan(0, size)))));
                    file.Position = offset;
                    await file.WriteAsync(buffer.AsMemory(0, size), cancellationToken);
                    session.AddBytes(size);
                    await session.ThrottleAsync(size, cancellationToken);
                    await session.TickAsync(cancellationToken);
                }
            }

            return ranges;
        }
        finally
        {
            buffers.Return(buffer);
        }
    }

    /// <summary>Writes a small side file (properties, metadata) and returns its reference, hashed from the bytes written (not read back).</summary>
    private static async Task<ManifestFileRef> WriteSideFileAsync(string root, string drivePath, Action<Stream> write, CancellationToken cancellationToken)
    {
        DrivePaths.TryResolve(root, drivePath, out var path);
        using var content = new MemoryStream();
        write(content);
        var bytes = content.GetBuffer().AsMemory(0, (int)content.Length);
        await File.WriteAllBytesAsync(path, bytes, cancellationToken);
        return new ManifestFileRef(drivePath, Convert.ToHexString(MD5.HashData(bytes.Span)));
    }

    /// <summary>What a blob's properties and metadata files hold, from Get Blob Properties or from a download's response.</summary>
    private sealed record BlobHeaders(BlobPropertiesFile Properties, IReadOnlyDictionary<string, string> Metadata)
    {
        public static BlobHeaders From(BlobProperties p) => new(
            new BlobPropertiesFile(p.ContentType, Base64OrNull(p.ContentHash), p.ContentEncoding, p.ContentLanguage, p.CacheControl, p.LastModified, p.ETag.ToString(), p.ContentLength),
            p.Metadata.AsReadOnly());

        /// <summary>
        /// From a ranged download's response: the whole blob's MD5 is in <c>x-ms-blob-content-md5</c> (<c>Content-MD5</c>
        /// would be the range's, and is not asked for), the length is the blob's.
        /// </summary>
        public static BlobHeaders From(BlobDownloadDetails d, long length) => new(
            new BlobPropertiesFile(d.ContentType, Base64OrNull(d.BlobContentHash), d.ContentEncoding, d.ContentLanguage, d.CacheControl, d.LastModified, d.ETag.ToString(), length),
            d.Metadata.AsReadOnly());

        private static string? Base64OrNull(byte[]? md5) => md5 is { Length: > 0 } ? Convert.ToBase64String(md5) : null;
    }
}
