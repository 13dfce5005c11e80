using System.Diagnostics;
using System.Globalization;

namespace Ferry.Benchmarks;

/// <summary>
/// How busy the machine is apart from the benchmark: the load averages of <c>/proc/loadavg</c>, and the share of all
/// cores that other processes kept busy over a short window (<c>/proc/stat</c>'s busy time minus this process's and
/// those of the given processes). A benchmark samples before it starts and after it has stopped what it started, and
/// refuses to report when <see cref="Judge"/> says the machine was busy. Reusable by any bench.
/// </summary>
internal static class MachineLoad
{
    /// <summary>Samples for <paramref name="window"/>; <paramref name="ownPids"/> are processes of the benchmark, not counted as others.</summary>
    public static async Task<MachineLoadSample> SampleAsync(TimeSpan window, IReadOnlyCollection<int> ownPids, CancellationToken cancellationToken)
    {
        var (busyBefore, totalBefore) = ReadJiffies();
        var ownBefore = OwnCpuSeconds(ownPids);
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(window, TimeProvider.System, cancellationToken);
        var (busyAfter, totalAfter) = ReadJiffies();
        var ownAfter = OwnCpuSeconds(ownPids);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var load = ReadLoadAverages();
        return FromCounters(load, Environment.ProcessorCount, busyAfter - busyBefore, totalAfter - totalBefore, ownAfter - ownBefore, elapsed);
    }

    /// <summary>
    /// A sample from raw counters: <paramref name="busyJiffies"/> of <paramref name="totalJiffies"/> (all cores) were
    /// busy, <paramref name="ownCpuSeconds"/> of them the benchmark's own. Jiffies are USER_HZ (100 a second).
    /// </summary>
    public static MachineLoadSample FromCounters((double One, double Five, double Fifteen) load, int cores, long busyJiffies, long totalJiffies, double ownCpuSeconds, TimeSpan window)
    {
        var busy = totalJiffies > 0 ? (double)busyJiffies / totalJiffies : double.NaN;
        var own = totalJiffies > 0 ? ownCpuSeconds * 100 / totalJiffies : double.NaN;
        var others = double.IsNaN(busy) ? double.NaN : Math.Max(0, busy - own);
        return new MachineLoadSample(load.One, load.Five, load.Fifteen, cores, busy, others, window);
    }

    /// <summary>
    /// Whether the machine was too busy for a figure to mean anything. The 1-minute load average counts only when
    /// <paramref name="judgeLoadAverage"/> (before a run; after it, the run's own load is still in the average, so
    /// only other processes' CPU is judged then).
    /// </summary>
    public static MachineLoadVerdict Judge(MachineLoadSample sample, MachineLoadLimits limits, bool judgeLoadAverage)
    {
        var reasons = new List<string>();
        if (judgeLoadAverage && sample.LoadOne > limits.MaxLoadPerCore * sample.Cores)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"1-minute load average {sample.LoadOne:0.00} is above {limits.MaxLoadPerCore:0.##} × {sample.Cores} cores = {limits.MaxLoadPerCore * sample.Cores:0.##}"));
        }

        if (!double.IsNaN(sample.OthersBusy) && sample.OthersBusy * 100 > limits.MaxOthersCpuPercent)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"other processes kept {sample.OthersBusy * 100:0.0}% of all cores busy over {sample.Window.TotalSeconds:0.#} s (limit {limits.MaxOthersCpuPercent:0.#}%)"));
        }

        return new MachineLoadVerdict(reasons.Count > 0, reasons);
    }

    /// <summary>The three load averages of a <c>/proc/loadavg</c> line.</summary>
    public static (double One, double Five, double Fifteen) ParseLoadAverages(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 3
            ? (double.Parse(fields[0], CultureInfo.InvariantCulture), double.Parse(fields[1], CultureInfo.InvariantCulture), double.Parse(fields[2], CultureInfo.InvariantCulture))
            : throw new FormatException($"Not a /proc/loadavg line: '{line}'.");
    }

    /// <summary>Busy and total jiffies of the aggregate <c>cpu</c> line of <c>/proc/stat</c> (idle and iowait are not busy).</summary>
    public static (long Busy, long Total) ParseCpuLine(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5 || fields[0] != "cpu")
        {
            throw new FormatException($"Not the aggregate cpu line of /proc/stat: '{line}'.");
        }

        // user nice system idle iowait irq softirq steal; guest time is already inside user and nice.
        var values = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = values.Sum();
        return (total - values[3] - values[4], total);
    }

    private static (double, double, double) ReadLoadAverages()
    {
        try
        {
            return ParseLoadAverages(File.ReadAllText("/proc/loadavg"));
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return (double.NaN, double.NaN, double.NaN);
        }
    }

    private static (long Busy, long Total) ReadJiffies()
    {
        try
        {
            return ParseCpuLine(File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal)));
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidOperationException)
        {
            return (0, 0);
        }
    }

    private static double OwnCpuSeconds(IReadOnlyCollection<int> ownPids)
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds + ownPids.Sum(p => ProcStats.ReadCpuOrNull(p)?.TotalSeconds ?? 0);
    }
}

/// <summary>
/// One sample of the machine: load averages, cores, the busy share of all cores (<see cref="Busy"/>) and the part of
/// it that was not the benchmark's (<see cref="OthersBusy"/>), both 0–1, over <see cref="Window"/>.
/// </summary>
internal sealed record MachineLoadSample(double LoadOne, double LoadFive, double LoadFifteen, int Cores, double Busy, double OthersBusy, TimeSpan Window)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"load average {LoadOne:0.00} {LoadFive:0.00} {LoadFifteen:0.00} on {Cores} cores; other processes {OthersBusy * 100:0.0}% of all cores over {Window.TotalSeconds:0.#} s (all busy {Busy * 100:0.0}%)");
}

/// <summary>When the machine counts as busy: a 1-minute load average above <see cref="MaxLoadPerCore"/> × cores, or other processes above <see cref="MaxOthersCpuPercent"/>% of all cores.</summary>
internal sealed record MachineLoadLimits(double MaxLoadPerCore = 0.5, double MaxOthersCpuPercent = 10);

/// <summary>The judgement of a sample, with every reason it was busy.</summary>
internal sealed record MachineLoadVerdict(bool Busy, IReadOnlyList<string> Reasons)
{
    public string Describe() => Busy ? string.Join("; ", Reasons) : "quiet";
}
