using System.Security.Cryptography;

namespace Ferry.Core.Drives;

/// <summary>Whole-file MD5s, streamed (never the whole file in memory).</summary>
internal static class Md5File
{
    /// <summary>The length and uppercase hex MD5 of the file at <paramref name="path"/>.</summary>
    public static (long Length, string Hash) Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return (stream.Length, Of(stream));
    }

    /// <summary>The uppercase hex MD5 of <paramref name="stream"/> from its position to its end.</summary>
    public static string Of(Stream stream) => Convert.ToHexString(MD5.HashData(stream));
}
