using System.Text;

namespace Ferry.Core.Drives;

/// <summary>
/// The v2 tool's <c>dataset.csv</c> (docs/formats.md §7.4): a header
/// <c>BasePath,DstBlobPathOrPrefix,BlobType,Disposition,MetadataFile,PropertiesFile</c> and one entry per line.
/// </summary>
public static class DatasetCsv
{
    private static readonly string[] _columns = ["BasePath", "DstBlobPathOrPrefix", "BlobType", "Disposition", "MetadataFile", "PropertiesFile"];

    /// <summary>
    /// Reads a dataset. The header is required and names each of the six columns once, in any order, ignoring case; no other
    /// column is allowed. Fields follow RFC 4180: a field may be quoted (<c>"…"</c>, with <c>""</c> for a quote, and may then
    /// hold commas and line breaks); unquoted fields are taken as they are, spaces included. Empty lines are skipped.
    /// <list type="bullet">
    /// <item><c>BasePath</c>: a file, or a directory when it ends with <c>\</c> or <c>/</c>. On Unix <c>\</c> is read as
    /// <c>/</c>. A relative path is resolved against <paramref name="baseDirectory"/>.</item>
    /// <item><c>DstBlobPathOrPrefix</c>: <c>container/name</c> for a file; <c>container</c>, <c>container/</c> or
    /// <c>container/prefix/</c> for a directory (given back ending with <c>/</c>). No leading <c>/</c>.</item>
    /// <item><c>BlobType</c>: <c>BlockBlob</c> or <c>PageBlob</c>; <c>Disposition</c>: <c>rename</c>, <c>no-overwrite</c> or
    /// <c>overwrite</c>; both case-sensitive (docs/formats.md §6).</item>
    /// <item><c>MetadataFile</c>, <c>PropertiesFile</c>: a file path resolved like <c>BasePath</c>, or <c>None</c> (any case)
    /// or empty for none. Neither the files nor <c>BasePath</c> are opened here.</item>
    /// </list>
    /// </summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="baseDirectory">The directory relative paths resolve against, usually the CSV file's directory.</param>
    /// <returns>The entries in file order; empty when the file has only its header.</returns>
    /// <exception cref="DriveFormatException">
    /// The header is missing or wrong, a line has the wrong number of fields, a quote is misplaced, or a value is invalid;
    /// the message names the line number (1-based, where the record starts) and the field.
    /// </exception>
    /// <exception cref="IOException">Reading failed.</exception>
    /// <remarks>Outside Ferry.Core, where <see cref="DriveFormatException"/> is not visible, use <see cref="TryRead"/>.</remarks>
    public static IReadOnlyList<DatasetEntry> Read(TextReader reader, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        var csv = new CsvReader(reader);
        if (csv.ReadRecordOrNull() is not { } header || header.Fields is [""])
        {
            throw new DriveFormatException("dataset.csv has no header: line 1 must be the header " + string.Join(',', _columns) + ".");
        }

        var order = HeaderOrder(header.Fields, header.Line);
        var entries = new List<DatasetEntry>();
        while (csv.ReadRecordOrNull() is { } record)
        {
            if (record.Fields is [""])
            {
                continue;
            }

            if (record.Fields.Count != _columns.Length)
            {
                throw new DriveFormatException($"dataset.csv line {record.Line}: {record.Fields.Count} fields, but the header has {_columns.Length}.");
            }

            string Field(int column) => record.Fields[order[column]];
            entries.Add(Entry(record.Line, baseDirectory, Field(0), Field(1), Field(2), Field(3), Field(4), Field(5)));
        }

        return entries;
    }

    /// <summary>
    /// <see cref="Read"/> with the outcome as a value: true with the entries, or false with the problem (its message names
    /// the line number and the field).
    /// </summary>
    /// <exception cref="IOException">Reading failed.</exception>
    public static bool TryRead(
        TextReader reader,
        string baseDirectory,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IReadOnlyList<DatasetEntry>? entries,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out DriveFormatProblem? problem)
    {
        try
        {
            (entries, problem) = (Read(reader, baseDirectory), null);
            return true;
        }
        catch (DriveFormatException e)
        {
            (entries, problem) = (null, new DriveFormatProblem(e.Message));
            return false;
        }
    }

    /// <summary>For each of <see cref="_columns"/>, its position in the file.</summary>
    private static int[] HeaderOrder(IReadOnlyList<string> names, int line)
    {
        var order = Enumerable.Repeat(-1, _columns.Length).ToArray();
        for (var position = 0; position < names.Count; position++)
        {
            var name = names[position].Trim();
            var column = Array.FindIndex(_columns, c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            if (column < 0)
            {
                throw new DriveFormatException($"dataset.csv line {line}: the header names an unknown column '{name}'; the columns are {string.Join(',', _columns)}.");
            }

            if (order[column] >= 0)
            {
                throw new DriveFormatException($"dataset.csv line {line}: the header names the column {_columns[column]} twice.");
            }

            order[column] = position;
        }

        var missing = _columns.Where((_, column) => order[column] < 0).ToList();
        return missing.Count == 0
            ? order
            : throw new DriveFormatException($"dataset.csv line {line}: the header lacks the column(s) {string.Join(", ", missing)}; it must be {string.Join(',', _columns)}.");
    }

    private static DatasetEntry Entry(int line, string baseDirectory, string basePath, string destination, string blobType, string disposition, string metadata, string properties)
    {
        DriveFormatException Bad(string field, string why) => new($"dataset.csv line {line}, {field}: {why}");

        var kind = blobType switch
        {
            "BlockBlob" => BlobKind.BlockBlob,
            "PageBlob" => BlobKind.PageBlob,
            _ => throw Bad("BlobType", $"'{blobType}' is not BlockBlob or PageBlob (case-sensitive)."),
        };
        if (!ImportDispositions.TryParse(disposition, out var parsedDisposition))
        {
            throw Bad("Disposition", $"'{disposition}' is not rename, no-overwrite or overwrite (case-sensitive).");
        }

        return Entry(baseDirectory, basePath, destination, kind, parsedDisposition, SideFileOrNull(metadata), SideFileOrNull(properties), Bad);
    }

    /// <summary>
    /// One entry checked as <see cref="Read"/> checks a line, for the tool's single-entry forms (<c>/srcdir:</c> with
    /// <c>/dstdir:</c>, <c>/srcfile:</c> with <c>/dstblob:</c>): <paramref name="basePath"/> names a directory when it ends
    /// with <c>\</c> or <c>/</c>; relative paths resolve against <paramref name="baseDirectory"/>; a null metadata or
    /// properties file means none.
    /// </summary>
    /// <returns>True with the entry; false with the problem, which names the field (<c>BasePath</c>, <c>DstBlobPathOrPrefix</c>, …).</returns>
    public static bool TryCreateEntry(
        string basePath,
        string dstBlobPathOrPrefix,
        BlobKind blobType,
        ImportDisposition disposition,
        string? metadataFile,
        string? propertiesFile,
        string baseDirectory,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DatasetEntry? entry,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out DriveFormatProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(basePath);
        ArgumentNullException.ThrowIfNull(dstBlobPathOrPrefix);
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        try
        {
            if (!Enum.IsDefined(blobType) || !Enum.IsDefined(disposition))
            {
                throw new DriveFormatException("the blob type or disposition is not a defined value.");
            }

            entry = Entry(baseDirectory, basePath, dstBlobPathOrPrefix, blobType, disposition, metadataFile, propertiesFile, (field, why) => new DriveFormatException($"{field}: {why}"));
            problem = null;
            return true;
        }
        catch (DriveFormatException e)
        {
            (entry, problem) = (null, new DriveFormatProblem(e.Message));
            return false;
        }
    }

    private static string? SideFileOrNull(string value) =>
        value.Length == 0 || string.Equals(value, "None", StringComparison.OrdinalIgnoreCase) ? null : value;

    private static DatasetEntry Entry(
        string baseDirectory, string basePath, string destination, BlobKind kind, ImportDisposition disposition, string? metadata, string? properties, Func<string, string, DriveFormatException> bad)
    {
        if (basePath.Length == 0)
        {
            throw bad("BasePath", "a file or directory path is required.");
        }

        var isDirectory = basePath.EndsWith('\\') || basePath.EndsWith('/');
        var source = Resolve(baseDirectory, basePath);
        if (isDirectory && !Path.EndsInDirectorySeparator(source))
        {
            source += Path.DirectorySeparatorChar;
        }

        var blobPath = isDirectory ? Prefix(destination, bad) : BlobPath(destination, bad);
        return new DatasetEntry(source, blobPath, kind, disposition, SideFile(baseDirectory, metadata, "MetadataFile", bad), SideFile(baseDirectory, properties, "PropertiesFile", bad));
    }

    private static string BlobPath(string destination, Func<string, string, DriveFormatException> bad)
    {
        if (destination.StartsWith('/'))
        {
            throw bad("DstBlobPathOrPrefix", $"'{destination}' must be container/blob, without a leading '/'.");
        }

        if (destination.EndsWith('/'))
        {
            throw bad("DstBlobPathOrPrefix", $"'{destination}' ends with '/', but BasePath is a file: name the blob, or end BasePath with '\\' for a directory.");
        }

        return BlobNames.ProblemOf(destination) is { } problem ? throw bad("DstBlobPathOrPrefix", problem) : destination;
    }

    private static string Prefix(string destination, Func<string, string, DriveFormatException> bad)
    {
        if (destination.Length == 0 || destination.StartsWith('/'))
        {
            throw bad("DstBlobPathOrPrefix", $"'{destination}' must be container/ or container/prefix/, without a leading '/'.");
        }

        var prefix = destination.EndsWith('/') ? destination : destination + "/";
        var slash = prefix.IndexOf('/', StringComparison.Ordinal);
        if (!BlobNames.IsContainerName(prefix[..slash]))
        {
            throw bad("DstBlobPathOrPrefix", $"'{prefix[..slash]}' is not a container name (3 to 63 lowercase letters, digits and single hyphens, or $root).");
        }

        return prefix.Any(char.IsControl) ? throw bad("DstBlobPathOrPrefix", "the prefix holds a control character.") : prefix;
    }

    private static string? SideFile(string baseDirectory, string? value, string field, Func<string, string, DriveFormatException> bad)
    {
        if (value is null)
        {
            return null;
        }

        return value.EndsWith('\\') || value.EndsWith('/')
            ? throw bad(field, $"'{value}' names a directory; give a file, or None.")
            : Resolve(baseDirectory, value);
    }

    private static string Resolve(string baseDirectory, string path)
    {
        var local = Path.DirectorySeparatorChar == '/' ? path.Replace('\\', '/') : path;
        return Path.GetFullPath(Path.Combine(baseDirectory, local));
    }

    /// <summary>An RFC 4180 record reader that remembers the line each record starts on.</summary>
    private sealed class CsvReader(TextReader reader)
    {
        private int _line = 1;
        private bool _atStart = true;

        public (int Line, IReadOnlyList<string> Fields)? ReadRecordOrNull()
        {
            var next = reader.Peek();
            if (next < 0)
            {
                return null;
            }

            if (_atStart && next == '\uFEFF')
            {
                reader.Read();
            }

            _atStart = false;
            var line = _line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            var wasQuoted = false;
            while (true)
            {
                var ch = reader.Read();
                if (quoted)
                {
                    if (ch < 0)
                    {
                        throw new DriveFormatException($"dataset.csv line {line}: a quoted field is not closed before the end of the file.");
                    }

                    if (ch == '"')
                    {
                        if (reader.Peek() == '"')
                        {
                            reader.Read();
                            field.Append('"');
                        }
                        else
                        {
                            quoted = false;
                            if (reader.Peek() is var after and >= 0 and not (',' or '\r' or '\n'))
                            {
                                throw new DriveFormatException($"dataset.csv line {_line}, field {fields.Count + 1}: '{(char)after}' follows a closing quote; a quoted field ends with '\"' followed by ',' or the end of the line.");
                            }
                        }
                    }
                    else
                    {
                        if (ch == '\n')
                        {
                            _line++;
                        }

                        field.Append((char)ch);
                    }

                    continue;
                }

                switch (ch)
                {
                    case '"' when field.Length == 0 && !wasQuoted:
                        quoted = wasQuoted = true;
                        break;
                    case '"':
                        throw new DriveFormatException($"dataset.csv line {_line}, field {fields.Count + 1}: a quote inside an unquoted field; quote the whole field and double the quote (\"\").");
                    case ',':
                        fields.Add(field.ToString());
                        field.Clear();
                        wasQuoted = false;
                        break;
                    case '\r' when reader.Peek() == '\n':
                        break;
                    case '\r' or '\n' or -1:
                        _line++;
                        fields.Add(field.ToString());
                        return (line, fields);
                    default:
                        field.Append((char)ch);
                        break;
                }
            }
        }
    }
}
