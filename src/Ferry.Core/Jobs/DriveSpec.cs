namespace Ferry.Core.Jobs;

/// <summary>
/// An import drive as the customer describes it at Put Job. The first four members are non-empty;
/// <paramref name="DriveHeaderHash"/> (ARM) is optional.
/// </summary>
public sealed record DriveSpec(string DriveId, string BitLockerKey, string ManifestFile, string ManifestHash, string? DriveHeaderHash = null);
