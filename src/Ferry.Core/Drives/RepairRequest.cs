using Azure.Storage.Blobs;

namespace Ferry.Core.Drives;

/// <summary>A repair of an import after its job (the WAImportExport tool's RepairImport, docs/formats.md §7.2).</summary>
/// <param name="CopyLogFile">The drive's copy log, error or verbose (docs/formats.md §3), as downloaded from the storage account.</param>
/// <param name="ManifestFile">The drive's manifest (docs/formats.md §2): the blocks, ranges and MD5s the blobs must end with.</param>
/// <param name="SourceDirectories">
/// Where the original files are: the drive's root, or the directories the data was copied from. A file is looked for by its
/// drive path under each directory (also without its leading segments, such as the session folder), then by name and
/// length anywhere below them.
/// </param>
/// <param name="PathMapFile">
/// Optional: lines <c>drive-path&lt;TAB&gt;actual-path</c> naming the file of a drive path outright (for names found more
/// than once); a relative actual path is relative to the map file's directory. Null for none.
/// </param>
/// <param name="ContainerClient">
/// The client of a container, by name: an account-key client of the account, or the SAS container's client. The repairer
/// never creates containers.
/// </param>
public sealed record RepairRequest(
    string CopyLogFile,
    string ManifestFile,
    IReadOnlyList<string> SourceDirectories,
    string? PathMapFile,
    Func<string, BlobContainerClient> ContainerClient);
