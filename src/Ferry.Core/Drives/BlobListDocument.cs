namespace Ferry.Core.Drives;

/// <summary>An export blob list (docs/formats.md §1.2), also used for the incomplete-blob list of §5.</summary>
/// <param name="Paths">The <c>BlobPath</c> entries, in document order.</param>
/// <param name="Prefixes">The <c>BlobPathPrefix</c> entries, in document order, each starting with <c>/</c> (<c>/</c> alone: the whole account).</param>
/// <remarks>The order between paths and prefixes is not kept. Equality compares both lists element by element.</remarks>
public sealed record BlobListDocument(IReadOnlyList<BlobListPath> Paths, IReadOnlyList<string> Prefixes)
{
    /// <inheritdoc />
    public bool Equals(BlobListDocument? other) =>
        other is not null && Paths.SequenceEqual(other.Paths) && Prefixes.SequenceEqual(other.Prefixes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Paths.Count, Prefixes.Count);
}
