namespace Ferry.Core.Drives;

/// <summary>A copy log <c>Metadata</c> or <c>Properties</c> element: how a blob's metadata or properties file fared.</summary>
/// <param name="Status">A metadata/properties status of docs/formats.md §3.3.</param>
/// <param name="GlobalPath">The blob list's file (<c>GlobalPath</c>); null when none.</param>
/// <param name="GlobalHash">Its MD5 (<c>GlobalPath/@Hash</c>); null when absent.</param>
/// <param name="Path">The blob's own file (<c>Path</c>); null when none.</param>
/// <param name="Hash">Its MD5 (<c>Path/@Hash</c>); null when absent.</param>
public sealed record CopyLogFileStatus(string Status, string? GlobalPath, string? GlobalHash, string? Path, string? Hash);
