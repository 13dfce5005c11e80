namespace Ferry.Core.Drives;

/// <summary>A copy log <c>Block</c> or <c>PageRange</c> (which one follows the blob's <see cref="CopyLogBlob.Kind"/>).</summary>
/// <param name="Offset">Byte offset in the file and the blob, ≥ 0.</param>
/// <param name="Length">Length in bytes, ≥ 0.</param>
/// <param name="Id">A block's Base64 id; null for a page range or a block without id.</param>
/// <param name="Hash">The manifest's MD5 of the range as 32 hex digits (uppercase when read); null when absent.</param>
/// <param name="Status">A range status of docs/formats.md §3.3 (<see cref="CopyLogStatus.Completed"/>, <see cref="CopyLogStatus.Corrupted"/>, …).</param>
public sealed record CopyLogRange(long Offset, long Length, string? Id, string? Hash, string Status);
