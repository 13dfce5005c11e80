using System.Text.Json.Serialization;

namespace Ferry.Core.Drives;

/// <summary>One line of a v2 <c>dataset.csv</c> (docs/formats.md §7.4): a file or a directory to import, and where it goes.</summary>
/// <param name="BasePath">
/// The full path of the source: a file, or a directory when it ends with a directory separator (<see cref="IsDirectory"/>).
/// </param>
/// <param name="DstBlobPathOrPrefix">
/// For a file, the destination blob <c>container/name</c>; for a directory, the prefix <c>container/</c> or
/// <c>container/virtual/dir/</c> (always ending with <c>/</c>) to which each file's relative path is appended.
/// </param>
/// <param name="BlobType">The blob type of every file of the entry; a page blob's length must be a multiple of 512.</param>
/// <param name="Disposition">What the import does when the blob already exists (docs/formats.md §6).</param>
/// <param name="MetadataFile">The full path of a metadata file (docs/formats.md §4) for every blob of the entry; null for none.</param>
/// <param name="PropertiesFile">The full path of a properties file (docs/formats.md §4) for every blob of the entry; null for none.</param>
public sealed record DatasetEntry(string BasePath, string DstBlobPathOrPrefix, BlobKind BlobType, ImportDisposition Disposition, string? MetadataFile, string? PropertiesFile)
{
    /// <summary>True when <see cref="BasePath"/> names a directory (it ends with <c>\</c> or <c>/</c>).</summary>
    [JsonIgnore]
    public bool IsDirectory => BasePath.EndsWith('/') || BasePath.EndsWith('\\');
}
