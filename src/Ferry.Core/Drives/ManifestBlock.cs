namespace Ferry.Core.Drives;

/// <summary>A manifest <c>Block</c>: one block of a block blob's file.</summary>
/// <param name="Offset">Byte offset of the block in the file (and the blob).</param>
/// <param name="Length">Block size in bytes, 1 to <see cref="ManifestLimits.MaxBlockLength"/>.</param>
/// <param name="Id">The block id in Base64 (Put Block rules), or null when the manifest names no block ids.</param>
/// <param name="Hash">MD5 of the block's bytes as 32 hex digits; the reader gives it in uppercase.</param>
public sealed record ManifestBlock(long Offset, long Length, string? Id, string Hash);
