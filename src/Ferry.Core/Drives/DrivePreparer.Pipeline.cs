using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Core.Drives;

/// <summary>The data files' copy: read once, hashed and written in parallel, flushed and journalled in groups.</summary>
public sealed partial class DrivePreparer
{
    /// <summary>Most files whose <c>done</c> records share one journal write and flush.</summary>
    internal const int MaxCommitGroup = 256;

    /// <summary>Most data files flushed to disk at once.</summary>
    private const int FlushParallelism = 8;

    /// <summary>
    /// Copies a session's data files as docs/architecture.md §11.5 describes. The caller's thread reads each source byte
    /// once, a slab (as many whole blocks or page ranges as fit in <see cref="MaxBlockSize"/>) at a time, into one of a few
    /// pooled buffers; a thread-pool task hashes each block of the slab and writes the slab at its offset, so hashing runs
    /// on every core and beside the reads. A file whose slabs are all written goes to the committer, which flushes the
    /// files it has (in parallel), then writes their <c>done</c> records with one journal write and one flush: a file is
    /// recorded only once it is on disk, and reported done only once its record is. Memory stays bounded: the buffers,
    /// and at most <see cref="MaxCommitGroup"/> open files waiting for the committer.
    /// </summary>
    private sealed class CopyPipeline
    {
        private readonly ActiveSession _session;
        private readonly PrepareJournal _journal;
        private readonly Channel<SlabBuffer> _buffers = Channel.CreateUnbounded<SlabBuffer>();
        private readonly Channel<FileCopy> _written = Channel.CreateBounded<FileCopy>(new BoundedChannelOptions(MaxCommitGroup) { SingleReader = true, SingleWriter = true });
        private readonly ConcurrentQueue<FileRecord> _committed = new();
        private readonly byte[] _probe = new byte[1];

        /// <summary>Per drive id: whether its copies are written directly; null when direct writes are off.</summary>
        private readonly Dictionary<string, bool>? _direct;

        public CopyPipeline(ActiveSession session, PrepareJournal journal, bool directWrites)
        {
            _session = session;
            _journal = journal;
            _direct = directWrites ? [] : null;
            for (var i = 0; i < BufferCount; i++)
            {
                _buffers.Writer.TryWrite(new SlabBuffer(MaxBlockSize));
            }
        }

        /// <summary>Slab buffers: enough to keep every core hashing while the next slab is read.</summary>
        internal static int BufferCount => Math.Clamp(Environment.ProcessorCount + 2, 3, 10);

        /// <summary>
        /// Copies <paramref name="files"/> in order. On a failure or cancellation every task started has ended and every
        /// file whose copy completed is recorded before this throws (the session resumes from there).
        /// </summary>
        public async Task RunAsync(IReadOnlyList<FileRecord> files, Totals totals, IProgress<PrepareProgress>? progress, CancellationToken cancellationToken)
        {
            var committer = Task.Run(CommitAsync, CancellationToken.None);
            try
            {
                foreach (var file in files)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var copy = await ScheduleAsync(file, totals, progress, cancellationToken);
                    try
                    {
                        await _written.Writer.WriteAsync(copy, cancellationToken);
                    }
                    catch
                    {
                        await copy.SettleAsync();
                        throw;
                    }

                    Report(totals, progress);
                }
            }
            finally
            {
                // The committer records what is complete, then ends; its failure (the cause) wins over the channel closing.
                _written.Writer.TryComplete();
                await committer;
                Report(totals, progress);
            }
        }

        /// <summary>Files the committer recorded since the last call: each counted and reported on the caller's thread.</summary>
        private void Report(Totals totals, IProgress<PrepareProgress>? progress)
        {
            while (_committed.TryDequeue(out var file))
            {
                totals.Files++;
                progress?.Report(totals.Progress(file.Source));
            }
        }

        /// <summary>Reads <paramref name="file"/> and starts a hash-and-write task per slab; returns once every slab is read.</summary>
        private async Task<FileCopy> ScheduleAsync(FileRecord file, Totals totals, IProgress<PrepareProgress>? progress, CancellationToken cancellationToken)
        {
            var record = _session.Record;
            var destinationPath = DestinationOf(_session, file.DriveId, file.FilePath);
            using var source = File.OpenHandle(record.SkipWrite ? destinationPath : file.Source, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            if (RandomAccess.GetLength(source) != file.Length)
            {
                throw Changed(file, record);
            }

            var page = file.Kind == BlobKind.PageBlob;
            var chunk = page ? PageRangeSize(record.BlockSize) : record.BlockSize;
            var slab = MaxBlockSize / chunk * chunk;
            SafeFileHandle? destination = null;
            var direct = false;
            if (!record.SkipWrite)
            {
                var folder = Path.GetDirectoryName(destinationPath)!;
                Directory.CreateDirectory(folder);
                direct = slab % DirectAlignment == 0 && IsDirect(file.DriveId, folder);
                destination = OpenCopy(destinationPath, file.Length, direct);
            }

            var copy = new FileCopy(file, destination, chunk, page, direct);
            try
            {
                for (long offset = 0; offset < file.Length;)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var length = (int)Math.Min(slab, file.Length - offset);
                    var buffer = await _buffers.Reader.ReadAsync(cancellationToken);
                    if (ReadFully(source, buffer.Span[..length], offset) != length)
                    {
                        _buffers.Writer.TryWrite(buffer);
                        throw Changed(file, record);
                    }

                    var at = offset;
                    copy.Slabs.Add(Task.Run(() => HashAndWrite(copy, buffer, length, at), CancellationToken.None));
                    for (var done = 0; done < length; done += chunk)
                    {
                        totals.Bytes += Math.Min(chunk, length - done);
                        progress?.Report(totals.Progress(file.Source));
                    }

                    offset += length;
                    Report(totals, progress);
                }

                if (await RandomAccess.ReadAsync(source, _probe, file.Length, cancellationToken) != 0)
                {
                    throw Changed(file, record);
                }

                return copy;
            }
            catch
            {
                await copy.SettleAsync();
                throw;
            }
        }

        /// <summary>Whether the copies on drive <paramref name="driveId"/> are written directly: probed once per drive, in the first copy's folder.</summary>
        private bool IsDirect(string driveId, string folder)
        {
            if (_direct is null)
            {
                return false;
            }

            if (!_direct.TryGetValue(driveId, out var direct))
            {
                direct = AcceptsDirectWrites(folder);
                _direct[driveId] = direct;
            }

            return direct;
        }

        /// <summary>Reads until <paramref name="data"/> is full or the file ends; the bytes read.</summary>
        private static int ReadFully(SafeFileHandle source, Span<byte> data, long offset)
        {
            var total = 0;
            int read;
            while (total < data.Length && (read = RandomAccess.Read(source, data[total..], offset + total)) > 0)
            {
                total += read;
            }

            return total;
        }

        /// <summary>
        /// Hashes each block (or non-zero page range) of a slab, writes the slab at its offset, and returns the buffer. A
        /// direct write of a file's unaligned last slab is padded with zeros to the alignment; the committer cuts the file
        /// back to its length.
        /// </summary>
        private void HashAndWrite(FileCopy copy, SlabBuffer buffer, int length, long offset)
        {
            try
            {
                var data = buffer.Span[..length];
                for (var at = 0; at < length; at += copy.Chunk)
                {
                    var part = data.Slice(at, Math.Min(copy.Chunk, length - at));
                    copy.Hashes[(int)((offset + at) / copy.Chunk)] = copy.Page && !part.ContainsAnyExcept((byte)0) ? null : Md5Hex.Of(part);
                }

                if (copy.Destination is { } destination)
                {
                    if (copy.Direct)
                    {
                        var padded = (int)AlignUp(length);
                        buffer.Span[length..padded].Clear();
                        data = buffer.Span[..padded];
                    }

                    RandomAccess.Write(destination, data, offset);
                }
            }
            finally
            {
                _buffers.Writer.TryWrite(buffer);
            }
        }

        /// <summary>
        /// Takes the written files in order, as many as are waiting (up to <see cref="MaxCommitGroup"/>): waits for their
        /// slabs, flushes them, then records them with one journal write and flush. On a failure it closes the hand-over
        /// (the reader stops at its next file) and ends every task before it throws.
        /// </summary>
        private async Task CommitAsync()
        {
            var group = new List<FileCopy>();
            try
            {
                while (await _written.Reader.WaitToReadAsync())
                {
                    while (group.Count < MaxCommitGroup && _written.Reader.TryRead(out var copy))
                    {
                        group.Add(copy);
                        await Task.WhenAll(copy.Slabs);
                    }

                    await Parallel.ForEachAsync(
                        group.Where(c => c.Destination is not null),
                        new ParallelOptions { MaxDegreeOfParallelism = FlushParallelism },
                        (c, _) =>
                        {
                            if (c.Direct && c.File.Length % DirectAlignment != 0)
                            {
                                RandomAccess.SetLength(c.Destination!, c.File.Length);
                            }

                            RandomAccess.FlushToDisk(c.Destination!);
                            return ValueTask.CompletedTask;
                        });
                    var sides = _session.Journal.SideFiles;
                    _journal.AppendAll([.. group.Select(c => new DoneRecord(c.File.Index, c.Blob(sides)))]);
                    foreach (var copy in group)
                    {
                        copy.Dispose();
                        _committed.Enqueue(copy.File);
                    }

                    group.Clear();
                }
            }
            catch (Exception e)
            {
                _written.Writer.TryComplete(e);
                foreach (var copy in group)
                {
                    await copy.SettleAsync();
                }

                while (_written.Reader.TryRead(out var left))
                {
                    await left.SettleAsync();
                }

                throw;
            }
        }
    }

    /// <summary>One data file in the pipeline: its open copy, its slabs' tasks, and each block's MD5 as it is computed.</summary>
    private sealed class FileCopy(FileRecord file, SafeFileHandle? destination, int chunk, bool page, bool direct) : IDisposable
    {
        public FileRecord File => file;

        public SafeFileHandle? Destination => destination;

        /// <summary>Size of a block or page range.</summary>
        public int Chunk => chunk;

        public bool Page => page;

        /// <summary>The copy is written directly (<c>O_DIRECT</c>): whole aligned slabs, cut to its length before its flush.</summary>
        public bool Direct => direct;

        /// <summary>Each block's (or page range's) MD5; null for a page range of zeros.</summary>
        public string?[] Hashes { get; } = new string?[Chunks(file.Length, chunk)];

        public List<Task> Slabs { get; } = [];

        /// <summary>The manifest entry, once every slab is done.</summary>
        public ManifestBlob Blob(List<SideFileRecord> sides)
        {
            var blocks = new List<ManifestBlock>();
            var ranges = new List<ManifestPageRange>();
            for (var i = 0; i < Hashes.Length; i++)
            {
                var offset = (long)i * chunk;
                var length = (int)Math.Min(chunk, file.Length - offset);
                if (!page)
                {
                    blocks.Add(new ManifestBlock(offset, length, BlockId(i), Hashes[i]!));
                }
                else if (Hashes[i] is { } hash)
                {
                    ranges.Add(new ManifestPageRange(offset, length, hash));
                }
            }

            ManifestFileRef? Ref(int? id) => id is { } n ? new ManifestFileRef(sides[n].FilePath, sides[n].Hash) : null;
            return new ManifestBlob(file.BlobPath, file.FilePath, file.Length, file.Kind, file.Disposition, blocks, ranges, Ref(file.Metadata), Ref(file.Properties), null, null);
        }

        /// <summary>Waits for every slab started (whatever its outcome), then closes the copy: for a file that will not be recorded.</summary>
        public async Task SettleAsync()
        {
            await Task.WhenAll(Slabs).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Dispose();
        }

        public void Dispose() => destination?.Dispose();
    }
}
