namespace Ferry.Core.Drives;

/// <summary>How far a repair is, reported after every block or range sent and every blob finished.</summary>
/// <param name="BlobsDone">Blobs finished (repaired, or reported as not repairable).</param>
/// <param name="BlobsTotal">Blobs the copy log shows as needing a repair.</param>
/// <param name="BytesDone">Bytes sent so far.</param>
/// <param name="BytesTotal">Bytes of the failing blocks and ranges (more may be sent when the service lost staged blocks).</param>
/// <param name="CurrentBlob">The blob being repaired; null before the first and after the last.</param>
public sealed record RepairProgress(int BlobsDone, int BlobsTotal, long BytesDone, long BytesTotal, string? CurrentBlob);
