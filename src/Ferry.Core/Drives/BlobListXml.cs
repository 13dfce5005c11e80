using System.Diagnostics.CodeAnalysis;

namespace Ferry.Core.Drives;

/// <summary>The export blob list XML of docs/formats.md §1.2: root <c>BlobList</c> holding <c>BlobPathPrefix</c> and <c>BlobPath</c> in any order.</summary>
public static class BlobListXml
{
    /// <summary>
    /// Reads a blob list: <c>BlobPathPrefix</c> text starts with <c>/</c>; <c>BlobPath</c> text is <c>container/name</c>
    /// without a leading <c>/</c>, with an optional <c>@IncludeSnapshots</c> (<c>true</c>/<c>false</c>/<c>1</c>/<c>0</c>,
    /// default true) or <c>@SnapshotTime</c> (ISO 8601; <c>IncludeSnapshots="true"</c> beside it is refused). At most
    /// <see cref="ManifestLimits.MaxBlobs"/> entries, paths within <see cref="ManifestLimits.MaxPathLength"/> + 64
    /// characters; no other element or attribute. An empty list is valid. The same safety rules as
    /// <see cref="DriveManifestXml.TryRead"/> apply.
    /// </summary>
    /// <returns>True with the list; false with the first problem (the engine reports <c>BlobListFormatInvalid</c>).</returns>
    /// <exception cref="IOException">Reading <paramref name="stream"/> failed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive.</exception>
    public static bool TryRead(Stream stream, ManifestLimits limits, [NotNullWhen(true)] out BlobListDocument? list, [NotNullWhen(false)] out DriveFormatProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.EnsureValid();
        return DriveXml.TryParse(stream, limits.MaxDocumentCharacters, c => Read(c, limits), out list, out problem);
    }

    /// <summary>
    /// Writes the prefixes, then the paths, as UTF-8 XML; <c>SnapshotTime</c> for a snapshot, <c>IncludeSnapshots="false"</c>
    /// for a base blob without snapshots. <paramref name="stream"/> stays open.
    /// </summary>
    /// <exception cref="ArgumentException">A prefix does not start with <c>/</c>, a path is not <c>container/name</c>, or a string holds a character XML cannot carry.</exception>
    /// <exception cref="IOException">Writing failed.</exception>
    public static void Write(Stream stream, BlobListDocument list)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(list);
        var limit = ManifestLimits.Default.MaxBlobPathLength;
        if (list.Prefixes.FirstOrDefault(p => !IsPrefix(p, limit)) is { } prefix)
        {
            throw new ArgumentException($"The prefix '{prefix}' must start with '/' and hold at most {limit} characters.", nameof(list));
        }

        if (list.Paths.FirstOrDefault(p => !ManifestRules.IsBlobPath(p.Path, limit) || p.Path.StartsWith('/')) is { } path)
        {
            throw new ArgumentException($"The blob path '{path.Path}' must be container/name without a leading '/'.", nameof(list));
        }

        using var w = DriveXml.CreateWriter(stream);
        w.WriteStartDocument();
        w.WriteStartElement("BlobList");
        foreach (var p in list.Prefixes)
        {
            w.WriteElementString("BlobPathPrefix", p);
        }

        foreach (var p in list.Paths)
        {
            w.WriteStartElement("BlobPath");
            if (p.SnapshotTime is { } time)
            {
                w.WriteAttributeString("SnapshotTime", DriveXml.FormatTimestamp(time));
            }
            else if (!p.IncludeSnapshots)
            {
                w.WriteAttributeString("IncludeSnapshots", "false");
            }

            w.WriteString(p.Path);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static BlobListDocument Read(XmlCursor c, ManifestLimits limits)
    {
        c.ReadRoot("BlobList");
        c.AllowAttributes();
        var paths = new List<BlobListPath>();
        var prefixes = new List<string>();
        var limit = limits.MaxBlobPathLength;
        if (c.Enter())
        {
            while (c.NextChild())
            {
                if (paths.Count + prefixes.Count == limits.MaxBlobs)
                {
                    throw new DriveFormatException($"The blob list holds more than {limits.MaxBlobs} entries.");
                }

                switch (c.Name)
                {
                    case "BlobPathPrefix":
                        var prefix = c.ReadText(limit);
                        prefixes.Add(IsPrefix(prefix, limit) ? prefix : throw new DriveFormatException($"<BlobPathPrefix> '{XmlCursor.Shown(prefix)}' must start with '/'."));
                        break;
                    case "BlobPath":
                        paths.Add(ReadPath(c, limit));
                        break;
                    default:
                        throw c.Unexpected();
                }
            }
        }

        return new BlobListDocument(paths, prefixes);
    }

    private static BlobListPath ReadPath(XmlCursor c, int limit)
    {
        var include = c.Attribute("IncludeSnapshots");
        var snapshotText = c.Attribute("SnapshotTime");
        var path = c.ReadText(limit, "IncludeSnapshots", "SnapshotTime");
        var where = $"<BlobPath> '{XmlCursor.Shown(path)}'";
        if (path.StartsWith('/') || !ManifestRules.IsBlobPath(path, limit))
        {
            throw new DriveFormatException($"{where} must be container/name without a leading '/'.");
        }

        bool? includeSnapshots = include switch
        {
            null => null,
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw new DriveFormatException($"{where}: IncludeSnapshots must be true or false, not '{XmlCursor.Shown(include)}'."),
        };
        if (snapshotText is null)
        {
            return new BlobListPath(path, includeSnapshots ?? true, null);
        }

        var snapshot = DriveXml.ParseTimestamp(snapshotText, $"{where} SnapshotTime");
        return includeSnapshots is true
            ? throw new DriveFormatException($"{where}: SnapshotTime selects one snapshot; IncludeSnapshots=\"true\" cannot go with it.")
            : new BlobListPath(path, false, snapshot);
    }

    private static bool IsPrefix(string? prefix, int limit) => prefix is not null && prefix.StartsWith('/') && prefix.Length <= limit;
}
