namespace Ferry.Core.Transfer;

/// <summary>
/// The checkpoint of one blob of a transfer unit: the decision taken before any byte was written (the target name and
/// disposition outcome, so a resumed transfer never renames twice) and, once done, its copy-log entry.
/// </summary>
public sealed class TransferItem
{
    /// <summary>The job's store key.</summary>
    public long JobId { get; set; }

    /// <summary>The drive id, or empty for an export job.</summary>
    public string DriveId { get; set; } = "";

    /// <summary>The blob's position in the unit's work list.</summary>
    public int Ordinal { get; set; }

    /// <summary>The decision (JSON), set before the first write of the blob.</summary>
    public string? Decision { get; set; }

    /// <summary>The copy-log entry (JSON), set when the blob is done; null while in progress.</summary>
    public string? Result { get; set; }

    /// <summary>Bytes of the blob transferred, once done.</summary>
    public long Bytes { get; set; }
}
