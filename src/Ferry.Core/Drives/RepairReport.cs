namespace Ferry.Core.Drives;

/// <summary>What <see cref="ImportRepairer"/> did, blob by blob, in copy-log order.</summary>
/// <param name="Blobs">Every blob of the copy log that needed a repair.</param>
/// <remarks>Equality compares <paramref name="Blobs"/> element by element.</remarks>
public sealed record RepairReport(IReadOnlyList<RepairedBlob> Blobs)
{
    /// <summary>Blobs whose outcome is <see cref="RepairOutcome.Repaired"/>.</summary>
    public int Repaired => Blobs.Count(b => b.Outcome == RepairOutcome.Repaired);

    /// <summary>True when every blob was repaired (also when none needed it).</summary>
    public bool Complete => Blobs.All(b => b.Outcome == RepairOutcome.Repaired);

    /// <inheritdoc />
    public bool Equals(RepairReport? other) => other is not null && Blobs.SequenceEqual(other.Blobs);

    /// <inheritdoc />
    public override int GetHashCode() => Blobs.Count;
}

/// <summary>One blob of a repair.</summary>
/// <param name="BlobPath">The blob as the copy log names it (after a rename, the new name), <c>container/name</c>.</param>
/// <param name="FilePath">The file's drive path.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="RangesSent">Blocks or page ranges sent (0 unless something was sent).</param>
/// <param name="SourceFile">The original file used; null when none was found.</param>
/// <param name="Reason">Why the blob is not repaired, or how it was found; empty when repaired plainly.</param>
public sealed record RepairedBlob(string BlobPath, string FilePath, RepairOutcome Outcome, int RangesSent, string? SourceFile, string Reason);
