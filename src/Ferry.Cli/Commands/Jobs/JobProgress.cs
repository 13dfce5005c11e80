using System.Globalization;

namespace Ferry.Cli.Commands.Jobs;

/// <summary>
/// A job as one poll of a wait read it, whichever surface it came from: its state, progress and drives. Bytes are
/// known only where the service reports them (the ARM surface's <c>bytesSucceeded</c>); the classic API reports
/// percentages only.
/// </summary>
internal sealed record JobSnapshot(string Name, string? State, int? PercentComplete, bool CancelRequested, IReadOnlyList<DriveSnapshot> Drives);

/// <summary>One drive of a <see cref="JobSnapshot"/>.</summary>
internal sealed record DriveSnapshot(string DriveId, string? State, string? CopyStatus, int? PercentComplete, long? BytesSucceeded)
{
    /// <summary>
    /// The percentage to show: as reported, or 100 for a drive whose copy finished (the classic API stops reporting
    /// the percentage once a drive is shipped back).
    /// </summary>
    public int? DisplayPercent => PercentComplete ?? (CopyFinished(CopyStatus) ? 100 : null);

    /// <summary>The drive's total size, estimated from its bytes and percentage; <see langword="null"/> when unknown.</summary>
    public long? EstimatedTotalBytes => BytesSucceeded is { } bytes && DisplayPercent is { } percent and > 0
        ? (long)Math.Round(bytes * 100.0 / percent)
        : null;

    public static bool CopyFinished(string? copyStatus) => copyStatus is "Completed" or "CompletedWithWarnings";
}

/// <summary>A reading of one progress bar (the job or a drive) at a moment: percentage and, where known, bytes.</summary>
internal readonly record struct ProgressReading(DateTimeOffset At, int? Percent, long? Bytes);

/// <summary>Throughput and time left between two readings; each <see langword="null"/> when it cannot be computed.</summary>
internal readonly record struct ProgressRate(double? BytesPerSecond, TimeSpan? Remaining)
{
    /// <summary>
    /// The rate from <paramref name="previous"/> to <paramref name="current"/>: bytes per second when both have bytes;
    /// time left from the percentage gained per second (zero at 100%, unknown while nothing moves).
    /// </summary>
    public static ProgressRate Between(ProgressReading? previous, ProgressReading current)
    {
        if (current.Percent >= 100)
        {
            return new ProgressRate(null, TimeSpan.Zero);
        }

        if (previous is not { } before || current.At <= before.At)
        {
            return default;
        }

        var seconds = (current.At - before.At).TotalSeconds;
        double? bytesPerSecond = current.Bytes is { } nowBytes && before.Bytes is { } thenBytes && nowBytes >= thenBytes
            ? (nowBytes - thenBytes) / seconds
            : null;
        TimeSpan? remaining = null;
        if (current.Percent is { } nowPercent && before.Percent is { } thenPercent && nowPercent > thenPercent)
        {
            var percentPerSecond = (nowPercent - thenPercent) / seconds;
            remaining = TimeSpan.FromSeconds(Math.Ceiling((100 - nowPercent) / percentPerSecond));
        }

        return new ProgressRate(bytesPerSecond, remaining);
    }

    /// <summary>E.g. <c>5.0 MB/s, 2m 30s left</c>; empty when neither is known.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (BytesPerSecond is { } rate)
        {
            parts.Add(ProgressText.Bytes((long)rate) + "/s");
        }

        if (Remaining is { } left && left > TimeSpan.Zero)
        {
            parts.Add(ProgressText.Duration(left) + " left");
        }

        return string.Join(", ", parts);
    }
}

/// <summary>How progress is written for people: byte sizes in binary units and short durations.</summary>
internal static class ProgressText
{
    private static readonly string[] _units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < _units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? bytes.ToString(CultureInfo.InvariantCulture) + " B" : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + _units[unit];
    }

    /// <summary><c>45s</c>, <c>2m 30s</c>, <c>3h 05m</c>, <c>2d 04h</c>.</summary>
    public static string Duration(TimeSpan value) => value switch
    {
        { TotalDays: >= 1 } => $"{(int)value.TotalDays}d {value.Hours:00}h",
        { TotalHours: >= 1 } => $"{(int)value.TotalHours}h {value.Minutes:00}m",
        { TotalMinutes: >= 1 } => $"{(int)value.TotalMinutes}m {value.Seconds:00}s",
        _ => $"{(int)Math.Ceiling(value.TotalSeconds)}s",
    };

    /// <summary><c>1.5 GiB of ~3.0 GiB</c>, <c>1.5 GiB</c> or empty, for a drive's bytes.</summary>
    public static string DriveBytes(DriveSnapshot drive) => drive.BytesSucceeded switch
    {
        null => string.Empty,
        { } done when drive.EstimatedTotalBytes is { } total && drive.DisplayPercent < 100 => $"{Bytes(done)} of ~{Bytes(total)}",
        { } done => Bytes(done),
    };
}
