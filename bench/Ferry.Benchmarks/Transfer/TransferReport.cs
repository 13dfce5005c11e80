namespace Ferry.Benchmarks.Transfer;

/// <summary>The whole transfer run: settings, the dataset, every measured run, and the server's memory at the end.</summary>
internal sealed record TransferReport(
    TransferBenchOptions Options,
    IReadOnlyList<DatasetClass> Classes,
    int Files,
    long Bytes,
    TimeSpan DatasetGeneration,
    IReadOnlyList<CopyRun> Copies,
    IReadOnlyList<PrepareRun> Prepares,
    WarmupTimes? Warmup,
    IReadOnlyList<UploadRun> Uploads,
    IReadOnlyList<ImportRun> Imports,
    IReadOnlyList<DownloadRun> Downloads,
    IReadOnlyList<ExportRun> Exports,
    MemorySample ServerMemory,
    MemorySample? AzuriteMemory,
    IReadOnlyList<string> ServerArguments,
    string ServerDataDirectory,
    IReadOnlyList<string> AzuriteArguments)
{
    public const double ImportMinRatio = 1.0;
    public const double ExportMinRatio = 0.9;
    public const double PrepareMinRatio = 0.8;

    /// <summary>The RSS target during the import (issue 15): 200 MiB.</summary>
    public const long PeakRssMaxBytes = 200L * 1024 * 1024;

    /// <summary>Throughput over all runs in bytes per second: the bytes of every run over the sum of their times.</summary>
    public double UploadBytesPerSecond => Rate(Uploads.Select(u => u.Elapsed));

    public double ImportBytesPerSecond => Rate(Imports.Select(i => i.Outcome.Elapsed));

    public double DownloadBytesPerSecond => Rate(Downloads.Select(d => d.Elapsed));

    public double ExportBytesPerSecond => Rate(Exports.Select(e => e.Outcome.Elapsed));

    public double ExportRatio => ExportBytesPerSecond / DownloadBytesPerSecond;

    public bool ExportTargetMet => ExportRatio >= ExportMinRatio;

    public double CopyBytesPerSecond => Rate(Copies.Select(c => c.Elapsed));

    public double PrepareBytesPerSecond => Rate(Prepares.Select(p => p.Elapsed));

    public double ImportRatio => ImportBytesPerSecond / UploadBytesPerSecond;

    public double PrepareRatio => PrepareBytesPerSecond / CopyBytesPerSecond;

    public bool ImportTargetMet => ImportRatio >= ImportMinRatio;

    public bool PrepareTargetMet => PrepareRatio >= PrepareMinRatio;

    public bool RssTargetMet => ServerMemory.PeakRssKiB * 1024 <= PeakRssMaxBytes;

    /// <summary>Every import completed and verified, every baseline upload left the right blobs, every md5sum matched.</summary>
    public bool DataCorrect => Imports.All(i => i.Succeeded) && Uploads.All(u => u.Verification.Passed) && Copies.All(c => c.WrongSums == 0)
        && Exports.All(e => e.Succeeded) && Downloads.All(d => d.WrongFiles == 0);

    public bool AllTargetsMet => ImportTargetMet && ExportTargetMet && PrepareTargetMet && RssTargetMet && DataCorrect;

    private double Rate(IEnumerable<TimeSpan> times)
    {
        var list = times.ToList();
        var seconds = list.Sum(t => t.TotalSeconds);
        return seconds > 0 ? Bytes * (double)list.Count / seconds : double.NaN;
    }
}
