namespace Ferry.Core.Transfer;

/// <summary>
/// A worker's claim on one unit of transfer work: an import drive (<see cref="DriveId"/> its id) or a whole export job
/// (<see cref="DriveId"/> empty: the job's drives are filled in order by one worker). The claim lapses at
/// <see cref="ExpiresAt"/> unless renewed, so a crashed worker's drive is taken over by the next claimer.
/// </summary>
public sealed class TransferLease
{
    /// <summary>The job's store key.</summary>
    public long JobId { get; set; }

    /// <summary>The drive id, or empty for a whole export job.</summary>
    public string DriveId { get; set; } = "";

    /// <summary>The claiming worker.</summary>
    public string Owner { get; set; } = "";

    /// <summary>When the claim lapses unless renewed.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
