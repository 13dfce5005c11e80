using System.Text;

namespace Ferry.Core.Drives;

/// <summary>Copying and hashing in one pass (<see cref="CopyPipeline"/>), each file recorded in the journal once it is on disk.</summary>
public sealed partial class DrivePreparer
{
    private static async Task CopyAsync(ActiveSession session, PrepareJournal journal, bool directWrites, IProgress<PrepareProgress>? progress, CancellationToken cancellationToken)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(SideFileBuffer);
        foreach (var side in session.Journal.SideFiles)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await CopySideFileAsync(session, side, buffer, cancellationToken);
        }

        var files = session.Journal.Files;
        var totals = new Totals(files.Sum(f => f.Length), files.Count);
        var pending = new List<FileRecord>();
        foreach (var file in files)
        {
            if (session.Journal.Done.ContainsKey(file.Index) && IsIntact(session, file))
            {
                totals.Bytes += file.Length;
                totals.Files++;
            }
            else
            {
                pending.Add(file);
            }
        }

        progress?.Report(totals.Progress(null));
        await new CopyPipeline(session, journal, directWrites).RunAsync(pending, totals, progress, cancellationToken);

        progress?.Report(totals.Progress(null));
    }

    /// <summary>Copy buffer of the metadata and properties files (small XML files).</summary>
    private const int SideFileBuffer = 64 * 1024;

    /// <summary>A completed file still is on the drive with its length (in place: the file itself).</summary>
    private static bool IsIntact(ActiveSession session, FileRecord file)
    {
        var info = new FileInfo(DestinationOf(session, file.DriveId, file.FilePath));
        return info.Exists && info.Length == file.Length;
    }

    private static string DestinationOf(ActiveSession session, string driveId, string drivePath)
    {
        var root = session.RootOf(driveId);
        return DrivePaths.TryResolve(root, drivePath, out var fullPath) == DrivePathProblem.None
            ? fullPath
            : throw new DrivePreparationException($"The drive path '{drivePath}' on drive {driveId} no longer resolves inside '{root}' (a link was put in its way?).");
    }

    /// <summary>(Re)writes a metadata or properties file on its drive, checking it still has the MD5 it was planned with.</summary>
    private static async Task CopySideFileAsync(ActiveSession session, SideFileRecord side, byte[] buffer, CancellationToken cancellationToken)
    {
        var destination = DestinationOf(session, side.DriveId, side.FilePath);
        string hash;
        if (side.InPlace)
        {
            (_, hash) = Md5File.Of(destination);
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            await using var source = OpenSource(side.Source);
            await using (var target = OpenDestination(destination, source.Length))
            {
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                FlushToDisk(target);
            }

            (_, hash) = Md5File.Of(destination);
        }

        if (hash != side.Hash)
        {
            throw new DrivePreparationException($"The file '{side.Source}' changed since session {session.Record.SessionId} was planned; restore it or start a new session.");
        }
    }

    /// <summary>The id of the block at <paramref name="index"/>: Base64 of <c>ferry-00000000</c>, all of one length.</summary>
    internal static string BlockId(int index) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"ferry-{index:D8}"));

    private static DrivePreparationException Changed(FileRecord file, SessionRecord session) =>
        new($"The file '{file.Source}' changed size since session {session.SessionId} was planned ({file.Length} bytes); restore it or start a new session.");

    private static FileStream OpenSource(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static FileStream OpenDestination(string path, long length) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            Options = FileOptions.Asynchronous,
            PreallocationSize = length,
        });

    /// <summary>Makes a written file durable before the journal says it is done.</summary>
    private static void FlushToDisk(FileStream stream) => stream.Flush(flushToDisk: true);

    /// <summary>Bytes and files done of the session, for progress reports.</summary>
    private sealed class Totals(long bytesTotal, int filesTotal)
    {
        public long Bytes { get; set; }

        public int Files { get; set; }

        public PrepareProgress Progress(string? current) => new(Bytes, bytesTotal, Files, filesTotal, current);
    }
}
