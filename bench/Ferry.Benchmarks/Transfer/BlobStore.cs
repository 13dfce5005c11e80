using System.Diagnostics;
using System.Security.Cryptography;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Ferry.Benchmarks.Transfer;

/// <summary>
/// The benchmark's own view of Azurite's development account, through Azure.Storage.Blobs: the baseline upload, and
/// the checks of what an upload or an import left in a container.
/// </summary>
internal sealed class BlobStore(AzuriteProcess azurite)
{
    private const int VerifyConcurrency = 4;

    private readonly BlobServiceClient _service = new(azurite.AccountEndpoint, new StorageSharedKeyCredential(AzuriteProcess.AccountName, AzuriteProcess.AccountKey));

    /// <summary>
    /// The baseline: every file of <paramref name="dataset"/> uploaded with <c>BlobClient.UploadAsync(path, …)</c> and
    /// the SDK's default transfer options, <paramref name="concurrency"/> files at once, into a new container. Returns
    /// the time from the first request to the last answer (the container is created before the clock starts).
    /// </summary>
    public async Task<TimeSpan> UploadAllAsync(string container, string prefix, Dataset dataset, int concurrency, CancellationToken cancellationToken)
    {
        var client = _service.GetBlobContainerClient(container);
        await client.CreateAsync(cancellationToken: cancellationToken);
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(dataset.Files, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (file, token) =>
        {
            var path = Path.Combine(dataset.Root, file.RelativePath);
            await client.GetBlobClient(prefix + file.RelativePath).UploadAsync(path, new BlobUploadOptions(), token);
        });
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// The export baseline: every blob of <paramref name="dataset"/> under <paramref name="prefix"/> downloaded with
    /// <c>BlobClient.DownloadToAsync(path, …)</c> and the SDK's default transfer options, <paramref name="concurrency"/>
    /// blobs at once, into files under <paramref name="folder"/> named like the dataset's. Returns the time from the first
    /// request to the last file written.
    /// </summary>
    public async Task<TimeSpan> DownloadAllAsync(string container, string prefix, Dataset dataset, int concurrency, string folder, CancellationToken cancellationToken)
    {
        var client = _service.GetBlobContainerClient(container);
        foreach (var directory in dataset.Files.Select(f => Path.GetDirectoryName(Path.Combine(folder, f.RelativePath))!).Distinct())
        {
            Directory.CreateDirectory(directory);
        }

        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(dataset.Files, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (file, token) =>
            await client.GetBlobClient(prefix + file.RelativePath).DownloadToAsync(Path.Combine(folder, file.RelativePath), token));
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// Checks that <paramref name="container"/> holds exactly one blob per dataset file under <paramref name="prefix"/>,
    /// each of the file's size, and, for every file (or an evenly spread sample of <paramref name="sample"/> when
    /// given; none when 0), that the blob's downloaded content has the file's MD5.
    /// </summary>
    public async Task<Verification> VerifyAsync(string container, string prefix, Dataset dataset, int? sample, CancellationToken cancellationToken)
    {
        var client = _service.GetBlobContainerClient(container);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var blob in client.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            sizes[blob.Name] = blob.Properties.ContentLength ?? -1;
        }

        var problems = new List<string>();
        var sizeMismatches = 0;
        var missing = 0;
        foreach (var file in dataset.Files)
        {
            if (!sizes.TryGetValue(prefix + file.RelativePath, out var size))
            {
                missing++;
                problems.Add($"{container}/{prefix}{file.RelativePath}: missing");
            }
            else if (size != file.Length)
            {
                sizeMismatches++;
                problems.Add($"{container}/{prefix}{file.RelativePath}: {size} bytes, expected {file.Length}");
            }
        }

        var expected = dataset.Files.Select(f => prefix + f.RelativePath).ToHashSet(StringComparer.Ordinal);
        var extra = sizes.Keys.Count(k => !expected.Contains(k));
        if (extra > 0)
        {
            problems.Add($"{extra} blob(s) under {container}/{prefix} that are not dataset files, e.g. {sizes.Keys.First(k => !expected.Contains(k))}");
        }

        var toHash = Sample(dataset.Files, sample ?? dataset.Files.Count);
        var hashMismatches = 0;
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(toHash, new ParallelOptions { MaxDegreeOfParallelism = VerifyConcurrency, CancellationToken = cancellationToken }, async (file, token) =>
        {
            if (!sizes.ContainsKey(prefix + file.RelativePath))
            {
                return;
            }

            var download = await client.GetBlobClient(prefix + file.RelativePath).DownloadStreamingAsync(cancellationToken: token);
            await using var content = download.Value.Content;
            var md5 = Convert.ToHexString(await MD5.HashDataAsync(content, token));
            if (md5 != file.Md5)
            {
                Interlocked.Increment(ref hashMismatches);
                lock (problems)
                {
                    problems.Add($"{container}/{prefix}{file.RelativePath}: MD5 {md5}, expected {file.Md5}");
                }
            }
        });
        return new Verification(dataset.Files.Count, sizes.Count, missing, sizeMismatches, extra, toHash.Count, hashMismatches, Stopwatch.GetElapsedTime(started), problems.Take(5).ToList());
    }

    /// <summary>Deletes <paramref name="container"/> and its blobs, so that the next import finds none to overwrite.</summary>
    public async Task DeleteContainerAsync(string container, CancellationToken cancellationToken) =>
        await _service.GetBlobContainerClient(container).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    /// <summary><paramref name="count"/> files spread evenly over <paramref name="files"/> (which go from the largest to the smallest).</summary>
    private static List<DatasetFile> Sample(IReadOnlyList<DatasetFile> files, int count) =>
        count >= files.Count ? [.. files] : [.. Enumerable.Range(0, count).Select(i => files[(int)((long)i * files.Count / count)])];
}
