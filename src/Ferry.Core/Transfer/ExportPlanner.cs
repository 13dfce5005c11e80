using Ferry.Core.Drives;

namespace Ferry.Core.Transfer;

/// <summary>
/// Fills the job's drives in order (docs/lifecycle.md §6): each blob, in selection order, goes onto the first drive with
/// room for it, its properties and metadata files and its share of the manifest; a blob that fits on no drive is left
/// for the incomplete-blob list. File paths mirror blob paths unless the name is illegal or collides on the drive.
/// </summary>
internal static class ExportPlanner
{
    /// <summary>Room kept on every drive for its manifest and label.</summary>
    public const long ManifestReserve = 1024 * 1024;

    /// <summary>Bytes counted per blob beyond its data: the properties and metadata files and its manifest entry.</summary>
    public const long PerBlobOverhead = 8 * 1024;

    public static IReadOnlyList<ExportAssignment> Plan(IReadOnlyList<ExportBlob> blobs, IReadOnlyList<(string DriveId, long Capacity)> drives, int blockSize)
    {
        var free = drives.Select(d => d.Capacity - ManifestReserve).ToArray();
        var files = drives.Select(_ => new HashSet<string>(StringComparer.OrdinalIgnoreCase)).ToArray();
        var directories = drives.Select(_ => new HashSet<string>(StringComparer.OrdinalIgnoreCase)).ToArray();
        var plan = new List<ExportAssignment>(blobs.Count);
        foreach (var blob in blobs)
        {
            var cost = blob.Length + PerBlobOverhead + (blob.Length / blockSize + 1) * 200;
            var index = Array.FindIndex(free, f => f >= cost);
            if (index < 0)
            {
                plan.Add(new ExportAssignment(null, null, blob));
                continue;
            }

            free[index] -= cost;
            var path = DrivePaths.ForExportedBlob(blob.BlobPath, blob.Snapshot);
            if (Collides(path, files[index], directories[index]))
            {
                // The position in the selection makes the hashed name unique and the plan deterministic.
                path = DrivePaths.ForExportedBlob(blob.BlobPath + "\n" + plan.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), blob.Snapshot);
                path = @"\_blobs\" + path.Split('\\')[^1];
            }

            Occupy(path, files[index], directories[index]);
            plan.Add(new ExportAssignment(drives[index].DriveId, path, blob));
        }

        return plan;
    }

    // A file where a directory of another blob is, or the other way round (blob "a" beside blob "a/b"), or a
    // properties/metadata file name taken by a blob.
    private static bool Collides(string path, HashSet<string> files, HashSet<string> directories) =>
        files.Contains(path) || directories.Contains(path) || files.Contains(path + ".properties") || files.Contains(path + ".metadata")
        || Parents(path).Any(files.Contains);

    private static void Occupy(string path, HashSet<string> files, HashSet<string> directories)
    {
        files.Add(path);
        files.Add(path + ".properties");
        files.Add(path + ".metadata");
        foreach (var parent in Parents(path))
        {
            directories.Add(parent);
        }
    }

    private static IEnumerable<string> Parents(string path)
    {
        for (var i = path.LastIndexOf('\\'); i > 0; i = path.LastIndexOf('\\', i - 1))
        {
            yield return path[..i];
        }
    }
}
