namespace Ferry.Core.Jobs;

/// <summary>A drive found in a package at the data centre.</summary>
/// <param name="DriveId">The drive's serial number.</param>
/// <param name="ContentPath">Where its content is on the server host, or null when unknown.</param>
public sealed record ReceivedDrive(string DriveId, string? ContentPath);
