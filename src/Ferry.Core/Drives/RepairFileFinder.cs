namespace Ferry.Core.Drives;

/// <summary>Where a repair found (or did not find) the original file of a drive path.</summary>
/// <param name="Path">The file to read; null when none was found.</param>
/// <param name="Reason">How it was found, or why not (names candidates when there were several).</param>
internal sealed record FoundFile(string? Path, string Reason);

/// <summary>
/// Finds the original files of drive paths for a repair: first the path map, then the drive path under each source
/// directory (also without its leading segments, so the session folder may be left out), then any file of the same name
/// and length below the source directories. A candidate must also pass <c>matches</c> (its bytes hash to the manifest's
/// MD5s); several matching candidates found by name are ambiguous and reported, for the path map to settle.
/// </summary>
internal sealed class RepairFileFinder(IReadOnlyList<string> sourceDirectories, IReadOnlyDictionary<string, string> pathMap)
{
    private const int ShownCandidates = 5;

    private ILookup<string, string>? _byName;

    /// <summary>
    /// Reads a path map: lines <c>drive-path&lt;TAB&gt;actual-path</c>; blank lines are skipped; a relative actual path is
    /// relative to the map's directory. Keys ignore case and a leading separator.
    /// </summary>
    /// <exception cref="DrivePreparationException">A line has no tab or an empty side, or a drive path appears twice.</exception>
    public static IReadOnlyDictionary<string, string> ReadPathMap(string path)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0 || tab == line.Length - 1)
            {
                throw new DrivePreparationException($"The path map '{path}' line {number} is not 'drive-path<TAB>actual-path'.");
            }

            var key = RepairPlanner.Normalize(line[..tab]);
            if (!map.TryAdd(key, System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, line[(tab + 1)..]))))
            {
                throw new DrivePreparationException($"The path map '{path}' line {number} maps {line[..tab]} a second time.");
            }
        }

        return map;
    }

    /// <summary>The file of <paramref name="drivePath"/> with <paramref name="length"/> bytes (any length when null).</summary>
    public FoundFile Find(string drivePath, long? length, Func<string, bool> matches)
    {
        var relative = RepairPlanner.Normalize(drivePath);
        if (pathMap.TryGetValue(relative, out var mapped))
        {
            return File.Exists(mapped)
                ? new FoundFile(mapped, "named by the path map")
                : new FoundFile(null, $"the path map names '{mapped}', which does not exist.");
        }

        string? mismatched = null;
        var segments = relative.Split('\\');
        foreach (var directory in sourceDirectories)
        {
            for (var skip = 0; skip < segments.Length; skip++)
            {
                var candidate = string.Join('\\', segments[skip..]);
                if (DrivePaths.TryResolve(System.IO.Path.GetFullPath(directory), candidate, out var full) != DrivePathProblem.None || !Fits(full, length))
                {
                    continue;
                }

                if (matches(full))
                {
                    return new FoundFile(full, "found by its drive path");
                }

                mismatched ??= full;
            }
        }

        var named = ByName()[System.IO.Path.GetFileName(relative.Replace('\\', System.IO.Path.DirectorySeparatorChar))]
            .Where(f => Fits(f, length))
            .ToList();
        var matching = named.Where(matches).ToList();
        if (matching.Count == 1)
        {
            return new FoundFile(matching[0], "found by name and length");
        }

        if (matching.Count > 1)
        {
            var shown = string.Join(", ", matching.Take(ShownCandidates).Select(m => $"'{m}'"));
            return new FoundFile(null, $"{matching.Count} files match ({shown}{(matching.Count > ShownCandidates ? ", …" : "")}); name the right one in the path map ({drivePath}<TAB>path).");
        }

        // A file at the right place whose bytes differ: use it, so the repair reports the blob as still corrupted.
        return mismatched is not null
            ? new FoundFile(mismatched, "found by its drive path, but its bytes differ from the manifest")
            : named.Count > 0
                ? new FoundFile(named[0], "found by name and length, but its bytes differ from the manifest")
                : new FoundFile(null, $"no file named {System.IO.Path.GetFileName(relative.Replace('\\', '/'))}{(length is { } l ? $" of {l} bytes" : "")} under the source directories.");
    }

    private static bool Fits(string path, long? length)
    {
        var info = new FileInfo(path);
        return info.Exists && (length is null || info.Length == length);
    }

    /// <summary>Every file below the source directories by name (ignoring case), read once, on first need.</summary>
    private ILookup<string, string> ByName() =>
        _byName ??= sourceDirectories
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }))
            .Order(StringComparer.Ordinal)
            .ToLookup(f => System.IO.Path.GetFileName(f), StringComparer.OrdinalIgnoreCase);
}
