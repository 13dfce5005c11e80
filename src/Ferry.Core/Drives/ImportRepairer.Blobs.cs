using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Core.Drives;

/// <summary>The Blob service side of a repair: staging and committing blocks, writing pages, the blob's properties.</summary>
public sealed partial class ImportRepairer
{
    private static async Task<(RepairOutcome Outcome, string Note)> RepairBlocksAsync(
        BlobContainerClient container, string name, RepairItem item, string file, RepairFileFinder finder, byte[] buffer, RepairTotals totals, SentCounter sent, CancellationToken cancellationToken)
    {
        var manifest = item.Manifest!;
        var client = container.GetBlockBlobClient(name);
        var ids = manifest.Blocks.Select((b, i) => b.Id ?? DrivePreparer.BlockId(i)).ToList();
        var available = await AvailableBlocksAsync(client, cancellationToken);
        var failing = item.Blocks.Select(b => b.Offset).ToHashSet();
        using (var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous))
        {
            for (var i = 0; i < manifest.Blocks.Count; i++)
            {
                var block = manifest.Blocks[i];
                if (!failing.Contains(block.Offset) && available.TryGetValue(ids[i], out var size) && size == block.Length)
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                if (await ReadVerifiedOrNullAsync(handle, block.Offset, block.Length, block.Hash, buffer, cancellationToken) is not { } md5)
                {
                    return (RepairOutcome.StillCorrupted, $"The file's bytes at offset {block.Offset} do not match the manifest's MD5; the blob was not committed.");
                }

                using var content = new MemoryStream(buffer, 0, (int)block.Length, writable: false);
                await client.StageBlockAsync(ids[i], content, new BlockBlobStageBlockOptions { TransferValidation = Validation(md5) }, cancellationToken);
                sent.Parts++;
                totals.Bytes += block.Length;
                totals.Report();
            }
        }

        var (headers, metadata, note) = await TargetPropertiesAsync(client, item, finder, cancellationToken);
        await client.CommitBlockListAsync(ids, new CommitBlockListOptions { HttpHeaders = headers, Metadata = metadata }, cancellationToken);
        return (RepairOutcome.Repaired, note);
    }

    private static async Task<(RepairOutcome Outcome, string Note)> RepairPagesAsync(
        BlobContainerClient container, string name, RepairItem item, string file, RepairFileFinder finder, byte[] buffer, RepairTotals totals, SentCounter sent, CancellationToken cancellationToken)
    {
        var manifest = item.Manifest!;
        var client = container.GetPageBlobClient(name);
        var note = string.Empty;
        if (await LengthOrNullAsync(client, cancellationToken) is not { } length)
        {
            (var headers, var metadata, note) = await TargetPropertiesAsync(client, item, finder, cancellationToken);
            await client.CreateAsync(manifest.Length, new PageBlobCreateOptions { HttpHeaders = headers, Metadata = metadata }, cancellationToken);
        }
        else if (length != manifest.Length)
        {
            return (RepairOutcome.Failed, $"The page blob holds {length} bytes but the manifest says {manifest.Length}.");
        }

        using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        foreach (var range in item.Ranges)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await ReadVerifiedOrNullAsync(handle, range.Offset, range.Length, range.Hash, buffer, cancellationToken) is not { } md5)
            {
                return (RepairOutcome.StillCorrupted, $"The file's bytes at offset {range.Offset} do not match the manifest's MD5; that range and the ones after it were not written.");
            }

            using var content = new MemoryStream(buffer, 0, (int)range.Length, writable: false);
            await client.UploadPagesAsync(content, range.Offset, new PageBlobUploadPagesOptions { TransferValidation = Validation(md5) }, cancellationToken);
            sent.Parts++;
            totals.Bytes += range.Length;
            totals.Report();
        }

        return (RepairOutcome.Repaired, note);
    }

    private static UploadTransferValidationOptions Validation(byte[] md5) =>
        new() { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5, PrecalculatedChecksum = md5 };

    /// <summary>Blocks the blob already holds, committed or not: id → size. Empty when the blob does not exist.</summary>
    private static async Task<Dictionary<string, long>> AvailableBlocksAsync(BlockBlobClient client, CancellationToken cancellationToken)
    {
        try
        {
            var list = (await client.GetBlockListAsync(BlockListTypes.All, cancellationToken: cancellationToken)).Value;
            var blocks = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var block in list.CommittedBlocks.Concat(list.UncommittedBlocks))
            {
                blocks[block.Name] = block.SizeLong;
            }

            return blocks;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    private static async Task<long?> LengthOrNullAsync(BlobBaseClient client, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentLength;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// The headers and metadata the blob ends with: those it has when it exists (its content MD5 aside, which the repair
    /// changes), else those of the manifest's metadata and properties files when they are found under the sources.
    /// </summary>
    private static async Task<(BlobHttpHeaders? Headers, IDictionary<string, string>? Metadata, string Note)> TargetPropertiesAsync(
        BlobBaseClient client, RepairItem item, RepairFileFinder finder, CancellationToken cancellationToken)
    {
        try
        {
            var existing = (await client.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            var kept = new BlobHttpHeaders
            {
                ContentType = existing.ContentType,
                ContentEncoding = existing.ContentEncoding,
                ContentLanguage = existing.ContentLanguage,
                CacheControl = existing.CacheControl,
                ContentDisposition = existing.ContentDisposition,
            };
            return (kept, existing.Metadata, string.Empty);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            var notes = new List<string>();
            var metadata = ReadSideFile(item.Manifest!.Metadata ?? item.List!.Metadata, finder, "metadata", notes, stream =>
                BlobFileXml.TryReadMetadata(stream, out var m, out _) ? m.ToDictionary(p => p.Key, p => p.Value) : null);
            var headers = ReadSideFile(item.Manifest!.Properties ?? item.List!.Properties, finder, "properties", notes, stream =>
                BlobFileXml.TryReadProperties(stream, out var p, out _)
                    ? new BlobHttpHeaders
                    {
                        ContentType = p.ContentType,
                        ContentEncoding = p.ContentEncoding,
                        ContentLanguage = p.ContentLanguage,
                        CacheControl = p.CacheControl,
                        ContentHash = p.ContentMd5 is { } md5 ? Convert.FromBase64String(md5) : null,
                    }
                    : null);
            return (headers, metadata, string.Join(' ', notes));
        }
    }

    private static T? ReadSideFile<T>(ManifestFileRef? file, RepairFileFinder finder, string what, List<string> notes, Func<Stream, T?> read)
        where T : class
    {
        if (file is null)
        {
            return null;
        }

        var found = finder.Find(file.Path, null, path => string.Equals(Md5File.Of(path).Hash, file.Hash, StringComparison.OrdinalIgnoreCase));
        if (found.Path is not null && string.Equals(Md5File.Of(found.Path).Hash, file.Hash, StringComparison.OrdinalIgnoreCase))
        {
            using var stream = new FileStream(found.Path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (read(stream) is { } value)
            {
                return value;
            }
        }

        notes.Add($"Its {what} file {file.Path} was not found with the manifest's MD5 (or is not valid); the blob was committed without it.");
        return null;
    }

    /// <summary>Reads a part of the file into <paramref name="buffer"/>; its MD5 when it matches <paramref name="hash"/>, else null.</summary>
    private static async Task<byte[]?> ReadVerifiedOrNullAsync(SafeFileHandle handle, long offset, long length, string hash, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < length)
        {
            var n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(read, (int)length - read), offset + read, cancellationToken);
            if (n == 0)
            {
                return null;
            }

            read += n;
        }

        var md5 = MD5.HashData(buffer.AsSpan(0, (int)length));
        return string.Equals(Convert.ToHexString(md5), hash, StringComparison.OrdinalIgnoreCase) ? md5 : null;
    }
}
