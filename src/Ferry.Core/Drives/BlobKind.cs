namespace Ferry.Core.Drives;

/// <summary>The type of a blob on a drive. Values are explicit and may only grow.</summary>
public enum BlobKind
{
    /// <summary>A block blob: a manifest <c>BlockList</c>, a log <c>BlockList</c>.</summary>
    BlockBlob = 1,

    /// <summary>A page blob: a manifest <c>PageRangeList</c>, a log <c>PageRangeList</c>.</summary>
    PageBlob = 2,
}
