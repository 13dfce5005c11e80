using System.Security.Cryptography;

namespace Ferry.Benchmarks.Transfer;

/// <summary>Checks of a folder that should hold the dataset's files (a baseline download, an export drive).</summary>
internal static class LocalFolder
{
    /// <summary>How many files of <paramref name="dataset"/> are missing under <paramref name="folder"/> or differ in MD5 (hashed 4 at once).</summary>
    public static async Task<int> CountWrongAsync(string folder, Dataset dataset, CancellationToken cancellationToken)
    {
        var wrong = 0;
        await Parallel.ForEachAsync(dataset.Files, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (file, token) =>
        {
            var path = Path.Combine(folder, file.RelativePath);
            if (!File.Exists(path))
            {
                Interlocked.Increment(ref wrong);
                return;
            }

            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
            if (Convert.ToHexString(await MD5.HashDataAsync(stream, token)) != file.Md5)
            {
                Interlocked.Increment(ref wrong);
            }
        });
        return wrong;
    }
}
