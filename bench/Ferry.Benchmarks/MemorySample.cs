namespace Ferry.Benchmarks;

/// <summary>The server's resident set (<c>VmRSS</c>) and its peak so far (<c>VmHWM</c>), in KiB.</summary>
internal readonly record struct MemorySample(long RssKiB, long PeakRssKiB)
{
    public double RssMiB => RssKiB / 1024.0;

    public double PeakRssMiB => PeakRssKiB / 1024.0;
}
