using Ferry.Core.Drives;

namespace Ferry.Core.Transfer;

/// <summary>One blob of an import drive's manifest, with its list's global metadata and properties files.</summary>
internal sealed record ImportWork(int Ordinal, ManifestBlob Blob, ManifestFileRef? GlobalMetadata, ManifestFileRef? GlobalProperties)
{
    /// <summary>The manifest's blobs in order.</summary>
    public static IReadOnlyList<ImportWork> Of(DriveManifest manifest) =>
        [.. manifest.BlobLists.SelectMany(list => list.Blobs.Select(blob => (list, blob)))
            .Select((pair, ordinal) => new ImportWork(ordinal, pair.blob, pair.list.Metadata, pair.list.Properties))];
}
