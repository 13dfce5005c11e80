namespace Ferry.Core.Transfer;

/// <summary>A claimed unit of transfer work: an import drive, or (with an empty <paramref name="DriveId"/>) a whole export job.</summary>
/// <param name="JobId">The job's store key.</param>
/// <param name="DriveId">The import drive's id; empty for an export job.</param>
/// <param name="Owner">The claiming worker.</param>
public sealed record TransferClaim(long JobId, string DriveId, string Owner);
