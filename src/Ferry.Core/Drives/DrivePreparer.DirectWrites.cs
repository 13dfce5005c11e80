using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Core.Drives;

/// <summary>
/// Direct writes of the data files' copies (docs/architecture.md §11.5): on Linux a copy is written with <c>O_DIRECT</c>
/// from 4 KiB-aligned buffers, bypassing the page cache, then flushed as before. A buffered write leaves the whole copy
/// to the kernel's write-back, which the flush before the journal record then waits for; a direct write sends the data to
/// the drive as it is written, and the flush only has the metadata and the drive's cache left.
/// </summary>
public sealed partial class DrivePreparer
{
    /// <summary>Alignment of a direct write's buffer, offset and length: 4 KiB, the largest logical block size in use.</summary>
    internal const int DirectAlignment = 4096;

    private const int GetStatusFlags = 3;
    private const int SetStatusFlags = 4;

    /// <summary>False turns direct writes off (buffered writes everywhere), for tests of that path.</summary>
    internal bool DirectWrites { get; init; } = OperatingSystem.IsLinux() && ODirect != 0;

    /// <summary>Linux's <c>O_DIRECT</c> on this processor; 0 where it is not known.</summary>
    private static int ODirect => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x4000,
        Architecture.Arm64 or Architecture.Arm => 0x10000,
        _ => 0,
    };

    /// <summary><paramref name="length"/> rounded up to <see cref="DirectAlignment"/>.</summary>
    internal static long AlignUp(long length) => (length + DirectAlignment - 1) / DirectAlignment * DirectAlignment;

    /// <summary>
    /// True when files in <paramref name="directory"/> take direct writes (Linux only): a probe file there opens with <c>O_DIRECT</c>,
    /// takes two aligned writes and is cut to an unaligned length (as a copy's last slab is). The probe is removed.
    /// </summary>
    internal static bool AcceptsDirectWrites(string directory)
    {
        if (!OperatingSystem.IsLinux() || ODirect == 0)
        {
            return false;
        }

        var probe = Path.Combine(directory, $".ferry-probe-{Guid.NewGuid():N}.tmp");
        try
        {
            var buffer = new SlabBuffer(2 * DirectAlignment);
            buffer.Span.Fill(0x5A);
            using (var handle = File.OpenHandle(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                SetDirect(handle);
                RandomAccess.Write(handle, buffer.Span[..DirectAlignment], 0);
                RandomAccess.Write(handle, buffer.Span, DirectAlignment);
                RandomAccess.SetLength(handle, (2 * DirectAlignment) + 1);
            }

            return new FileInfo(probe).Length == (2 * DirectAlignment) + 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        finally
        {
            try
            {
                File.Delete(probe);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: a probe left behind is a few KiB in the session folder, not listed in any manifest.
            }
        }
    }

    /// <summary>Opens a data file's copy (created, its length preallocated), for direct writes when <paramref name="direct"/>.</summary>
    private static SafeFileHandle OpenCopy(string path, long length, bool direct)
    {
        var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.None, preallocationSize: length);
        try
        {
            if (direct)
            {
                SetDirect(handle);
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Turns <c>O_DIRECT</c> on for <paramref name="handle"/> (.NET has no open option for it on Unix).</summary>
    /// <exception cref="IOException">The file system refused it.</exception>
    private static void SetDirect(SafeFileHandle handle)
    {
        var flags = Fcntl(handle, GetStatusFlags, 0);
        if (flags < 0 || Fcntl(handle, SetStatusFlags, flags | ODirect) < 0)
        {
            throw new IOException($"O_DIRECT was refused (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fcntl(SafeFileHandle handle, int command, int argument);

    /// <summary>
    /// A copy buffer whose first byte is aligned to <see cref="DirectAlignment"/>: a pinned array (on the pinned object
    /// heap, so it never moves) with room for the alignment, used from its first aligned byte.
    /// </summary>
    internal sealed class SlabBuffer
    {
        private readonly byte[] _array;
        private readonly int _offset;
        private readonly int _length;

        public SlabBuffer(int length)
        {
            _length = length;
            _array = GC.AllocateUninitializedArray<byte>(length + DirectAlignment, pinned: true);
            var address = Marshal.UnsafeAddrOfPinnedArrayElement(_array, 0).ToInt64();
            _offset = (int)((DirectAlignment - (address % DirectAlignment)) % DirectAlignment);
        }

        public Span<byte> Span => _array.AsSpan(_offset, _length);
    }
}
