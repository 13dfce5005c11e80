using System.Diagnostics;
using System.Globalization;

namespace Ferry.Benchmarks.Scale;

/// <summary>
/// Where the CPU went during a slice: the whole machine's busy share (<c>/proc/stat</c>, other users of the shared
/// machine included), and the CPU time of the Ferry servers, of the throwaway PostgreSQL (its postmaster, the children
/// it has reaped, and every child alive) and of this load generator.
/// </summary>
internal sealed class CpuMeter(int? postmasterPid)
{
    /// <summary>Reads the counters now; <paramref name="serverPids"/> are the Ferry servers of the side being measured.</summary>
    public Reading Read(IReadOnlyList<int> serverPids)
    {
        var (busy, total) = MachineJiffies();
        var servers = serverPids.Sum(p => ProcStats.ReadCpuOrNull(p)?.TotalSeconds ?? 0);
        var postgres = postmasterPid is { } pm ? PostgresSeconds(pm) : (double?)null;
        using var self = Process.GetCurrentProcess();
        return new Reading(busy, total, servers, postgres, self.TotalProcessorTime.TotalSeconds);
    }

    /// <summary>What happened between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public static CpuUse Between(Reading before, Reading after) => new(
        after.TotalJiffies > before.TotalJiffies ? (double)(after.BusyJiffies - before.BusyJiffies) / (after.TotalJiffies - before.TotalJiffies) : double.NaN,
        after.ServerSeconds - before.ServerSeconds,
        after.PostgresSeconds - before.PostgresSeconds,
        after.BenchSeconds - before.BenchSeconds);

    // The aggregate "cpu" line: user nice system idle iowait irq softirq steal …; idle and iowait are not busy.
    private static (long Busy, long Total) MachineJiffies()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var total = fields.Sum();
            return (total - fields[3] - fields[4], total);
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidOperationException or IndexOutOfRangeException)
        {
            return (0, 0);
        }
    }

    // The postmaster's own time, the time of the children it has reaped (cutime + cstime: backends that exited, their
    // time moves here, so the sum never goes back), and the time of every child alive now.
    private static double PostgresSeconds(int postmasterPid)
    {
        var seconds = OwnAndReapedSeconds(postmasterPid);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(directory);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]) || !int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (ParentOrNull(pid) == postmasterPid)
            {
                seconds += ProcStats.ReadCpuOrNull(pid)?.TotalSeconds ?? 0;
            }
        }

        return seconds;
    }

    private static double OwnAndReapedSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Skip(11).Take(4).Sum(f => long.Parse(f, CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return 0;
        }
    }

    private static int? ParentOrNull(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Cumulative counters at one instant.</summary>
    internal readonly record struct Reading(long BusyJiffies, long TotalJiffies, double ServerSeconds, double? PostgresSeconds, double BenchSeconds);
}

/// <summary>CPU used over one or more slices: the machine's busy share (all cores), and seconds of each part.</summary>
internal sealed record CpuUse(double MachineBusy, double ServerSeconds, double? PostgresSeconds, double BenchSeconds)
{
    public static CpuUse Sum(IReadOnlyList<CpuUse> slices, IReadOnlyList<TimeSpan> walls)
    {
        var wall = walls.Sum(w => w.TotalSeconds);
        var busy = wall > 0 ? slices.Zip(walls, (s, w) => double.IsNaN(s.MachineBusy) ? 0 : s.MachineBusy * w.TotalSeconds).Sum() / wall : double.NaN;
        var postgres = slices.All(s => s.PostgresSeconds is not null) ? slices.Sum(s => s.PostgresSeconds!.Value) : (double?)null;
        return new CpuUse(busy, slices.Sum(s => s.ServerSeconds), postgres, slices.Sum(s => s.BenchSeconds));
    }
}
