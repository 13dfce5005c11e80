namespace Ferry.Core.Drives;

/// <summary>Why a drive document (manifest, copy log, blob list, metadata, properties, label) was rejected.</summary>
/// <param name="Message">A sentence for logs and operators; never holds a secret such as a storage account key or SAS.</param>
public sealed record DriveFormatProblem(string Message);
