using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Xml;

namespace Ferry.Core.Drives;

/// <summary>The copy logs of docs/formats.md §3: the verbose log, the error log, and a safe reader for repairs.</summary>
public static class CopyLogXml
{
    private static readonly ManifestLimits _writeLimits = ManifestLimits.Default with
    {
        MaxBlobs = int.MaxValue,
        MaxBlocksPerBlob = int.MaxValue,
        MaxPageRangesPerBlob = int.MaxValue,
    };

    /// <summary>
    /// Writes the verbose log: every blob with every range, metadata and properties entry of <paramref name="log"/>, as
    /// UTF-8 XML with <c>DriveLog/@Version</c> 2014-11-01. <paramref name="stream"/> stays open.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A status is not one docs/formats.md §3.3 allows in its place, a disposition is unknown or lacks its status, a number is negative, a
    /// hash is not 32 hex digits, or a string holds a character XML cannot carry.
    /// </exception>
    /// <exception cref="IOException">Writing failed.</exception>
    public static void WriteVerbose(Stream stream, CopyLog log) => Write(stream, log);

    /// <summary>
    /// Writes the error log: the blobs whose status is not Completed, or with a failed range (status other than
    /// Completed and Committed), failed metadata or properties (status other than Completed) or a Cancelled disposition.
    /// Such a blob keeps its paths, length, timestamps and disposition, but only its failed ranges (an empty list is
    /// written as <c>&lt;BlockList /&gt;</c>) and its metadata and properties only when they failed. The drive
    /// <c>Status</c> and <c>@Version</c> 2014-11-01 are always written; <paramref name="stream"/> stays open.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="WriteVerbose"/>.</exception>
    /// <exception cref="IOException">Writing failed.</exception>
    public static void WriteErrors(Stream stream, CopyLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        Check(log);
        var failing = log.Blobs.Where(Failed).Select(b => b with
        {
            Ranges = b.Ranges.Where(r => CopyLogStatusSets.RangeFailed(r.Status)).ToList(),
            Metadata = b.Metadata is { } m && CopyLogStatusSets.FileFailed(m.Status) ? m : null,
            Properties = b.Properties is { } p && CopyLogStatusSets.FileFailed(p.Status) ? p : null,
        });
        Write(stream, log with { Blobs = failing.ToList() });
    }

    /// <summary>
    /// Reads a copy log, as <c>ferry drive repair-import</c> needs: root <c>DriveLog</c> with <c>@Version</c> absent,
    /// 2014-11-01 or 2011-10-01; <c>DriveId</c>, 0..n <c>Blob</c>, <c>Status</c> in the order of docs/formats.md §3.1 and nothing unknown;
    /// every status from its set of docs/formats.md §3.3; numbers non-negative decimal integers; hashes 32 hex digits (given back in
    /// uppercase); timestamps ISO 8601 (given back in UTC). A blob with a <c>PageRangeList</c> is a page blob, else a block
    /// blob (also without any list). The same safety rules and limits as <see cref="DriveManifestXml.TryRead"/> apply.
    /// </summary>
    /// <returns>True with the log; false with the first problem.</returns>
    /// <exception cref="IOException">Reading <paramref name="stream"/> failed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive.</exception>
    public static bool TryRead(Stream stream, ManifestLimits limits, [NotNullWhen(true)] out CopyLog? log, [NotNullWhen(false)] out DriveFormatProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.EnsureValid();
        return DriveXml.TryParse(stream, limits.MaxDocumentCharacters, c => new CopyLogParser(c, limits).ReadLog(), out log, out problem);
    }

    private static bool Failed(CopyLogBlob blob) =>
        blob.Status != CopyLogStatus.Completed
        || blob.Ranges.Any(r => CopyLogStatusSets.RangeFailed(r.Status))
        || (blob.Metadata is { } m && CopyLogStatusSets.FileFailed(m.Status))
        || (blob.Properties is { } p && CopyLogStatusSets.FileFailed(p.Status))
        || CopyLogStatusSets.DispositionFailed(blob.DispositionStatus);

    private static void Check(CopyLog log)
    {
        if (CopyLogRules.Check(log, _writeLimits) is { } problem)
        {
            throw new ArgumentException($"The copy log breaks a rule of docs/formats.md §3: {problem}", nameof(log));
        }
    }

    private static void Write(Stream stream, CopyLog log)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(log);
        Check(log);
        using var w = DriveXml.CreateWriter(stream);
        w.WriteStartDocument();
        w.WriteStartElement("DriveLog");
        w.WriteAttributeString("Version", DriveManifest.CurrentVersion);
        w.WriteElementString("DriveId", log.DriveId);
        foreach (var blob in log.Blobs)
        {
            WriteBlob(w, blob);
        }

        w.WriteElementString("Status", log.Status);
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void WriteBlob(XmlWriter w, CopyLogBlob blob)
    {
        w.WriteStartElement("Blob");
        w.WriteAttributeString("Status", blob.Status);
        w.WriteElementString("BlobPath", blob.BlobPath);
        w.WriteElementString("FilePath", blob.FilePath);
        if (blob.Snapshot is { } snapshot)
        {
            w.WriteElementString("Snapshot", DriveXml.FormatTimestamp(snapshot));
        }

        w.WriteElementString("Length", blob.Length.ToString(CultureInfo.InvariantCulture));
        if (blob.LastModified is { } lastModified)
        {
            w.WriteElementString("LastModified", DriveXml.FormatTimestamp(lastModified));
        }

        if (blob.Disposition is not null)
        {
            w.WriteStartElement("ImportDisposition");
            w.WriteAttributeString("Status", blob.DispositionStatus);
            w.WriteString(blob.Disposition);
            w.WriteEndElement();
        }

        var page = blob.Kind == BlobKind.PageBlob;
        w.WriteStartElement(page ? "PageRangeList" : "BlockList");
        foreach (var range in blob.Ranges)
        {
            w.WriteStartElement(page ? "PageRange" : "Block");
            w.WriteAttributeString("Offset", range.Offset.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("Length", range.Length.ToString(CultureInfo.InvariantCulture));
            if (range.Id is not null)
            {
                w.WriteAttributeString("Id", range.Id);
            }

            if (range.Hash is not null)
            {
                w.WriteAttributeString("Hash", range.Hash.ToUpperInvariant());
            }

            w.WriteAttributeString("Status", range.Status);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        WriteFile(w, "Metadata", blob.Metadata);
        WriteFile(w, "Properties", blob.Properties);
        w.WriteEndElement();
    }

    private static void WriteFile(XmlWriter w, string element, CopyLogFileStatus? file)
    {
        if (file is null)
        {
            return;
        }

        w.WriteStartElement(element);
        w.WriteAttributeString("Status", file.Status);
        WritePath(w, "GlobalPath", file.GlobalPath, file.GlobalHash);
        WritePath(w, "Path", file.Path, file.Hash);
        w.WriteEndElement();
    }

    private static void WritePath(XmlWriter w, string element, string? path, string? hash)
    {
        if (path is null)
        {
            return;
        }

        w.WriteStartElement(element);
        if (hash is not null)
        {
            w.WriteAttributeString("Hash", hash.ToUpperInvariant());
        }

        w.WriteString(path);
        w.WriteEndElement();
    }
}
