namespace Ferry.Core.Drives;

/// <summary>
/// Bounds the readers apply to untrusted drive documents (manifest, copy log, blob list); a document beyond any of them
/// is rejected, never truncated. Every value must be positive.
/// </summary>
/// <param name="MaxDocumentCharacters">Largest document, in characters (the XML reader's <c>MaxCharactersInDocument</c>).</param>
/// <param name="MaxBlobs">Most blobs in a manifest (over all its blob lists) or copy log, and most entries in a blob list.</param>
/// <param name="MaxBlocksPerBlob">Most blocks of one blob (docs/formats.md §2: 50,000); also bounds a copy log's block list.</param>
/// <param name="MaxBlockLength">Largest manifest block, in bytes (docs/formats.md §2: 4 MiB).</param>
/// <param name="MaxPathLength">
/// Longest blob name after its container: a blob path may have <c>MaxPathLength + 64</c> characters (a container name of up
/// to 63 and the <c>/</c>). Drive paths are accepted up to 32,767 characters so that the engine can report an over-long one
/// per file (<see cref="DrivePaths.TryResolve"/> gives <see cref="DrivePathProblem.TooLong"/> above 1,024).
/// </param>
/// <param name="MaxPageRangesPerBlob">Most page ranges of one blob; the default covers a 1 TiB page blob in 4 MiB ranges.</param>
/// <param name="MaxTextLength">Longest free-text value (credentials, <c>ClientCreator</c>, <c>ClientData</c>, ids), in characters.</param>
public sealed record ManifestLimits(
    long MaxDocumentCharacters = 512L * 1024 * 1024,
    int MaxBlobs = 1_000_000,
    int MaxBlocksPerBlob = 50_000,
    long MaxBlockLength = 4L * 1024 * 1024,
    int MaxPathLength = 1024,
    int MaxPageRangesPerBlob = 262_144,
    int MaxTextLength = 65_536)
{
    /// <summary>The limits of docs/formats.md §2 and a 512 Mi-character document.</summary>
    public static ManifestLimits Default { get; } = new();

    /// <summary>Longest blob path: a container name of up to 63 characters, <c>/</c>, and a name of up to <see cref="MaxPathLength"/>.</summary>
    internal int MaxBlobPathLength => MaxPathLength > int.MaxValue - 64 ? int.MaxValue : MaxPathLength + 64;

    /// <summary>Throws for a limit that is zero or negative (an XML reader treats 0 characters as "unlimited").</summary>
    internal void EnsureValid()
    {
        if (MaxDocumentCharacters <= 0 || MaxBlobs <= 0 || MaxBlocksPerBlob <= 0 || MaxBlockLength <= 0
            || MaxPathLength <= 0 || MaxPageRangesPerBlob <= 0 || MaxTextLength <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ManifestLimits), this, "Every manifest limit must be positive.");
        }
    }
}
