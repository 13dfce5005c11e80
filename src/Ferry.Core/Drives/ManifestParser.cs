namespace Ferry.Core.Drives;

/// <summary>Reads a <c>DriveManifest</c> document element by element, applying <see cref="ManifestRules"/> as it goes.</summary>
internal sealed class ManifestParser(XmlCursor c, ManifestLimits limits)
{
    private int _blobs;

    /// <summary>The whole document; throws <see cref="DriveFormatException"/> at the first broken rule.</summary>
    public DriveManifest ReadManifest()
    {
        c.ReadRoot("DriveManifest");
        var version = c.RequiredAttribute("Version");
        c.AllowAttributes("Version");
        if (version is not (DriveManifest.CurrentVersion or DriveManifest.LegacyVersion))
        {
            throw new DriveFormatException($"The manifest version must be {DriveManifest.CurrentVersion} or {DriveManifest.LegacyVersion}, not '{XmlCursor.Shown(version)}'.");
        }

        DriveManifest? manifest = null;
        var position = 0;
        if (c.Enter())
        {
            while (c.NextChild())
            {
                if (c.Name != "Drive")
                {
                    throw c.Unexpected();
                }

                c.InOrder(ref position, 1);
                manifest = ReadDrive(version);
            }
        }

        return manifest ?? throw new DriveFormatException("<DriveManifest> must hold <Drive>.");
    }

    private DriveManifest ReadDrive(string version)
    {
        c.AllowAttributes();
        string? driveId = null, key = null, sas = null, creator = null;
        var lists = new List<ManifestBlobList>();
        var position = 0;
        if (c.Enter())
        {
            while (c.NextChild())
            {
                switch (c.Name)
                {
                    case "DriveId":
                        c.InOrder(ref position, 1);
                        driveId = c.ReadText(ManifestRules.MaxDriveIdLength);
                        break;
                    case "StorageAccountKey":
                        c.InOrder(ref position, 2);
                        key = c.ReadText(limits.MaxTextLength);
                        break;
                    case "ContainerSas":
                        c.InOrder(ref position, 2);
                        sas = c.ReadText(limits.MaxTextLength);
                        break;
                    case "ClientCreator":
                        c.InOrder(ref position, 3);
                        creator = c.ReadText(limits.MaxTextLength);
                        break;
                    case "BlobList":
                        if (driveId is null)
                        {
                            throw new DriveFormatException("<DriveId> must come before any <BlobList>.");
                        }

                        c.InOrder(ref position, 4, repeatable: true);
                        lists.Add(ReadBlobList());
                        break;
                    default:
                        throw c.Unexpected();
                }
            }
        }

        var manifest = new DriveManifest(version, driveId ?? throw new DriveFormatException("<Drive> must hold <DriveId>."), key, sas, creator, lists);
        return ManifestRules.CheckTop(manifest, limits) is { } problem ? throw new DriveFormatException(problem) : manifest;
    }

    private ManifestBlobList ReadBlobList()
    {
        var id = c.Attribute("Id");
        c.AllowAttributes("Id");
        ManifestFileRef? metadata = null, properties = null;
        var blobs = new List<ManifestBlob>();
        var position = 0;
        if (c.Enter())
        {
            while (c.NextChild())
            {
                switch (c.Name)
                {
                    case "MetadataPath":
                        c.InOrder(ref position, 1);
                        metadata = ReadFileRef();
                        break;
                    case "PropertiesPath":
                        c.InOrder(ref position, 2);
                        properties = ReadFileRef();
                        break;
                    case "Blob":
                        c.InOrder(ref position, 3, repeatable: true);
                        if (++_blobs > limits.MaxBlobs)
                        {
                            throw new DriveFormatException($"The manifest lists more than {limits.MaxBlobs} blobs.");
                        }

                        blobs.Add(ReadBlob());
                        break;
                    default:
                        throw c.Unexpected();
                }
            }
        }

        if (blobs.Count == 0)
        {
            throw new DriveFormatException("Every <BlobList> must hold at least one <Blob>.");
        }

        var list = new ManifestBlobList(id, metadata, properties, blobs);
        return ManifestRules.CheckBlobList(list, limits) is { } problem ? throw new DriveFormatException(problem) : list;
    }

    private ManifestFileRef ReadFileRef()
    {
        var element = c.Name;
        var hash = c.Attribute("Hash");
        var path = c.ReadText(ManifestRules.MaxDrivePathLength, "Hash");
        return new ManifestFileRef(path, DriveXml.ParseMd5Hex(hash, $"<{element}> '{XmlCursor.Shown(path)}' Hash"));
    }

    private ManifestBlob ReadBlob()
    {
        c.AllowAttributes();
        string? blobPath = null, filePath = null, clientData = null;
        long? length = null;
        DateTimeOffset? snapshot = null;
        ImportDisposition? disposition = null;
        var kind = BlobKind.BlockBlob;
        List<ManifestBlock> blocks = [];
        List<ManifestPageRange> ranges = [];
        ManifestFileRef? metadata = null, properties = null;
        var position = 0;
        if (c.Enter())
        {
            while (c.NextChild())
            {
                switch (c.Name)
                {
                    case "BlobPath":
                        c.InOrder(ref position, 1);
                        blobPath = c.ReadText(limits.MaxBlobPathLength);
                        break;
                    case "FilePath":
                        c.InOrder(ref position, 2);
                        filePath = c.ReadText(ManifestRules.MaxDrivePathLength);
                        break;
                    case "ClientData":
                        c.InOrder(ref position, 3);
                        clientData = c.ReadText(limits.MaxTextLength);
                        break;
                    case "Snapshot":
                        c.InOrder(ref position, 4);
                        snapshot = DriveXml.ParseTimestamp(c.ReadText(64), "<Snapshot>");
                        break;
                    case "Length":
                        c.InOrder(ref position, 5);
                        length = c.ReadLong();
                        break;
                    case "ImportDisposition":
                        c.InOrder(ref position, 6);
                        var wire = c.ReadText(64);
                        disposition = ImportDispositions.TryParse(wire, out var d)
                            ? d
                            : throw new DriveFormatException($"<ImportDisposition> must be rename, no-overwrite or overwrite, not '{XmlCursor.Shown(wire)}'.");
                        break;
                    case "PageRangeList":
                        c.InOrder(ref position, 7);
                        kind = BlobKind.PageBlob;
                        ReadRanges("PageRange", () => ranges.Add(ReadPageRange()), limits.MaxPageRangesPerBlob);
                        break;
                    case "BlockList":
                        c.InOrder(ref position, 7);
                        ReadRanges("Block", () => blocks.Add(ReadBlock()), limits.MaxBlocksPerBlob);
                        break;
                    case "MetadataPath":
                        c.InOrder(ref position, 8);
                        metadata = ReadFileRef();
                        break;
                    case "PropertiesPath":
                        c.InOrder(ref position, 9);
                        properties = ReadFileRef();
                        break;
                    default:
                        throw c.Unexpected();
                }
            }
        }

        if (blobPath is null || filePath is null || length is null)
        {
            throw new DriveFormatException($"Blob {_blobs}: <Blob> must hold <BlobPath>, <FilePath> and <Length>.");
        }

        var blob = new ManifestBlob(blobPath, filePath, length.Value, kind, disposition, blocks, ranges, metadata, properties, clientData, snapshot);
        return ManifestRules.CheckBlob(blob, limits) is { } problem ? throw new DriveFormatException(problem) : blob;
    }

    /// <summary>A <c>BlockList</c> or <c>PageRangeList</c>: only <paramref name="item"/> children, at most <paramref name="max"/>.</summary>
    private void ReadRanges(string item, Action readItem, int max)
    {
        c.AllowAttributes();
        var count = 0;
        if (!c.Enter())
        {
            return;
        }

        while (c.NextChild())
        {
            if (c.Name != item)
            {
                throw c.Unexpected();
            }

            if (++count > max)
            {
                throw new DriveFormatException($"Blob {_blobs}: more than {max} <{item}> elements.");
            }

            readItem();
        }
    }

    private ManifestBlock ReadBlock()
    {
        var block = new ManifestBlock(
            XmlCursor.ParseLong(c.RequiredAttribute("Offset"), "Block Offset"),
            XmlCursor.ParseLong(c.RequiredAttribute("Length"), "Block Length"),
            c.Attribute("Id"),
            DriveXml.ParseMd5Hex(c.RequiredAttribute("Hash"), "Block Hash"));
        c.ReadText(0, "Offset", "Length", "Id", "Hash");
        return block;
    }

    private ManifestPageRange ReadPageRange()
    {
        var range = new ManifestPageRange(
            XmlCursor.ParseLong(c.RequiredAttribute("Offset"), "PageRange Offset"),
            XmlCursor.ParseLong(c.RequiredAttribute("Length"), "PageRange Length"),
            DriveXml.ParseMd5Hex(c.RequiredAttribute("Hash"), "PageRange Hash"));
        c.ReadText(0, "Offset", "Length", "Hash");
        return range;
    }
}
