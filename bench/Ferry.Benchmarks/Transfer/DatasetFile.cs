namespace Ferry.Benchmarks.Transfer;

/// <summary>One file of the dataset: its path under the dataset folder (with '/'), its length and the MD5 of its content (upper-case hex).</summary>
internal sealed record DatasetFile(string RelativePath, long Length, string Md5);
