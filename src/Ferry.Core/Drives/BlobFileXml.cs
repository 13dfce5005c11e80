using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Ferry.Core.Drives;

/// <summary>
/// The metadata and properties files of docs/formats.md §4, read with the same safety rules as the manifest (no DTD, no
/// entity, at most 1 Mi characters) and written as UTF-8 XML.
/// </summary>
public static class BlobFileXml
{
    /// <summary>Most metadata, in UTF-8 bytes of every name and value together (the Blob service's 8 KiB).</summary>
    public const int MaxMetadataBytes = 8 * 1024;

    /// <summary>Longest properties value, in characters.</summary>
    public const int MaxPropertyLength = 8 * 1024;

    private const long MaxFileCharacters = 1024 * 1024;

    /// <summary>
    /// Reads a metadata file: root <c>Metadata</c>, each child element a key (its name) with a text value (possibly
    /// empty). A key must be a C# identifier as the Blob service accepts it (an ASCII letter or <c>_</c>, then ASCII
    /// letters, digits or <c>_</c>); keys are unique ignoring case; names and values together are at most
    /// <see cref="MaxMetadataBytes"/> UTF-8 bytes.
    /// </summary>
    /// <returns>
    /// True with the metadata, keyed case-insensitively and enumerated in document order; false with the problem (the
    /// engine logs <c>XmlReadFailed</c>).
    /// </returns>
    /// <exception cref="IOException">Reading <paramref name="stream"/> failed.</exception>
    public static bool TryReadMetadata(Stream stream, [NotNullWhen(true)] out IReadOnlyDictionary<string, string>? metadata, [NotNullWhen(false)] out DriveFormatProblem? problem)
    {
        var ok = DriveXml.TryParse(stream, MaxFileCharacters, ReadMetadata, out var read, out problem);
        metadata = read;
        return ok;
    }

    /// <summary>Writes <paramref name="metadata"/> as a metadata file, keys in enumeration order; <paramref name="stream"/> stays open.</summary>
    /// <exception cref="ArgumentException">A key is not an identifier, two keys differ only in case, the total exceeds <see cref="MaxMetadataBytes"/>, or a value holds a character XML cannot carry.</exception>
    /// <exception cref="IOException">Writing failed.</exception>
    public static void WriteMetadata(Stream stream, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(metadata);
        var check = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var bytes = 0;
        foreach (var (key, value) in metadata)
        {
            if (AddMetadata(check, key, value ?? string.Empty, ref bytes) is { } problem)
            {
                throw new ArgumentException(problem, nameof(metadata));
            }
        }

        using var w = DriveXml.CreateWriter(stream);
        w.WriteStartDocument();
        w.WriteStartElement("Metadata");
        foreach (var (key, value) in metadata)
        {
            w.WriteElementString(key, value ?? string.Empty);
        }

        w.WriteEndElement();
        w.WriteEndDocument();
    }

    /// <summary>
    /// Reads a properties file: root <c>Properties</c> with any of its eight elements, each at most once, in any order, and
    /// nothing else. <c>Content-MD5</c> must be Base64 of 16 bytes, <c>Content-Length</c> a non-negative integer,
    /// <c>Last-Modified</c> RFC 1123 (<c>Wed, 30 Apr 2014 00:23:52 GMT</c>); values hold at most
    /// <see cref="MaxPropertyLength"/> characters.
    /// </summary>
    /// <returns>True with the properties; false with the problem (the engine logs <c>XmlReadFailed</c>).</returns>
    /// <exception cref="IOException">Reading <paramref name="stream"/> failed.</exception>
    public static bool TryReadProperties(Stream stream, [NotNullWhen(true)] out BlobPropertiesFile? properties, [NotNullWhen(false)] out DriveFormatProblem? problem) =>
        DriveXml.TryParse(stream, MaxFileCharacters, ReadProperties, out properties, out problem);

    /// <summary>
    /// Writes a properties file with the elements that are set, in the order of docs/formats.md §4 (<c>Last-Modified</c> in
    /// RFC 1123 form); <paramref name="stream"/> stays open.
    /// </summary>
    /// <exception cref="ArgumentException"><c>ContentMd5</c> is not Base64 of 16 bytes, <c>ContentLength</c> is negative, or a value is too long or holds a character XML cannot carry.</exception>
    /// <exception cref="IOException">Writing failed.</exception>
    public static void WriteProperties(Stream stream, BlobPropertiesFile properties)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(properties);
        if (CheckProperties(properties) is { } problem)
        {
            throw new ArgumentException(problem, nameof(properties));
        }

        using var w = DriveXml.CreateWriter(stream);
        w.WriteStartDocument();
        w.WriteStartElement("Properties");
        Optional("Last-Modified", properties.LastModified?.UtcDateTime.ToString("R", CultureInfo.InvariantCulture));
        Optional("Etag", properties.ETag);
        Optional("Content-Length", properties.ContentLength?.ToString(CultureInfo.InvariantCulture));
        Optional("Content-Type", properties.ContentType);
        Optional("Content-MD5", properties.ContentMd5);
        Optional("Content-Encoding", properties.ContentEncoding);
        Optional("Content-Language", properties.ContentLanguage);
        Optional("Cache-Control", properties.CacheControl);
        w.WriteEndElement();
        w.WriteEndDocument();

        void Optional(string element, string? value)
        {
            if (value is not null)
            {
                w.WriteElementString(element, value);
            }
        }
    }

    /// <summary>True for a metadata key the Blob service accepts: an ASCII letter or <c>_</c>, then ASCII letters, digits or <c>_</c>.</summary>
    public static bool IsMetadataKey([NotNullWhen(true)] string? key) =>
        key is { Length: > 0 } && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');

    private static IReadOnlyDictionary<string, string> ReadMetadata(XmlCursor c)
    {
        c.ReadRoot("Metadata");
        c.AllowAttributes();
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var bytes = 0;
        if (c.Enter())
        {
            while (c.NextChild())
            {
                var key = c.Name;
                var value = c.ReadText(MaxMetadataBytes);
                if (AddMetadata(metadata, key, value, ref bytes) is { } problem)
                {
                    throw new DriveFormatException(problem);
                }
            }
        }

        return metadata;
    }

    private static string? AddMetadata(Dictionary<string, string> metadata, string key, string value, ref int bytes)
    {
        if (!IsMetadataKey(key))
        {
            return $"The metadata key '{XmlCursor.Shown(key ?? string.Empty)}' is not a C# identifier (an ASCII letter or '_', then letters, digits or '_').";
        }

        if (!metadata.TryAdd(key, value))
        {
            return $"The metadata key '{XmlCursor.Shown(key)}' appears twice (keys ignore case).";
        }

        bytes += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        return bytes > MaxMetadataBytes ? $"The metadata is larger than {MaxMetadataBytes} bytes (names and values together)." : null;
    }

    private static BlobPropertiesFile ReadProperties(XmlCursor c)
    {
        c.ReadRoot("Properties");
        c.AllowAttributes();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (c.Enter())
        {
            while (c.NextChild())
            {
                var name = c.Name;
                if (name is not ("Content-Type" or "Content-MD5" or "Content-Encoding" or "Content-Language" or "Cache-Control" or "Last-Modified" or "Etag" or "Content-Length"))
                {
                    throw c.Unexpected();
                }

                if (!values.TryAdd(name, c.ReadText(MaxPropertyLength)))
                {
                    throw new DriveFormatException($"<Properties> holds <{name}> more than once.");
                }
            }
        }

        DateTimeOffset? lastModified = null;
        if (values.GetValueOrDefault("Last-Modified") is { } modified)
        {
            lastModified = DateTimeOffset.TryParseExact(modified, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : throw new DriveFormatException($"<Last-Modified> must be an RFC 1123 date such as 'Wed, 30 Apr 2014 00:23:52 GMT', not '{XmlCursor.Shown(modified)}'.");
        }

        long? length = values.GetValueOrDefault("Content-Length") is { } text ? XmlCursor.ParseLong(text, "<Content-Length>") : null;
        var properties = new BlobPropertiesFile(
            values.GetValueOrDefault("Content-Type"),
            values.GetValueOrDefault("Content-MD5"),
            values.GetValueOrDefault("Content-Encoding"),
            values.GetValueOrDefault("Content-Language"),
            values.GetValueOrDefault("Cache-Control"),
            lastModified,
            values.GetValueOrDefault("Etag"),
            length);
        return CheckProperties(properties) is { } problem ? throw new DriveFormatException(problem) : properties;
    }

    private static string? CheckProperties(BlobPropertiesFile p)
    {
        if (p.ContentMd5 is not null && !IsBase64Md5(p.ContentMd5))
        {
            return $"<Content-MD5> must be the Base64 of a 16-byte MD5, not '{XmlCursor.Shown(p.ContentMd5)}'.";
        }

        if (p.ContentLength < 0)
        {
            return "<Content-Length> cannot be negative.";
        }

        string?[] texts = [p.ContentType, p.ContentEncoding, p.ContentLanguage, p.CacheControl, p.ETag];
        return texts.Any(t => t?.Length > MaxPropertyLength) ? $"A property value is longer than {MaxPropertyLength} characters." : null;
    }

    private static bool IsBase64Md5(string value)
    {
        Span<byte> bytes = stackalloc byte[18];
        return value.Length == 24 && !value.AsSpan().ContainsAny(" \t\r\n") && Convert.TryFromBase64String(value, bytes, out var written) && written == 16;
    }
}
