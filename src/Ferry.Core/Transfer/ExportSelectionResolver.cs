using System.Globalization;
using System.Xml;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ferry.Core.Drives;
using Ferry.Core.Jobs;
using CopyStatus = Ferry.Core.Jobs.CopyStatus;

namespace Ferry.Core.Transfer;

/// <summary>
/// Resolves an export selection against the account (docs/formats.md §1): blob paths (with or without snapshots, or one
/// snapshot), prefixes (<c>/</c> for everything, <c>/c</c> for containers starting with c, <c>/c/n</c> for blobs of c
/// starting with n; case-sensitive), or a blob-list blob read from the account. The result is sorted by container,
/// name and snapshot, without duplicates. Archive-tier blobs cannot be exported and are reported separately.
/// </summary>
public sealed class ExportSelectionResolver(BlobAccount account, long maxBlobListBytes)
{
    /// <summary>The outcome: the blobs, or the drive status that fails the export (e.g. BlobListFormatInvalid) with a reason.</summary>
    public sealed record Outcome(IReadOnlyList<ExportBlob>? Blobs, IReadOnlyList<string> NotFound, CopyStatus Status, string Reason);

    /// <summary>Resolves <paramref name="selection"/>.</summary>
    public async Task<Outcome> ResolveAsync(ExportSelection selection, CancellationToken cancellationToken)
    {
        BlobListDocument list;
        if (selection.BlobListBlobPath is { } listPath)
        {
            var read = await ReadListOrNullAsync(listPath, cancellationToken);
            if (read.List is null)
            {
                return new Outcome(null, [], read.Status, read.Reason);
            }

            list = read.List;
        }
        else
        {
            list = new BlobListDocument([.. selection.BlobPaths.Select(p => new BlobListPath(p, true, null))], selection.BlobPathPrefixes);
        }

        var found = new SortedDictionary<(string, string, DateTimeOffset), ExportBlob>();
        var missing = new List<string>();
        try
        {
            foreach (var prefix in list.Prefixes)
            {
                await foreach (var blob in PrefixAsync(prefix, cancellationToken))
                {
                    found[Key(blob)] = blob;
                }
            }

            foreach (var path in list.Paths)
            {
                var any = false;
                await foreach (var blob in PathAsync(path, cancellationToken))
                {
                    found[Key(blob)] = blob;
                    any = true;
                }

                if (!any)
                {
                    missing.Add(path.Path);
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 403)
        {
            return new Outcome(null, [], CopyStatus.BlobRequestForbidden, "The storage account refused to list the selection.");
        }

        return new Outcome([.. found.Values], missing, CopyStatus.InProgress, "");
    }

    private static (string, string, DateTimeOffset) Key(ExportBlob blob) => (blob.Container, blob.Name, blob.Snapshot ?? DateTimeOffset.MinValue);

    private async IAsyncEnumerable<ExportBlob> PrefixAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rest = prefix.TrimStart('/');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        IReadOnlyList<string> containers = slash >= 0 ? [rest[..slash]] : await ContainersAsync(rest, cancellationToken);
        var namePrefix = slash >= 0 ? rest[(slash + 1)..] : "";
        foreach (var container in containers)
        {
            if (account.ContainerOrNull(container) is not { } client)
            {
                continue;
            }

            await foreach (var blob in ListAsync(client, namePrefix, cancellationToken))
            {
                if (blob.Name.StartsWith(namePrefix, StringComparison.Ordinal))
                {
                    yield return blob;
                }
            }
        }
    }

    private async IAsyncEnumerable<ExportBlob> PathAsync(BlobListPath path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (ImportTransfer.SplitOrNull(path.Path) is not { } split || account.ContainerOrNull(split.Container) is not { } client)
        {
            yield break;
        }

        await foreach (var blob in ListAsync(client, split.Name, cancellationToken))
        {
            if (blob.Name != split.Name)
            {
                continue;
            }

            var wanted = path.SnapshotTime is { } time
                ? blob.Snapshot == time
                : blob.Snapshot is null || path.IncludeSnapshots;
            if (wanted)
            {
                yield return blob;
            }
        }
    }

    private async Task<IReadOnlyList<string>> ContainersAsync(string prefix, CancellationToken cancellationToken)
    {
        if (account.Service is null)
        {
            return account.SasContainer!.StartsWith(prefix, StringComparison.Ordinal) ? [account.SasContainer] : [];
        }

        var names = new List<string>();
        await foreach (var container in account.Service.GetBlobContainersAsync(prefix: prefix.Length == 0 ? null : prefix, cancellationToken: cancellationToken))
        {
            names.Add(container.Name);
        }

        return names;
    }

    private static async IAsyncEnumerable<ExportBlob> ListAsync(BlobContainerClient client, string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = client.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix.Length == 0 ? null : prefix, States = BlobStates.Snapshots }, cancellationToken);
        IAsyncEnumerator<BlobItem>? items = null;
        try
        {
            items = pages.GetAsyncEnumerator(cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            yield break;
        }

        await using (items)
        {
            while (true)
            {
                try
                {
                    if (!await items.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // The container does not exist: nothing selected there.
                    break;
                }

                var item = items.Current;
                if (item.Properties.AccessTier == AccessTier.Archive)
                {
                    continue;
                }

                var kind = item.Properties.BlobType == BlobType.Page ? BlobKind.PageBlob : BlobKind.BlockBlob;
                DateTimeOffset? snapshot = item.Snapshot is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal) : null;
                yield return new ExportBlob(client.Name, item.Name, snapshot, item.Snapshot, item.Properties.ContentLength ?? 0, kind, item.Properties.ETag?.ToString() ?? "");
            }
        }
    }

    private async Task<(BlobListDocument? List, CopyStatus Status, string Reason)> ReadListOrNullAsync(string path, CancellationToken cancellationToken)
    {
        if (ImportTransfer.SplitOrNull(path.TrimStart('/')) is not { } split || account.ContainerOrNull(split.Container) is not { } container)
        {
            return (null, CopyStatus.BlobListFormatInvalid, "The blob-list blob path is not reachable with the job's credential.");
        }

        try
        {
            var blob = container.GetBlobClient(split.Name);
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (properties.Value.ContentLength > maxBlobListBytes)
            {
                return (null, CopyStatus.BlobListFormatInvalid, "The blob list is larger than the limit.");
            }

            var temporary = Path.Combine(Path.GetTempPath(), "ferry-" + Guid.NewGuid().ToString("N") + ".xml");
            try
            {
                await blob.DownloadToAsync(temporary, cancellationToken);
                await using var stream = new FileStream(temporary, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                return BlobListXml.TryRead(stream, ManifestLimits.Default with { MaxDocumentCharacters = maxBlobListBytes }, out var list, out var problem)
                    ? (list, CopyStatus.InProgress, "")
                    : (null, CopyStatus.BlobListFormatInvalid, problem.Message);
            }
            finally
            {
                File.Delete(temporary);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, CopyStatus.BlobListFormatInvalid, "The blob-list blob does not exist.");
        }
        catch (RequestFailedException e) when (e.Status == 403)
        {
            return (null, CopyStatus.BlobRequestForbidden, "The storage account refused to read the blob list.");
        }
        catch (XmlException)
        {
            return (null, CopyStatus.BlobListFormatInvalid, "The blob list is not well-formed XML.");
        }
    }
}
