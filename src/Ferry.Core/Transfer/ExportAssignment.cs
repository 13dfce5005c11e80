using Ferry.Core.Drives;

namespace Ferry.Core.Transfer;

/// <summary>Where one selected blob goes: a drive and a file path on it, or nowhere (it did not fit).</summary>
internal sealed record ExportAssignment(string? DriveId, string? FilePath, ExportBlob Blob);

/// <summary>What an exported blob left behind: its copy-log entry and, when written, its manifest entry.</summary>
internal sealed record ExportResult(CopyLogBlob Log, ManifestBlob? Manifest);
