namespace Ferry.Core.Drives;

/// <summary>Reads a <c>DriveLog</c> document element by element, applying <see cref="CopyLogRules"/> to each blob.</summary>
internal sealed class CopyLogParser(XmlCursor c, ManifestLimits limits)
{
    /// <summary>The whole document; throws <see cref="DriveFormatException"/> at the first broken rule.</summary>
    public CopyLog ReadLog()
    {
        c.ReadRoot("DriveLog");
        var version = c.Attribute("Version");
        c.AllowAttributes("Version");
        if (version is not (null or DriveManifest.CurrentVersion or DriveManifest.LegacyVersion))
        {
            throw new DriveFormatException($"The log version must be absent, {DriveManifest.CurrentVersion} or {DriveManifest.LegacyVersion}, not '{XmlCursor.Shown(version)}'.");
        }

        string? driveId = null, status = null;
        var blobs = new List<CopyLogBlob>();
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
                    case "Blob":
                        c.InOrder(ref position, 2, repeatable: true);
                        if (blobs.Count == limits.MaxBlobs)
                        {
                            throw new DriveFormatException($"The log lists more than {limits.MaxBlobs} blobs.");
                        }

                        blobs.Add(ReadBlob());
                        break;
                    case "Status":
                        c.InOrder(ref position, 3);
                        status = c.ReadText(64);
                        break;
                    default:
                        throw c.Unexpected();
                }
            }
        }

        if (driveId is null || status is null)
        {
            throw new DriveFormatException("<DriveLog> must hold <DriveId> and <Status>.");
        }

        return CopyLogRules.CheckTop(driveId, status) is { } problem ? throw new DriveFormatException(problem) : new CopyLog(driveId, blobs, status);
    }

    private CopyLogBlob ReadBlob()
    {
        var status = c.RequiredAttribute("Status");
        c.AllowAttributes("Status");
        string? blobPath = null, filePath = null, disposition = null, dispositionStatus = null;
        long? length = null;
        DateTimeOffset? snapshot = null, lastModified = null;
        var kind = BlobKind.BlockBlob;
        var ranges = new List<CopyLogRange>();
        CopyLogFileStatus? metadata = null, properties = null;
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
                    case "Snapshot":
                        c.InOrder(ref position, 3);
                        snapshot = DriveXml.ParseTimestamp(c.ReadText(64), "<Snapshot>");
                        break;
                    case "Length":
                        c.InOrder(ref position, 4);
                        length = c.ReadLong();
                        break;
                    case "LastModified":
                        c.InOrder(ref position, 5);
                        lastModified = DriveXml.ParseTimestamp(c.ReadText(64), "<LastModified>");
                        break;
                    case "ImportDisposition":
                        c.InOrder(ref position, 6);
                        dispositionStatus = c.RequiredAttribute("Status");
                        disposition = c.ReadText(64, "Status");
                        break;
                    case "PageRangeList":
                        c.InOrder(ref position, 7);
                        kind = BlobKind.PageBlob;
                        ReadRanges("PageRange", ranges, limits.MaxPageRangesPerBlob);
                        break;
                    case "BlockList":
                        c.InOrder(ref position, 7);
                        ReadRanges("Block", ranges, limits.MaxBlocksPerBlob);
                        break;
                    case "Metadata":
                        c.InOrder(ref position, 8);
                        metadata = ReadFile();
                        break;
                    case "Properties":
                        c.InOrder(ref position, 9);
                        properties = ReadFile();
                        break;
                    default:
                        throw c.Unexpected();
                }
            }
        }

        if (blobPath is null || filePath is null || length is null)
        {
            throw new DriveFormatException("<Blob> must hold <BlobPath>, <FilePath> and <Length>.");
        }

        var blob = new CopyLogBlob(status, blobPath, filePath, length.Value, snapshot, lastModified, disposition, dispositionStatus, kind, ranges, metadata, properties);
        return CopyLogRules.CheckBlob(blob, limits) is { } problem ? throw new DriveFormatException(problem) : blob;
    }

    private void ReadRanges(string item, List<CopyLogRange> ranges, int max)
    {
        c.AllowAttributes();
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

            if (ranges.Count == max)
            {
                throw new DriveFormatException($"A blob has more than {max} <{item}> elements.");
            }

            var hash = c.Attribute("Hash");
            ranges.Add(new CopyLogRange(
                XmlCursor.ParseLong(c.RequiredAttribute("Offset"), $"{item} Offset"),
                XmlCursor.ParseLong(c.RequiredAttribute("Length"), $"{item} Length"),
                item == "Block" ? c.Attribute("Id") : null,
                hash is null ? null : DriveXml.ParseMd5Hex(hash, $"{item} Hash"),
                c.RequiredAttribute("Status")));
            if (item == "Block")
            {
                c.ReadText(0, "Offset", "Length", "Id", "Hash", "Status");
            }
            else
            {
                c.ReadText(0, "Offset", "Length", "Hash", "Status");
            }
        }
    }

    private CopyLogFileStatus ReadFile()
    {
        var status = c.RequiredAttribute("Status");
        c.AllowAttributes("Status");
        string? globalPath = null, globalHash = null, path = null, hash = null;
        var position = 0;
        if (c.Enter())
        {
            while (c.NextChild())
            {
                switch (c.Name)
                {
                    case "GlobalPath":
                        c.InOrder(ref position, 1);
                        globalHash = ReadHash();
                        globalPath = c.ReadText(ManifestRules.MaxDrivePathLength, "Hash");
                        break;
                    case "Path":
                        c.InOrder(ref position, 2);
                        hash = ReadHash();
                        path = c.ReadText(ManifestRules.MaxDrivePathLength, "Hash");
                        break;
                    default:
                        throw c.Unexpected();
                }
            }
        }

        return new CopyLogFileStatus(status, globalPath, globalHash, path, hash);
    }

    private string? ReadHash() => c.Attribute("Hash") is { } hash ? DriveXml.ParseMd5Hex(hash, $"<{c.Name}> Hash") : null;
}
