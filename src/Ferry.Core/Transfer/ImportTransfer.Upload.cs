using System.Buffers;
using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Ferry.Core.Drives;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Core.Transfer;

/// <summary>Block and page uploads, and the blob's metadata and properties files.</summary>
internal sealed partial class ImportTransfer
{
    private async Task<CopyLogBlob> UploadBlocksAsync(
        BlobEntry entry, string filePath, BlockBlobClient client, IDictionary<string, string>? metadata, BlobHttpHeaders? headers, bool resumed, CancellationToken cancellationToken)
    {
        var blocks = entry.Ranges(CopyLogStatus.Cancelled);
        if (blocks.Count <= 1)
        {
            return await PutWholeAsync(entry, filePath, blocks, client, metadata, headers, cancellationToken);
        }

        var ids = blocks.Select((b, i) => b.Id ?? GeneratedBlockId(i)).ToArray();
        // Only a resumed blob can have blocks of an earlier attempt staged: a blob decided in this attempt skips the request.
        var staged = resumed ? await StagedBlocksAsync(client, cancellationToken) : [];
        var statuses = new string[blocks.Count];
        var firstFailure = int.MaxValue;
        using (var handle = File.OpenHandle(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous))
        {
            var fileLength = RandomAccess.GetLength(handle);
            await Parallel.ForEachAsync(Enumerable.Range(0, blocks.Count), Parallelism(cancellationToken), async (i, token) =>
            {
                if (i > Volatile.Read(ref firstFailure))
                {
                    statuses[i] = CopyLogStatus.Cancelled;
                    return;
                }

                var block = blocks[i];
                if (staged.TryGetValue(ids[i], out var size) && size == block.Length)
                {
                    statuses[i] = CopyLogStatus.Uncommitted;
                    session.AddBytes(block.Length, moved: false);
                    return;
                }

                statuses[i] = await SendAsync(handle, fileLength, block, (stream, md5, t) => client.StageBlockAsync(ids[i], stream, new BlockBlobStageBlockOptions
                {
                    TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5, PrecalculatedChecksum = md5 },
                }, t), token);
                if (statuses[i] != CopyLogStatus.Uncommitted)
                {
                    InterlockedMin(ref firstFailure, i);
                }
            });
        }

        if (firstFailure != int.MaxValue)
        {
            return entry.Done(CopyLogStatus.CompletedWithErrors, Outcomes(blocks, statuses, firstFailure), cancelled: true);
        }

        try
        {
            await client.CommitBlockListAsync(ids, new CommitBlockListOptions { HttpHeaders = headers, Metadata = metadata }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode is "LeaseIdMissing" or "LeaseIdMismatchWithBlobOperation" or "LeaseLost")
        {
            return entry.Done(CopyLogStatus.LeasePresent, Outcomes(blocks, statuses, int.MaxValue), cancelled: true);
        }

        return entry.Done(CopyLogStatus.Completed, [.. blocks.Select(b => b with { Status = CopyLogStatus.Committed })], cancelled: false);
    }

    private async Task<CopyLogBlob> UploadPagesAsync(
        BlobEntry entry, string filePath, PageBlobClient client, IDictionary<string, string>? metadata, BlobHttpHeaders? headers, CancellationToken cancellationToken)
    {
        var ranges = entry.Ranges(CopyLogStatus.Cancelled);
        try
        {
            await client.CreateAsync(entry.Length, new PageBlobCreateOptions { HttpHeaders = headers, Metadata = metadata }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode is "LeaseIdMissing" or "LeaseIdMismatchWithBlobOperation")
        {
            return entry.Done(CopyLogStatus.LeasePresent, ranges, cancelled: true);
        }

        var statuses = new string[ranges.Count];
        var firstFailure = int.MaxValue;
        using (var handle = File.OpenHandle(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous))
        {
            var fileLength = RandomAccess.GetLength(handle);
            await Parallel.ForEachAsync(Enumerable.Range(0, ranges.Count), Parallelism(cancellationToken), async (i, token) =>
            {
                if (i > Volatile.Read(ref firstFailure))
                {
                    statuses[i] = CopyLogStatus.Cancelled;
                    return;
                }

                var range = ranges[i];
                statuses[i] = await SendAsync(handle, fileLength, range, (stream, md5, t) => client.UploadPagesAsync(stream, range.Offset, new PageBlobUploadPagesOptions
                {
                    TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5, PrecalculatedChecksum = md5 },
                }, t), token);
                if (statuses[i] != CopyLogStatus.Uncommitted)
                {
                    InterlockedMin(ref firstFailure, i);
                }
            });
        }

        var outcomes = ranges.Select((r, i) => r with { Status = statuses[i] == CopyLogStatus.Uncommitted ? CopyLogStatus.Completed : statuses[i] }).ToList();
        if (firstFailure != int.MaxValue)
        {
            for (var i = firstFailure + 1; i < outcomes.Count; i++)
            {
                outcomes[i] = outcomes[i] with { Status = CopyLogStatus.Cancelled };
            }

            return entry.Done(CopyLogStatus.CompletedWithErrors, outcomes, cancelled: true);
        }

        return entry.Done(CopyLogStatus.Completed, outcomes, cancelled: false);
    }

    /// <summary>
    /// A blob of at most one block goes up in one request (Put Blob), with the block's MD5 for the service to check:
    /// half the requests of a stage and a commit, which is most of the cost of small files.
    /// </summary>
    private async Task<CopyLogBlob> PutWholeAsync(
        BlobEntry entry, string filePath, IReadOnlyList<CopyLogRange> blocks, BlockBlobClient client, IDictionary<string, string>? metadata, BlobHttpHeaders? headers, CancellationToken cancellationToken)
    {
        // One request whatever the size (a block is at most 4 MiB): the SDK accepts a precalculated MD5 only then.
        var options = new BlobUploadOptions
        {
            HttpHeaders = headers,
            Metadata = metadata,
            TransferOptions = new StorageTransferOptions { InitialTransferSize = 8 * 1024 * 1024, MaximumTransferSize = 8 * 1024 * 1024 },
        };
        try
        {
            if (blocks.Count == 0)
            {
                using var empty = new MemoryStream([], writable: false);
                await client.UploadAsync(empty, options, cancellationToken);
                return entry.Done(CopyLogStatus.Completed, [], cancelled: false);
            }

            string status;
            using (var handle = File.OpenHandle(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous))
            {
                // The SDK takes no precalculated MD5 on this path; it hashes the (already verified) buffer itself.
                options.TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 };
                status = await SendAsync(handle, RandomAccess.GetLength(handle), blocks[0], (stream, _, t) => client.UploadAsync(stream, options, t), cancellationToken);
            }

            return status == CopyLogStatus.Uncommitted
                ? entry.Done(CopyLogStatus.Completed, [blocks[0] with { Status = CopyLogStatus.Committed }], cancelled: false)
                : entry.Done(CopyLogStatus.CompletedWithErrors, [blocks[0] with { Status = status }], cancelled: true);
        }
        catch (RequestFailedException e) when (e.ErrorCode is "LeaseIdMissing" or "LeaseIdMismatchWithBlobOperation" or "LeaseLost")
        {
            return entry.Done(CopyLogStatus.LeasePresent, blocks, cancelled: true);
        }
    }

    /// <summary>
    /// Reads one block or range from the drive into a buffer of the engine's budget (waiting for one when all are out),
    /// checks its MD5 against the manifest and only then sends it, with that MD5 for the service to check again. The
    /// blocks of a blob and the blobs of a drive run side by side, so one block is read and hashed while others are on
    /// the wire. Returns Uncommitted when sent, or the failure: FileUnexpectedEnd, Corrupted, BlobRequestFailed.
    /// </summary>
    private async Task<string> SendAsync(SafeFileHandle handle, long fileLength, CopyLogRange range, Func<Stream, byte[], CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        if (range.Offset + range.Length > fileLength)
        {
            session.BlockFailed(CopyLogStatus.FileUnexpectedEnd);
            return CopyLogStatus.FileUnexpectedEnd;
        }

        var length = (int)range.Length;

        // A block is at most 4 MiB (the manifest's limit, the buffers' size); anything larger is not the budget's.
        var pooled = length <= buffers.BufferBytes;
        var buffer = pooled ? await buffers.RentAsync(cancellationToken) : ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var read = 0;
            while (read < length)
            {
                var n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(read, length - read), range.Offset + read, cancellationToken);
                if (n == 0)
                {
                    session.BlockFailed(CopyLogStatus.FileUnexpectedEnd);
                    return CopyLogStatus.FileUnexpectedEnd;
                }

                read += n;
            }

            var md5 = MD5.HashData(buffer.AsSpan(0, length));
            if (!HashMatches(md5, range.Hash))
            {
                session.BlockFailed(CopyLogStatus.Corrupted);
                return CopyLogStatus.Corrupted;
            }

            session.BlockVerified();
            using var content = new MemoryStream(buffer, 0, length, writable: false);
            try
            {
                await send(content, md5, cancellationToken);
            }
            catch (RequestFailedException)
            {
                session.BlockFailed(CopyLogStatus.BlobRequestFailed);
                return CopyLogStatus.BlobRequestFailed;
            }

            session.AddBytes(length);
            await session.ThrottleAsync(length, cancellationToken);
            await session.TickAsync(cancellationToken);
            return CopyLogStatus.Uncommitted;
        }
        finally
        {
            if (pooled)
            {
                buffers.Return(buffer);
            }
            else
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Whether <paramref name="md5"/> is the manifest's hex <paramref name="expected"/> (any case), without building a string.</summary>
    internal static bool HashMatches(ReadOnlySpan<byte> md5, string? expected)
    {
        if (expected is null || expected.Length != md5.Length * 2)
        {
            return false;
        }

        Span<byte> parsed = stackalloc byte[16];
        return md5.Length <= parsed.Length
            && Convert.FromHexString(expected, parsed[..md5.Length], out _, out var written) == System.Buffers.OperationStatus.Done
            && written == md5.Length
            && parsed[..md5.Length].SequenceEqual(md5);
    }

    /// <summary>Blocks already staged (uncommitted) on the target by an earlier, interrupted attempt: id → size.</summary>
    private static async Task<Dictionary<string, long>> StagedBlocksAsync(BlockBlobClient client, CancellationToken cancellationToken)
    {
        try
        {
            var list = await client.GetBlockListAsync(BlockListTypes.Uncommitted, cancellationToken: cancellationToken);
            return list.Value.UncommittedBlocks.ToDictionary(b => b.Name, b => b.SizeLong, StringComparer.Ordinal);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    private static List<CopyLogRange> Outcomes(IReadOnlyList<CopyLogRange> blocks, string[] statuses, int firstFailure) =>
        [.. blocks.Select((b, i) => b with { Status = i > firstFailure || statuses[i] is null ? CopyLogStatus.Cancelled : statuses[i] })];

    private ParallelOptions Parallelism(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = options.BlockConcurrency, CancellationToken = cancellationToken };

    /// <summary>Block ids for manifests without them: equal length, as Put Block requires.</summary>
    internal static string GeneratedBlockId(int index) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"ferry-{index:D8}"));

    private static void InterlockedMin(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
