namespace Ferry.Benchmarks.Transfer;

/// <summary>
/// One export through Ferry: how its drive ended, the CPU Azurite and the server used meanwhile (null when unreadable),
/// the largest server <c>VmRSS</c> sampled during it, and how many dataset files the drive did not hold byte-identical.
/// </summary>
internal sealed record ExportRun(string Job, ImportOutcome Outcome, TimeSpan? AzuriteCpu, TimeSpan? ServerCpu, long MaxSampledRssKiB, int WrongFiles)
{
    /// <summary>The drive finished with copy status <c>Completed</c> and held every file with its MD5.</summary>
    public bool Succeeded => Outcome.DriveState is "Completed" or "CompletedMoreInfo" && Outcome.CopyStatus == "Completed" && WrongFiles == 0;
}
