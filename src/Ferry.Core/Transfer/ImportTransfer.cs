using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Ferry.Core.Drives;

namespace Ferry.Core.Transfer;

/// <summary>
/// Copies the blobs of one import drive into the account (docs/lifecycle.md §6): for each manifest blob, the disposition
/// is decided and checkpointed before any write, then every block or page range is read from the drive, checked
/// against its MD5 and uploaded with that MD5 for the service to check again. A block blob is committed only when
/// every block passed; a failure cancels the rest of its blob. Blobs already done (checkpointed) are not redone, and
/// blocks already staged are not sent again.
/// </summary>
internal sealed partial class ImportTransfer(TransferSession session, string driveRoot, BlobAccount account, TransferStore store, TransferOptions options, TransferBuffers buffers) : IDisposable
{
    /// <summary>Blobs decided (and checkpointed) together.</summary>
    internal const int DecisionBatch = 32;

    private readonly SemaphoreSlim _decisions = new(1, 1);
    private readonly HashSet<(string Container, string Name)> _targets = [];
    private readonly HashSet<string> _containers = [];

    public void Dispose() => _decisions.Dispose();

    /// <summary>Copies every blob not yet done; returns the copy-log entries of all blobs in manifest order.</summary>
    public async Task<IReadOnlyList<CopyLogBlob>> RunAsync(IReadOnlyList<ImportWork> work, IReadOnlyList<TransferItem> checkpoints, CancellationToken cancellationToken)
    {
        var byOrdinal = checkpoints.ToDictionary(c => c.Ordinal);
        var results = new CopyLogBlob?[work.Count];
        long done = 0;
        foreach (var item in checkpoints)
        {
            if (item.Decision is { } decision && item.Ordinal < work.Count && SplitOrNull(work[item.Ordinal].Blob.BlobPath) is { } path)
            {
                _targets.Add((path.Container, TransferJson.Read<ImportDecision>(decision).Target));
            }

            if (item.Result is not null && item.Ordinal < work.Count)
            {
                results[item.Ordinal] = TransferJson.ReadResult(item);
                done += item.Bytes;
            }
        }

        session.BeginDrive(session.Claim.DriveId, done, work.Sum(w => w.Blob.Length));
        var pending = work.Where(w => results[w.Ordinal] is null).ToList();
        using var saver = new CheckpointBatch(session, store, options.ProgressInterval);
        await Parallel.ForEachAsync(DecidedAsync(pending, byOrdinal, cancellationToken), new ParallelOptions { MaxDegreeOfParallelism = options.BlobConcurrency, CancellationToken = cancellationToken }, async (item, token) =>
        {
            var before = session.Bytes;
            var result = await CopyAsync(item, byOrdinal.GetValueOrDefault(item.Ordinal), token);
            results[item.Ordinal] = result;
            await saver.AddAsync(new TransferItem
            {
                Ordinal = item.Ordinal,
                Decision = _decided.TryGetValue(item.Ordinal, out var d) ? TransferJson.Write(d) : byOrdinal.GetValueOrDefault(item.Ordinal)?.Decision,
                Result = TransferJson.Write(result),
                Bytes = Math.Max(0, session.Bytes - before),
            }, token);
            await session.TickAsync(token);
        });
        await saver.FlushAsync(cancellationToken);
        return [.. results.Select(r => r!)];
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, ImportDecision> _decided = new();

    /// <summary>
    /// The pending blobs in order, each yielded once its disposition is decided and checkpointed: a batch at a time,
    /// the existence checks of a batch at once and its decisions in one transaction, while the blobs yielded before
    /// are copying (<c>Parallel.ForEachAsync</c> asks for the next blob only when a worker is free).
    /// </summary>
    private async IAsyncEnumerable<ImportWork> DecidedAsync(
        List<ImportWork> pending, Dictionary<int, TransferItem> checkpoints, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var batch in pending.Chunk(DecisionBatch))
        {
            await DecideBatchAsync([.. batch.Where(w => checkpoints.GetValueOrDefault(w.Ordinal)?.Decision is null)], cancellationToken);
            foreach (var work in batch)
            {
                yield return work;
            }
        }
    }

    private async Task<CopyLogBlob> CopyAsync(ImportWork work, TransferItem? checkpoint, CancellationToken cancellationToken)
    {
        var blob = work.Blob;
        var disposition = blob.Disposition ?? ImportDisposition.Rename;
        var entry = new BlobEntry(blob, ImportDispositions.ToWire(disposition));

        switch (DrivePaths.TryResolve(driveRoot, blob.FilePath, out var filePath))
        {
            case DrivePathProblem.Invalid:
                return entry.Failed(CopyLogStatus.FileNameInvalid);
            case DrivePathProblem.TooLong:
                return entry.Failed(CopyLogStatus.FileNameTooLong);
            case DrivePathProblem.Link:
                return entry.Failed(CopyLogStatus.FileAccessDenied);
        }

        if (!File.Exists(filePath))
        {
            return entry.Failed(CopyLogStatus.FileNotFound);
        }

        if (SplitOrNull(blob.BlobPath) is not { } path)
        {
            return entry.Failed(CopyLogStatus.Failed);
        }

        if (account.ContainerOrNull(path.Container) is not { } container)
        {
            return entry.Failed(CopyLogStatus.BlobRequestForbidden);
        }

        var metadata = ReadMetadata(work, entry);
        var properties = ReadProperties(work, entry);
        try
        {
            // Decided just now (not resumed): nothing of this attempt can be staged on the target yet.
            var fresh = _decided.TryGetValue(work.Ordinal, out var decided);
            if (!fresh && checkpoint?.Decision is null)
            {
                // Its file appeared after its batch was decided: decided on its own.
                await DecideBatchAsync([work], cancellationToken);
                fresh = _decided.TryGetValue(work.Ordinal, out decided);
                if (!fresh)
                {
                    return entry.Failed(CopyLogStatus.FileNotFound);
                }
            }

            var decision = fresh ? decided! : TransferJson.Read<ImportDecision>(checkpoint!.Decision!);
            entry.Decided(decision);
            if (decision.DispositionStatus == CopyLogStatus.Skipped)
            {
                return entry.Skipped();
            }

            return blob.Kind == BlobKind.PageBlob
                ? await UploadPagesAsync(entry, filePath, container.GetPageBlobClient(decision.Target), metadata, properties, cancellationToken)
                : await UploadBlocksAsync(entry, filePath, container.GetBlockBlobClient(decision.Target), metadata, properties, resumed: !fresh, cancellationToken);
        }
        catch (RequestFailedException e)
        {
            return entry.Failed(e.Status == 403 ? CopyLogStatus.BlobRequestForbidden : CopyLogStatus.BlobRequestFailed);
        }
        catch (IOException)
        {
            return entry.Failed(CopyLogStatus.IOFailed);
        }
        catch (UnauthorizedAccessException)
        {
            return entry.Failed(CopyLogStatus.FileAccessDenied);
        }
    }

    /// <summary>
    /// The dispositions (docs/formats.md §6) of a batch of blobs, checkpointed together before any of them is written.
    /// Whether each name is taken is asked of the account for the whole batch at once; the decisions are then taken one
    /// blob at a time in manifest order, so that two blobs of the drive never pick the same free name (a name this
    /// drive already wrote or chose counts as taken). Blobs that will fail before any write (bad path, missing file,
    /// unknown container) get no decision.
    /// </summary>
    private async Task DecideBatchAsync(List<ImportWork> batch, CancellationToken cancellationToken)
    {
        await _decisions.WaitAsync(cancellationToken);
        try
        {
            await DecideLockedAsync(batch, cancellationToken);
        }
        finally
        {
            _decisions.Release();
        }
    }

    private async Task DecideLockedAsync(List<ImportWork> batch, CancellationToken cancellationToken)
    {
        var wanted = new List<(ImportWork Work, BlobContainerClient Container, string Name)>();
        foreach (var work in batch)
        {
            if (DrivePaths.TryResolve(driveRoot, work.Blob.FilePath, out var filePath) == DrivePathProblem.None && File.Exists(filePath)
                && SplitOrNull(work.Blob.BlobPath) is { } path && account.ContainerOrNull(path.Container) is { } container)
            {
                wanted.Add((work, container, path.Name));
            }
        }

        if (wanted.Count == 0)
        {
            return;
        }

        // Once per container and drive, not per blob.
        foreach (var container in wanted.Select(w => w.Container).DistinctBy(c => c.Name))
        {
            if (account.Service is not null && _containers.Add(container.Name))
            {
                await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            }
        }

        var exists = new bool[wanted.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, wanted.Count), new ParallelOptions { MaxDegreeOfParallelism = DecisionBatch, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var (_, container, name) = wanted[i];
            exists[i] = await container.GetBlobClient(name).ExistsAsync(token);
        });

        var items = new List<TransferItem>(wanted.Count);
        for (var i = 0; i < wanted.Count; i++)
        {
            var (work, container, name) = wanted[i];
            var disposition = work.Blob.Disposition ?? ImportDisposition.Rename;
            var decision = !_targets.Contains((container.Name, name)) && !exists[i]
                ? new ImportDecision(name, CopyLogStatus.Created)
                : disposition switch
                {
                    ImportDisposition.Overwrite => new ImportDecision(name, CopyLogStatus.Overwritten),
                    ImportDisposition.NoOverwrite => new ImportDecision(name, CopyLogStatus.Skipped),
                    _ => new ImportDecision(await FreeNameAsync(container, name, cancellationToken), CopyLogStatus.Renamed),
                };
            _targets.Add((container.Name, decision.Target));
            items.Add(new TransferItem { Ordinal = work.Ordinal, Decision = TransferJson.Write(decision) });
            _decided[work.Ordinal] = decision;
        }

        if (!await store.UpsertItemsAsync(session.Claim, items, session.LeaseExpiry, cancellationToken))
        {
            throw new LeaseLostException();
        }
    }

    private async Task<string> FreeNameAsync(BlobContainerClient container, string name, CancellationToken cancellationToken)
    {
        for (var n = 2; ; n++)
        {
            var candidate = RenameRule.Candidate(name, n);
            if (!await TakenAsync(container, candidate, cancellationToken))
            {
                return candidate;
            }
        }
    }

    private async Task<bool> TakenAsync(BlobContainerClient container, string name, CancellationToken cancellationToken) =>
        _targets.Contains((container.Name, name)) || await container.GetBlobClient(name).ExistsAsync(cancellationToken);

    /// <summary><c>container/name</c> split at the first '/', or null when either part is unusable.</summary>
    internal static (string Container, string Name)? SplitOrNull(string blobPath)
    {
        var slash = blobPath.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == blobPath.Length - 1 || blobPath.Length > 1024 + 64)
        {
            return null;
        }

        var container = blobPath[..slash];
        var valid = container == "$root"
            || (container.Length is >= 3 and <= 63 && container.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
                && char.IsAsciiLetterOrDigit(container[0]) && char.IsAsciiLetterOrDigit(container[^1]) && !container.Contains("--", StringComparison.Ordinal));
        return valid ? (container, blobPath[(slash + 1)..]) : null;
    }
}
