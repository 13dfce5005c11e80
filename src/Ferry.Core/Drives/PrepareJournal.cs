using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ferry.Core.Drives;

/// <summary>
/// The journal file of <see cref="DrivePreparer"/>: JSON lines, opened exclusively for a session, each record flushed to
/// disk before <see cref="Append"/> (or, for a group, <see cref="AppendAll"/>) returns. A last line cut short by a crash
/// is dropped; any other bad line makes the journal unusable. Created owner-only on Unix (it holds recovery passwords and the storage credential).
/// </summary>
internal sealed class PrepareJournal : IDisposable
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        AllowOutOfOrderMetadataProperties = false,
    };

    private readonly FileStream _stream;

    private PrepareJournal(FileStream stream, JournalState state)
    {
        _stream = stream;
        State = state;
    }

    public JournalState State { get; }

    /// <summary>Opens (or creates) the journal at <paramref name="path"/> and reads it.</summary>
    /// <exception cref="DrivePreparationException">The file is in use, unreadable, not a Ferry journal, or damaged.</exception>
    public static PrepareJournal Open(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        FileStream stream;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            stream = new FileStream(path, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var inUse = e is IOException and not (DirectoryNotFoundException or FileNotFoundException or PathTooLongException);
            throw new DrivePreparationException($"Cannot open the journal '{path}'{(inUse ? " (is another ferry drive prepare using it?)" : "")}: {e.Message}", e);
        }

        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            var state = new JournalState();
            var journal = new PrepareJournal(stream, state);
            journal.Load(path);
            return journal;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Writes <paramref name="record"/> as one line, flushes it to disk, and applies it to <see cref="State"/>.</summary>
    /// <exception cref="InvalidOperationException">The record cannot follow the journal's records (a bug of the caller).</exception>
    public void Append(JournalRecord record) => AppendAll([record]);

    /// <summary>
    /// Writes <paramref name="records"/> as lines with one write and one flush to disk (a group commit), then applies them
    /// to <see cref="State"/>. A crash during the write keeps a prefix of the lines: a torn last one is dropped on load.
    /// </summary>
    /// <exception cref="InvalidOperationException">A record cannot follow the journal's records (a bug of the caller).</exception>
    public void AppendAll(IReadOnlyList<JournalRecord> records)
    {
        if (records.Count == 0)
        {
            return;
        }

        var lines = new ArrayBufferWriter<byte>(256 * records.Count);
        using (var writer = new Utf8JsonWriter(lines))
        {
            foreach (var record in records)
            {
                JsonSerializer.Serialize(writer, record, _json);
                writer.Flush();
                writer.Reset();
                lines.Write("\n"u8);
            }
        }

        _stream.Write(lines.WrittenSpan);
        _stream.Flush(flushToDisk: true);
        foreach (var record in records)
        {
            if (record is not JournalHeader && !State.Apply(record))
            {
                throw new InvalidOperationException($"A journal record of type {record.GetType().Name} cannot follow the journal's records.");
            }
        }
    }

    public void Dispose() => _stream.Dispose();

    private void Load(string path)
    {
        if (_stream.Length == 0)
        {
            Append(new JournalHeader(JournalHeader.FerryFormat, JournalHeader.CurrentVersion));
            return;
        }

        _stream.Position = 0;
        long goodEnd = 0;
        var lineNumber = 0;
        // Not throwing on bad UTF-8: only a torn last line can hold it, and that line fails to parse and is dropped.
        using (var reader = new StreamReader(_stream, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true))
        {
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                var end = goodEnd + Encoding.UTF8.GetByteCount(line) + 1;
                var terminated = end <= _stream.Length;
                var record = Parse(line);
                if (lineNumber == 1 && record is not JournalHeader { Format: JournalHeader.FerryFormat })
                {
                    throw new DrivePreparationException($"'{path}' is not a Ferry preparation journal.");
                }

                if (record is JournalHeader { Version: not JournalHeader.CurrentVersion } header)
                {
                    throw new DrivePreparationException($"The journal '{path}' has version {header.Version}; this ferry reads version {JournalHeader.CurrentVersion}.");
                }

                var applied = record is JournalHeader ? lineNumber == 1 : record is not null && terminated && State.Apply(record);
                if (!applied)
                {
                    if (reader.Peek() < 0 && (!terminated || record is null))
                    {
                        // The last line was cut short by a crash: it never counted.
                        break;
                    }

                    throw new DrivePreparationException($"The journal '{path}' is damaged at line {lineNumber}.");
                }

                goodEnd = end;
            }
        }

        _stream.SetLength(goodEnd);
        _stream.Position = goodEnd;
    }

    private static JournalRecord? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<JournalRecord>(line, _json);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }
}
