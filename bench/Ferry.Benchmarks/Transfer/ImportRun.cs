namespace Ferry.Benchmarks.Transfer;

/// <summary>
/// One import through Ferry: how it ended, the CPU Azurite and the server used meanwhile (null when unreadable), the
/// largest server <c>VmRSS</c> sampled during it, and what the container held afterwards.
/// </summary>
internal sealed record ImportRun(string Job, ImportOutcome Outcome, TimeSpan? AzuriteCpu, TimeSpan? ServerCpu, long MaxSampledRssKiB, Verification Verification)
{
    /// <summary>The drive finished <c>Completed</c> with copy status <c>Completed</c> and every check of the blobs passed.</summary>
    public bool Succeeded => Outcome.DriveState == "Completed" && Outcome.CopyStatus == "Completed" && Verification.Passed;
}
