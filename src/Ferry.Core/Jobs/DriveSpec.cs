namespace Ferry.Core.Jobs;

/// <summary>An import drive as the customer describes it at Put Job. Members are non-empty.</summary>
public sealed record DriveSpec(string DriveId, string BitLockerKey, string ManifestFile, string ManifestHash);
