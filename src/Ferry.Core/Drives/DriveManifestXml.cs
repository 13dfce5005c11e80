using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Xml;

namespace Ferry.Core.Drives;

/// <summary>The drive manifest XML of docs/formats.md §2: a safe reader for untrusted drives, and a writer whose output reads back.</summary>
public static class DriveManifestXml
{
    /// <summary>
    /// Limits for checking what <see cref="Write"/> is given: the rules of docs/formats.md §2, but no bound on the numbers of blobs, blocks
    /// or page ranges, which protect readers from untrusted drives rather than define a valid manifest.
    /// </summary>
    private static readonly ManifestLimits _writeLimits = ManifestLimits.Default with
    {
        MaxBlobs = int.MaxValue,
        MaxBlocksPerBlob = int.MaxValue,
        MaxPageRangesPerBlob = int.MaxValue,
    };

    /// <summary>
    /// Reads and validates a manifest: root <c>DriveManifest</c> with <c>@Version</c> 2014-11-01 or 2011-10-01, one
    /// <c>Drive</c> whose <c>DriveId</c> comes first, then at most one credential, <c>ClientCreator</c>, and 1..n
    /// <c>BlobList</c> each with 1..n <c>Blob</c>, every element in the order of docs/formats.md §2 and none unknown. A blob is a page blob
    /// when it has a <c>PageRangeList</c>, else a block blob. Blocks are ordered, contiguous from 0, cover <c>Length</c>, hold
    /// 1 to <see cref="ManifestLimits.MaxBlockLength"/> bytes, number at most <see cref="ManifestLimits.MaxBlocksPerBlob"/>
    /// and carry ids (Base64, at most 64 bytes, one length, unique) on all or none; a blob of length 0 has none. Page ranges
    /// are ordered, do not overlap, are multiples of 512 up to 4 MiB inside <c>Length</c>, which is a multiple of 512. Every
    /// hash is 32 hex digits (given back in uppercase); every number is a non-negative decimal integer. Drive paths are not
    /// checked beyond their length: <see cref="DrivePaths.TryResolve"/> reports bad ones per file.
    /// </summary>
    /// <returns>
    /// True with the manifest; false with the first problem for malformed XML, a DTD or entity (never expanded), a document
    /// over <see cref="ManifestLimits.MaxDocumentCharacters"/> or any broken rule. The problem never quotes a credential.
    /// </returns>
    /// <exception cref="IOException">Reading <paramref name="stream"/> failed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive.</exception>
    public static bool TryRead(
        Stream stream,
        ManifestLimits limits,
        [NotNullWhen(true)] out DriveManifest? manifest,
        [NotNullWhen(false)] out DriveFormatProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.EnsureValid();
        return DriveXml.TryParse(stream, limits.MaxDocumentCharacters, c => new ManifestParser(c, limits).ReadManifest(), out manifest, out problem);
    }

    /// <summary>
    /// Writes <paramref name="manifest"/> as UTF-8 XML in the element order of docs/formats.md §2, hashes in uppercase, timestamps as
    /// <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>; a block blob always gets a <c>BlockList</c> and a page blob a
    /// <c>PageRangeList</c>, empty when it has no blocks or ranges. <paramref name="stream"/> stays open.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The manifest breaks a rule <see cref="TryRead"/> enforces (the numbers of blobs, blocks and page ranges aside: reading
    /// such a manifest back needs larger <see cref="ManifestLimits"/>), e.g. it has no blob list or a list without blobs, or a
    /// string holds a character XML cannot carry.
    /// </exception>
    /// <exception cref="IOException">Writing failed.</exception>
    public static void Write(Stream stream, DriveManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(manifest);
        if (ManifestRules.Check(manifest, _writeLimits) is { } problem)
        {
            throw new ArgumentException($"The manifest breaks a rule of docs/formats.md §2: {problem}", nameof(manifest));
        }

        using var w = DriveXml.CreateWriter(stream);
        w.WriteStartDocument();
        w.WriteStartElement("DriveManifest");
        w.WriteAttributeString("Version", manifest.Version);
        w.WriteStartElement("Drive");
        w.WriteElementString("DriveId", manifest.DriveId);
        WriteOptional(w, "StorageAccountKey", manifest.StorageAccountKey);
        WriteOptional(w, "ContainerSas", manifest.ContainerSas);
        WriteOptional(w, "ClientCreator", manifest.ClientCreator);
        foreach (var list in manifest.BlobLists)
        {
            w.WriteStartElement("BlobList");
            if (list.Id is not null)
            {
                w.WriteAttributeString("Id", list.Id);
            }

            WriteFileRef(w, "MetadataPath", list.Metadata);
            WriteFileRef(w, "PropertiesPath", list.Properties);
            foreach (var blob in list.Blobs)
            {
                WriteBlob(w, blob);
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void WriteBlob(XmlWriter w, ManifestBlob blob)
    {
        w.WriteStartElement("Blob");
        w.WriteElementString("BlobPath", blob.BlobPath);
        w.WriteElementString("FilePath", blob.FilePath);
        WriteOptional(w, "ClientData", blob.ClientData);
        if (blob.Snapshot is { } snapshot)
        {
            w.WriteElementString("Snapshot", DriveXml.FormatTimestamp(snapshot));
        }

        w.WriteElementString("Length", blob.Length.ToString(CultureInfo.InvariantCulture));
        if (blob.Disposition is { } disposition)
        {
            w.WriteElementString("ImportDisposition", ImportDispositions.ToWire(disposition));
        }

        if (blob.Kind == BlobKind.PageBlob)
        {
            w.WriteStartElement("PageRangeList");
            foreach (var range in blob.PageRanges)
            {
                w.WriteStartElement("PageRange");
                WriteRange(w, range.Offset, range.Length, null, range.Hash);
                w.WriteEndElement();
            }
        }
        else
        {
            w.WriteStartElement("BlockList");
            foreach (var block in blob.Blocks)
            {
                w.WriteStartElement("Block");
                WriteRange(w, block.Offset, block.Length, block.Id, block.Hash);
                w.WriteEndElement();
            }
        }

        w.WriteEndElement();
        WriteFileRef(w, "MetadataPath", blob.Metadata);
        WriteFileRef(w, "PropertiesPath", blob.Properties);
        w.WriteEndElement();
    }

    private static void WriteRange(XmlWriter w, long offset, long length, string? id, string hash)
    {
        w.WriteAttributeString("Offset", offset.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("Length", length.ToString(CultureInfo.InvariantCulture));
        if (id is not null)
        {
            w.WriteAttributeString("Id", id);
        }

        w.WriteAttributeString("Hash", hash.ToUpperInvariant());
    }

    private static void WriteFileRef(XmlWriter w, string element, ManifestFileRef? file)
    {
        if (file is null)
        {
            return;
        }

        w.WriteStartElement(element);
        w.WriteAttributeString("Hash", file.Hash.ToUpperInvariant());
        w.WriteString(file.Path);
        w.WriteEndElement();
    }

    private static void WriteOptional(XmlWriter w, string element, string? value)
    {
        if (value is not null)
        {
            w.WriteElementString(element, value);
        }
    }
}
