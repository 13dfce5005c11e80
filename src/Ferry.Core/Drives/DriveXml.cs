using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Xml;

namespace Ferry.Core.Drives;

/// <summary>What every drive document reader and writer shares: safe reader settings, the writer, timestamps and hashes.</summary>
internal static class DriveXml
{
    /// <summary>Timestamps are written as UTC ISO 8601 with seven fractional digits, e.g. <c>2014-09-05T21:29:09.1234567Z</c>.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private static readonly string[] _timestampFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];
    private static readonly SearchValues<char> _hexDigits = SearchValues.Create("0123456789ABCDEFabcdef");

    /// <summary>
    /// Reader settings for untrusted input: DTDs prohibited (so no entity is ever expanded or resolved), no resolver, a
    /// bounded document, comments and insignificant whitespace skipped, the stream left open.
    /// </summary>
    public static XmlReaderSettings ReaderSettings(long maxCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = maxCharacters,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    /// <summary>
    /// Runs <paramref name="parse"/> over <paramref name="stream"/> with the safe settings. A malformed or refused document
    /// gives false and a problem; I/O errors propagate.
    /// </summary>
    public static bool TryParse<T>(
        Stream stream,
        long maxCharacters,
        Func<XmlCursor, T> parse,
        [NotNullWhen(true)] out T? value,
        [NotNullWhen(false)] out DriveFormatProblem? problem)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var reader = XmlReader.Create(stream, ReaderSettings(maxCharacters));
            var cursor = new XmlCursor(reader);
            value = parse(cursor);
            cursor.ReadEnd();
            problem = null;
            return true;
        }
        catch (DriveFormatException e)
        {
            (value, problem) = (null, new DriveFormatProblem(e.Message));
            return false;
        }
        catch (XmlException e)
        {
            // The reader's own message can quote document text; ours never does.
            var message = e.Message.Contains(nameof(XmlReaderSettings.MaxCharactersInDocument), StringComparison.Ordinal)
                ? $"The document is larger than the limit of {maxCharacters} characters."
                : $"The document is not well-formed XML, or uses a DTD or an entity, which drive documents may not (line {e.LineNumber}, position {e.LinePosition}).";
            (value, problem) = (null, new DriveFormatProblem(message));
            return false;
        }
    }

    /// <summary>A UTF-8 (no BOM), indented writer with CRLF line ends that leaves <paramref name="stream"/> open.</summary>
    public static XmlWriter CreateWriter(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return XmlWriter.Create(stream, new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\r\n",
            NewLineHandling = NewLineHandling.Entitize,
            CloseOutput = false,
        });
    }

    /// <summary>The written form of a timestamp (<see cref="TimestampFormat"/>).</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses an ISO 8601 timestamp: <c>yyyy-MM-ddTHH:mm:ss[.fffffff]</c> followed by <c>Z</c>, an offset, or nothing
    /// (read as UTC). The result is in UTC.
    /// </summary>
    public static bool TryParseTimestamp(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, _timestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    /// <summary><see cref="TryParseTimestamp"/>, throwing <see cref="DriveFormatException"/> for a bad value.</summary>
    public static DateTimeOffset ParseTimestamp(string text, string what) =>
        TryParseTimestamp(text, out var value)
            ? value
            : throw new DriveFormatException($"{what} must be an ISO 8601 date and time such as 2014-09-05T21:29:09.1234567Z, not '{XmlCursor.Shown(text)}'.");

    /// <summary>True for an MD5 in hex: exactly 32 hex digits, either case.</summary>
    public static bool IsMd5Hex([NotNullWhen(true)] string? value) =>
        value is { Length: 32 } && !value.AsSpan().ContainsAnyExcept(_hexDigits);

    /// <summary>A hex MD5 in uppercase, or a problem naming <paramref name="what"/>.</summary>
    public static string ParseMd5Hex(string? value, string what) =>
        IsMd5Hex(value)
            ? value.ToUpperInvariant()
            : throw new DriveFormatException($"{what} must be an MD5 of 32 hex digits, not '{XmlCursor.Shown(value ?? string.Empty)}'.");

}
