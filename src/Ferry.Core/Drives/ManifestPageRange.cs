namespace Ferry.Core.Drives;

/// <summary>A manifest <c>PageRange</c>: one written range of a page blob's file.</summary>
/// <param name="Offset">Byte offset, a multiple of 512.</param>
/// <param name="Length">Size in bytes, a multiple of 512, 512 to 4 MiB.</param>
/// <param name="Hash">MD5 of the range's bytes as 32 hex digits; the reader gives it in uppercase.</param>
public sealed record ManifestPageRange(long Offset, long Length, string Hash);
