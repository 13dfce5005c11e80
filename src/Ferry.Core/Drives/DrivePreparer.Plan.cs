namespace Ferry.Core.Drives;

/// <summary>Planning: which file goes to which drive under which name, checked before anything is written.</summary>
public sealed partial class DrivePreparer
{
    /// <summary>Directory enumeration: hidden and system files too; never into linked directories.</summary>
    private static readonly EnumerationOptions _enumeration = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    private sealed record PlanResult(List<SideFileRecord> SideFiles, List<FileRecord> Files);

    /// <summary>A data file found in the dataset, with its blob.</summary>
    private sealed record Source(DatasetEntry Entry, string FullPath, string Relative, long Length, string BlobPath);

    /// <summary>A metadata or properties file of the dataset, checked and hashed: <see cref="Number"/> names its copies.</summary>
    private sealed record SideSource(string FullPath, int Number, long Length, string Hash);

    private static PlanResult Plan(PrepareRequest request, IReadOnlyList<DriveRecord> drives, JournalState state)
    {
        foreach (var entry in request.Dataset)
        {
            var drive = drives.FirstOrDefault(d => IsInside(entry.BasePath, d.Root));
            if (request.SkipWrite && drive is null)
            {
                throw new DrivePreparationException($"With --skip-write every BasePath must be inside a drive: '{entry.BasePath}' is not.");
            }

            if (!request.SkipWrite && drive is not null)
            {
                throw new DrivePreparationException($"'{entry.BasePath}' is already on drive {drive.DriveId}; use --skip-write to prepare data in place.");
            }
        }

        var sources = Sources(request, drives);
        if (sources.Count == 0)
        {
            throw new DrivePreparationException("The dataset holds no file to copy.");
        }

        var sides = SideSources(request.Dataset);
        return request.SkipWrite ? PlanInPlace(request, drives, sources, sides) : PlanCopy(request, drives, state, sources, sides);
    }

    private static List<Source> Sources(PrepareRequest request, IReadOnlyList<DriveRecord> drives)
    {
        var reserved = drives.SelectMany(d => new[] { DriveLabel.FileName, ManifestFileName, ManifestFileName + ".tmp" }.Select(n => Path.Join(d.Root, n)))
            .ToHashSet(OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        var sources = new List<Source>();
        var blobs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in request.Dataset)
        {
            IEnumerable<(string FullPath, string Relative)> files;
            if (entry.IsDirectory)
            {
                var directory = Path.TrimEndingDirectorySeparator(entry.BasePath);
                if (!Directory.Exists(directory))
                {
                    throw new DrivePreparationException($"The directory '{entry.BasePath}' does not exist.");
                }

                files = Directory.EnumerateFiles(directory, "*", _enumeration)
                    .Where(f => !reserved.Contains(f))
                    .Select(f => (f, Path.GetRelativePath(directory, f).Replace(Path.DirectorySeparatorChar, '/')))
                    .OrderBy(f => f.Item2, StringComparer.Ordinal)
                    .ToList();
            }
            else
            {
                files = File.Exists(entry.BasePath)
                    ? [(entry.BasePath, Path.GetFileName(entry.BasePath))]
                    : throw new DrivePreparationException($"The file '{entry.BasePath}' does not exist.");
            }

            foreach (var (fullPath, relative) in files)
            {
                var length = new FileInfo(fullPath).Length;
                var blobPath = entry.IsDirectory ? entry.DstBlobPathOrPrefix + relative : entry.DstBlobPathOrPrefix;
                CheckBlob(request, entry, fullPath, length, blobPath);
                if (!blobs.Add(blobPath))
                {
                    throw new DrivePreparationException($"Two files of the session go to the blob '{blobPath}' (the second is '{fullPath}').");
                }

                sources.Add(new Source(entry, fullPath, relative, length, blobPath));
            }
        }

        return sources;
    }

    private static void CheckBlob(PrepareRequest request, DatasetEntry entry, string fullPath, long length, string blobPath)
    {
        if (BlobNames.ProblemOf(blobPath) is { } problem)
        {
            throw new DrivePreparationException($"The file '{fullPath}' cannot be imported as '{blobPath}': {problem}");
        }

        var limits = ManifestLimits.Default;
        if (blobPath.Length > limits.MaxBlobPathLength)
        {
            throw new DrivePreparationException($"The blob path of '{fullPath}' is longer than {limits.MaxBlobPathLength} characters.");
        }

        if (entry.BlobType == BlobKind.PageBlob)
        {
            if (length % ManifestRules.PageSize != 0)
            {
                throw new DrivePreparationException($"The file '{fullPath}' is {length} bytes, not a multiple of 512: it cannot be imported as a page blob.");
            }

            if (Chunks(length, PageRangeSize(request.BlockSize)) > limits.MaxPageRangesPerBlob)
            {
                throw new DrivePreparationException($"The file '{fullPath}' needs more than {limits.MaxPageRangesPerBlob} page ranges; use a larger block size.");
            }
        }
        else if (Chunks(length, request.BlockSize) > limits.MaxBlocksPerBlob)
        {
            throw new DrivePreparationException($"The file '{fullPath}' needs more than {limits.MaxBlocksPerBlob} blocks of {request.BlockSize} bytes; use a larger block size (at most 4 MiB).");
        }
    }

    private static Dictionary<string, SideSource> SideSources(IReadOnlyList<DatasetEntry> dataset)
    {
        var sides = new Dictionary<string, SideSource>(OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        foreach (var entry in dataset)
        {
            foreach (var (path, metadata) in new[] { (entry.MetadataFile, true), (entry.PropertiesFile, false) })
            {
                if (path is null || sides.ContainsKey(path))
                {
                    continue;
                }

                if (!File.Exists(path))
                {
                    throw new DrivePreparationException($"The {(metadata ? "metadata" : "properties")} file '{path}' does not exist.");
                }

                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
                {
                    var valid = metadata
                        ? BlobFileXml.TryReadMetadata(stream, out _, out var problem)
                        : BlobFileXml.TryReadProperties(stream, out _, out problem);
                    if (!valid)
                    {
                        throw new DrivePreparationException($"The {(metadata ? "metadata" : "properties")} file '{path}' is not valid (docs/formats.md §4): {problem!.Message}");
                    }
                }

                var (length, hash) = Md5File.Of(path);
                sides[path] = new SideSource(path, sides.Count + 1, length, hash);
            }
        }

        return sides;
    }

    private static PlanResult PlanCopy(PrepareRequest request, IReadOnlyList<DriveRecord> drives, JournalState state, List<Source> sources, Dictionary<string, SideSource> sides)
    {
        var rooms = drives.Select(d => Room(d, state)).ToArray();
        var names = drives.Select(d => new DriveNames(d.Root)).ToArray();
        var result = new PlanResult([], []);
        var copies = new Dictionary<(string Side, string DriveId), int>();
        var current = 0;
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            var needed = new[] { source.Entry.MetadataFile, source.Entry.PropertiesFile }.OfType<string>().Distinct().Select(p => sides[p]).ToList();
            long Cost(int drive) => source.Length + PerBlockReserve * (Chunks(source.Length, request.BlockSize) + 1)
                + needed.Where(s => !copies.ContainsKey((s.FullPath, drives[drive].DriveId))).Sum(s => s.Length + PerBlockReserve);
            while (current < drives.Count && rooms[current] < Cost(current))
            {
                current++;
            }

            if (current == drives.Count)
            {
                throw NoRoom(request, drives, state, sources, i);
            }

            var drive = drives[current];
            rooms[current] -= Cost(current);
            int? Copy(string? side)
            {
                if (side is null)
                {
                    return null;
                }

                if (!copies.TryGetValue((side, drive.DriveId), out var id))
                {
                    var info = sides[side];
                    var path = names[current].Claim($@"\{request.SessionId}\_files\{info.Number}-{Path.GetFileName(side)}", side);
                    id = result.SideFiles.Count;
                    result.SideFiles.Add(new SideFileRecord(id, side, drive.DriveId, path, info.Length, info.Hash, InPlace: false));
                    copies[(side, drive.DriveId)] = id;
                }

                return id;
            }

            var (metadataId, propertiesId) = (Copy(source.Entry.MetadataFile), Copy(source.Entry.PropertiesFile));
            var relative = source.Entry.IsDirectory ? source.Relative.Replace('/', '\\') : Path.GetFileName(source.FullPath);
            var filePath = names[current].Claim($@"\{request.SessionId}\{relative}", source.FullPath);
            result.Files.Add(new FileRecord(i, source.FullPath, drive.DriveId, filePath, source.BlobPath, source.Entry.BlobType, source.Entry.Disposition, source.Length, metadataId, propertiesId));
        }

        return result;
    }

    private static DrivePreparationException NoRoom(PrepareRequest request, IReadOnlyList<DriveRecord> drives, JournalState state, List<Source> sources, int index)
    {
        var source = sources[index];
        var cost = source.Length + PerBlockReserve * (Chunks(source.Length, request.BlockSize) + 1);
        var largest = drives.Max(d => Room(d, state));
        if (cost > largest)
        {
            return new DrivePreparationException(
                $"The file '{source.FullPath}' ({source.Length} bytes) fits on no drive: the roomiest drive has {Math.Max(0, largest)} bytes free after the manifest reserve. Nothing was copied.");
        }

        var rest = sources.Skip(index).Sum(s => s.Length);
        return new DrivePreparationException(
            $"The dataset does not fit on the drives: '{source.FullPath}' and the {sources.Count - index - 1} files after it ({rest} bytes) have no room left. Add a drive or larger capacities. Nothing was copied.");
    }

    private static PlanResult PlanInPlace(PrepareRequest request, IReadOnlyList<DriveRecord> drives, List<Source> sources, Dictionary<string, SideSource> sides)
    {
        var names = drives.ToDictionary(d => d.DriveId, d => new DriveNames(d.Root), StringComparer.OrdinalIgnoreCase);
        var result = new PlanResult([], []);
        var refs = new Dictionary<(string Side, string DriveId), int>();
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            var drive = drives.First(d => IsInside(source.FullPath, d.Root));
            int? Ref(string? side)
            {
                if (side is null)
                {
                    return null;
                }

                if (!refs.TryGetValue((side, drive.DriveId), out var id))
                {
                    var info = sides[side];
                    var inPlace = IsInside(side, drive.Root);
                    var path = inPlace
                        ? InPlacePath(drive, side)
                        : names[drive.DriveId].Claim($@"\{request.SessionId}\_files\{info.Number}-{Path.GetFileName(side)}", side);
                    id = result.SideFiles.Count;
                    result.SideFiles.Add(new SideFileRecord(id, side, drive.DriveId, path, info.Length, info.Hash, inPlace));
                    refs[(side, drive.DriveId)] = id;
                }

                return id;
            }

            var (metadataId, propertiesId) = (Ref(source.Entry.MetadataFile), Ref(source.Entry.PropertiesFile));
            result.Files.Add(new FileRecord(i, source.FullPath, drive.DriveId, InPlacePath(drive, source.FullPath), source.BlobPath, source.Entry.BlobType, source.Entry.Disposition, source.Length, metadataId, propertiesId));
        }

        return result;
    }

    private static string InPlacePath(DriveRecord drive, string fullPath)
    {
        var path = DrivePaths.ToDrivePath(Path.GetRelativePath(drive.Root, fullPath));
        return DrivePaths.TryResolve(drive.Root, path, out _) switch
        {
            DrivePathProblem.None => path,
            var problem => throw new DrivePreparationException($"The file '{fullPath}' cannot be named in a manifest ({problem}: see the drive path rules)."),
        };
    }

    /// <summary>Bytes a drive still offers this session, after earlier sessions' files and the manifest reserve.</summary>
    private static long Room(DriveRecord drive, JournalState state)
    {
        var earlierFiles = state.Sessions.Where(s => s.Planned)
            .SelectMany(s => s.Files.Where(f => IsOn(f.DriveId, drive)).Select(f => (f.Length, Overhead: PerBlockReserve * (Chunks(f.Length, s.Record.BlockSize) + 1))))
            .Concat(state.Sessions.Where(s => s.Planned).SelectMany(s => s.SideFiles.Where(f => IsOn(f.DriveId, drive) && !f.InPlace).Select(f => (f.Length, Overhead: PerBlockReserve))))
            .ToList();
        var overhead = ManifestReserve + earlierFiles.Sum(f => f.Overhead);
        return drive.Capacity is { } capacity
            ? capacity - earlierFiles.Sum(f => f.Length) - overhead
            : new DriveInfo(ExistingAncestor(drive.Root)).AvailableFreeSpace - overhead;
    }

    /// <summary>The folder itself, or (for a drive folder not created yet) its nearest existing parent.</summary>
    private static string ExistingAncestor(string folder)
    {
        var current = folder;
        while (!Directory.Exists(current) && Path.GetDirectoryName(current) is { } parent)
        {
            current = parent;
        }

        return current;
    }

    private static bool IsOn(string driveId, DriveRecord drive) => string.Equals(driveId, drive.DriveId, StringComparison.OrdinalIgnoreCase);

    /// <summary>Blocks (or ranges) of <paramref name="size"/> that <paramref name="length"/> bytes take; 0 for an empty file.</summary>
    private static long Chunks(long length, long size) => (length + size - 1) / size;

    /// <summary>Page ranges are the block size rounded down to whole pages.</summary>
    private static int PageRangeSize(int blockSize) => (int)(blockSize / ManifestRules.PageSize * ManifestRules.PageSize);
}
