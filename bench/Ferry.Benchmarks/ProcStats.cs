using System.Globalization;

namespace Ferry.Benchmarks;

/// <summary>Memory and CPU counters of a process, read from <c>/proc/&lt;pid&gt;</c>; null once the process is gone.</summary>
internal static class ProcStats
{
    // USER_HZ: the unit of /proc/<pid>/stat times, 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>The resident set (<c>VmRSS</c>) and its peak (<c>VmHWM</c>) of <paramref name="pid"/>.</summary>
    public static MemorySample? ReadMemoryOrNull(int pid)
    {
        try
        {
            long? rss = null, hwm = null;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = Kilobytes(line);
                }
            }

            return rss is { } r && hwm is { } h ? new MemorySample(r, h) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The resident set of <paramref name="pid"/> split as <c>/proc/&lt;pid&gt;/status</c> reports it: all of it
    /// (<c>VmRSS</c>), its anonymous part (<c>RssAnon</c>: the managed heap, native allocations, stacks) and its
    /// file-backed part (<c>RssFile</c>: mapped assemblies and libraries), in KiB.
    /// </summary>
    public static (long RssKiB, long AnonKiB, long FileKiB)? ReadResidentOrNull(int pid)
    {
        try
        {
            long? rss = null, anon = null, file = null;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line);
                }
                else if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                {
                    anon = Kilobytes(line);
                }
                else if (line.StartsWith("RssFile:", StringComparison.Ordinal))
                {
                    file = Kilobytes(line);
                }
            }

            return rss is { } r && anon is { } a && file is { } f ? (r, a, f) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>User plus system CPU time <paramref name="pid"/> has used so far (its own threads, not its children).</summary>
    public static TimeSpan? ReadCpuOrNull(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds((user + system) / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static long Kilobytes(string line)
    {
        var digits = line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim();
        var space = digits.IndexOf(' ');
        return long.Parse(space < 0 ? digits : digits[..space], CultureInfo.InvariantCulture);
    }
}
