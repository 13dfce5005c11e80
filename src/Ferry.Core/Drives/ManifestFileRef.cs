namespace Ferry.Core.Drives;

/// <summary>
/// A manifest <c>MetadataPath</c> or <c>PropertiesPath</c>: a metadata or properties file (docs/formats.md §4) on the drive.
/// </summary>
/// <param name="Path">
/// The drive path as written, e.g. <c>\dir\f.metadata</c>; not checked by the reader beyond its length: resolve it with
/// <see cref="DrivePaths.TryResolve"/>, which reports bad names per file.
/// </param>
/// <param name="Hash">The file's MD5 as 32 hex digits; the reader gives it in uppercase.</param>
public sealed record ManifestFileRef(string Path, string Hash);
