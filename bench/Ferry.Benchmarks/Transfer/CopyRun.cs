namespace Ferry.Benchmarks.Transfer;

/// <summary>One run of the baseline: <c>cp -r</c>, then <c>md5sum</c> of every copy, then a <c>sync</c>; CPU includes every child process (null when unknown).</summary>
internal sealed record CopyRun(TimeSpan CopyElapsed, TimeSpan? CopyCpu, TimeSpan HashElapsed, TimeSpan? HashCpu, TimeSpan SyncElapsed, int WrongSums)
{
    /// <summary>The measured time: the copy and the hashing.</summary>
    public TimeSpan Elapsed => CopyElapsed + HashElapsed;

    public TimeSpan? Cpu => CopyCpu + HashCpu;
}
