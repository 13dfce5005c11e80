using System.Security.Cryptography;

namespace Ferry.Core.Drives;

/// <summary>MD5 hashes as the drive formats write them: 32 uppercase hex digits (Base16).</summary>
public static class Md5Hex
{
    /// <summary>The uppercase hex MD5 of <paramref name="data"/>.</summary>
#pragma warning disable CA5351 // The manifest and copy-log formats define their hashes as MD5.
    public static string Of(ReadOnlySpan<byte> data) => Convert.ToHexString(MD5.HashData(data));
#pragma warning restore CA5351

    /// <summary>A 16-byte MD5 as 32 uppercase hex digits.</summary>
    /// <exception cref="ArgumentException"><paramref name="md5"/> is not 16 bytes long.</exception>
    public static string ToHex(byte[] md5)
    {
        ArgumentNullException.ThrowIfNull(md5);
        return md5.Length == MD5.HashSizeInBytes
            ? Convert.ToHexString(md5)
            : throw new ArgumentException($"An MD5 has {MD5.HashSizeInBytes} bytes, not {md5.Length}.", nameof(md5));
    }
}
