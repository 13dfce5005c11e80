using System.Globalization;
using System.Text;
using System.Xml;

namespace Ferry.Core.Drives;

/// <summary>
/// A forward-only walk over a drive document: elements in no namespace, elements where elements are expected, text where
/// text is expected, bounded text, no unknown attributes. Every violation throws <see cref="DriveFormatException"/>.
/// </summary>
internal sealed class XmlCursor(XmlReader reader)
{
    private const int ShownNameLength = 64;
    private readonly Stack<string> _open = new();
    private readonly char[] _chunk = new char[4096];

    /// <summary>The local name of the element the cursor is on.</summary>
    public string Name => reader.LocalName;

    /// <summary>The innermost element entered and not yet left.</summary>
    public string Parent => _open.Count > 0 ? _open.Peek() : "(document)";

    /// <summary>Moves to the root element and checks its name.</summary>
    public void ReadRoot(string expected)
    {
        if (reader.MoveToContent() != XmlNodeType.Element || reader.NamespaceURI.Length != 0 || reader.LocalName != expected)
        {
            throw new DriveFormatException($"The root element must be <{expected}>.");
        }
    }

    /// <summary>After the root element: only comments and processing instructions may follow (the reader checks that).</summary>
    public void ReadEnd()
    {
        while (reader.Read())
        {
        }
    }

    /// <summary>On a start tag: steps inside it. False, with the element consumed, when it is empty (<c>&lt;X /&gt;</c>).</summary>
    public bool Enter()
    {
        var name = reader.LocalName;
        var empty = reader.IsEmptyElement;
        reader.Read();
        if (empty)
        {
            return false;
        }

        _open.Push(name);
        return true;
    }

    /// <summary>Inside an element: moves to the next child's start tag (true), or consumes the end tag (false).</summary>
    public bool NextChild()
    {
        while (true)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when reader.NamespaceURI.Length == 0:
                    return true;
                case XmlNodeType.Element:
                    throw new DriveFormatException($"<{Parent}> may not hold <{Shown(reader.Name)}>: elements in a namespace are not allowed.");
                case XmlNodeType.EndElement:
                    reader.Read();
                    _open.Pop();
                    return false;
                case XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    reader.Read();
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA:
                    throw new DriveFormatException($"<{Parent}> may hold only elements, not text.");
                default:
                    throw new DriveFormatException($"<{Parent}> holds an unexpected {reader.NodeType} node.");
            }
        }
    }

    /// <summary>The problem for a child that does not belong in the current element.</summary>
    public DriveFormatException Unexpected() => new($"<{Parent}> may not hold <{Shown(reader.LocalName)}>.");

    /// <summary>
    /// Checks that the child at <paramref name="rank"/> comes after the children seen so far (<paramref name="position"/>);
    /// a child may repeat only when <paramref name="repeatable"/>.
    /// </summary>
    public void InOrder(ref int position, int rank, bool repeatable = false)
    {
        if (rank < position || (rank == position && !repeatable))
        {
            throw new DriveFormatException($"<{Parent}> holds <{reader.LocalName}> out of order or more than once.");
        }

        position = rank;
    }

    /// <summary>An attribute of the current element (in no namespace); null when absent.</summary>
    public string? Attribute(string name) => reader.GetAttribute(name, string.Empty);

    /// <summary>A required attribute of the current element.</summary>
    public string RequiredAttribute(string name) =>
        Attribute(name) ?? throw new DriveFormatException($"<{reader.LocalName}> in <{Parent}> needs the attribute {name}.");

    /// <summary>Rejects any attribute of the current element other than <paramref name="allowed"/> (namespace declarations and <c>xml:</c> attributes pass).</summary>
    public void AllowAttributes(params ReadOnlySpan<string> allowed)
    {
        if (!reader.MoveToFirstAttribute())
        {
            return;
        }

        do
        {
            if (reader.NamespaceURI.Length == 0 && !allowed.Contains(reader.LocalName))
            {
                var attribute = Shown(reader.LocalName);
                reader.MoveToElement();
                throw new DriveFormatException($"<{reader.LocalName}> may not have the attribute {attribute}.");
            }
        }
        while (reader.MoveToNextAttribute());
        reader.MoveToElement();
    }

    /// <summary>
    /// On a start tag: the element's text (empty for <c>&lt;X /&gt;</c>), with the element consumed. Rejects child elements,
    /// text longer than <paramref name="maxLength"/> characters, and attributes other than <paramref name="attributes"/>.
    /// </summary>
    public string ReadText(int maxLength, params ReadOnlySpan<string> attributes)
    {
        AllowAttributes(attributes);
        var element = reader.LocalName;
        if (!Enter())
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        while (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
        {
            if (reader.CanReadValueChunk)
            {
                int read;
                while ((read = reader.ReadValueChunk(_chunk, 0, _chunk.Length)) > 0)
                {
                    Append(text, _chunk.AsSpan(0, read), element, maxLength);
                }
            }
            else
            {
                Append(text, reader.Value, element, maxLength);
            }

            reader.Read();
        }

        if (reader.NodeType != XmlNodeType.EndElement)
        {
            throw new DriveFormatException($"<{element}> may hold only text.");
        }

        reader.Read();
        _open.Pop();
        return text.ToString();
    }

    /// <summary>An element's text as a non-negative 64-bit integer (digits only, invariant culture).</summary>
    public long ReadLong()
    {
        var element = Name;
        return ParseLong(ReadText(32), $"<{element}>");
    }

    /// <summary>Text as a non-negative 64-bit integer: ASCII digits only, no sign, no spaces.</summary>
    public static long ParseLong(string text, string what) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new DriveFormatException($"{what} must be a non-negative integer, not '{Shown(text)}'.");

    /// <summary>A value for a message, cut to a readable length.</summary>
    public static string Shown(string value) => value.Length <= ShownNameLength ? value : value[..ShownNameLength] + "…";

    private static void Append(StringBuilder text, ReadOnlySpan<char> chunk, string element, int maxLength)
    {
        if (chunk.Length > maxLength - text.Length)
        {
            throw new DriveFormatException($"<{element}> is longer than {maxLength} characters.");
        }

        text.Append(chunk);
    }
}
