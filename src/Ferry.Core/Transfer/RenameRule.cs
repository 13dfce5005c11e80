namespace Ferry.Core.Transfer;

/// <summary>
/// The disposition rename rule (docs/formats.md §6): ` (n)` goes before the last dot of the last path segment, or at its
/// end when it has no dot; <c>n</c> starts at 2.
/// </summary>
public static class RenameRule
{
    /// <summary>The <paramref name="n"/>-th candidate name for <paramref name="blobName"/> (n ≥ 2).</summary>
    public static string Candidate(string blobName, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        var segmentStart = blobName.LastIndexOf('/') + 1;
        var dot = blobName.LastIndexOf('.');
        var suffix = $" ({n})";
        return dot >= segmentStart ? blobName[..dot] + suffix + blobName[dot..] : blobName + suffix;
    }
}
