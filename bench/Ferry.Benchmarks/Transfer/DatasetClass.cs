namespace Ferry.Benchmarks.Transfer;

/// <summary>One size class of the dataset: how many files of which size.</summary>
internal sealed record DatasetClass(string Name, long FileSize, int Count)
{
    public long Bytes => FileSize * Count;
}
