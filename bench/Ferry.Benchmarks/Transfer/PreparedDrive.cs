namespace Ferry.Benchmarks.Transfer;

/// <summary>A drive as <c>ferry drive prepare --output json</c> reports it: what the Put Job's DriveList needs.</summary>
internal sealed record PreparedDrive(string DriveId, string BitLockerKey, string ManifestFile, string ManifestHash);
