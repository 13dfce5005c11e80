using System.Diagnostics;
using System.Globalization;

namespace Ferry.Benchmarks.Transfer;

/// <summary>
/// The transfer benchmark (issue 4). It generates the dataset, then measures on the local disk <c>cp -r</c> plus
/// <c>md5sum</c> against <c>ferry drive prepare</c> (baseline, prepare, baseline, …), then starts the Release server
/// and measures a plain parallel Azure.Storage.Blobs upload of the dataset against a Ferry import of the prepared drive
/// (after an untimed warm-up of both: baseline, import, baseline, …), each into a fresh Azurite on the same port, and
/// checks what each left there.
/// </summary>
internal sealed class TransferBenchmark(TransferBenchOptions options)
{
    private const string JobPrefix = "benchimport";
    private const string ExportJobPrefix = "benchexport";
    private const string ExportContainer = "ferry-export";

    public async Task<TransferReport> RunAsync(CancellationToken cancellationToken)
    {
        var parent = options.WorkDirectory is { } w ? Directory.CreateDirectory(w).FullName : Path.GetTempPath();
        var root = Directory.CreateDirectory(Path.Combine(parent, $"ferry-transfer-{Guid.NewGuid():N}"[..24]));
        Console.WriteLine($"Working in {root.FullName}");
        var failed = false;
        try
        {
            return await RunInAsync(root.FullName, cancellationToken);
        }
        catch (BenchmarkFailedException e)
        {
            failed = true;
            throw new BenchmarkFailedException($"{e.Message}\n(kept {root.FullName})", e);
        }
        finally
        {
            if (options.KeepData || failed)
            {
                Console.WriteLine($"Kept {root.FullName} (datasets, drives, journals, server.log, azurite-*.log).");
            }
            else
            {
                TryDelete(root);
            }
        }
    }

    private async Task<TransferReport> RunInAsync(string root, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Generating {options.DatasetMiB:N0} MiB of random data (seed {options.Seed})…");
        var generation = Stopwatch.GetTimestamp();
        var dataset = await Dataset.GenerateAsync(Path.Combine(root, "dataset"), options.DatasetMiB, options.Seed, cancellationToken);
        var generated = Stopwatch.GetElapsedTime(generation);
        Console.WriteLine($"  {dataset.Files.Count:N0} files, {dataset.Bytes / 1048576.0:N0} MiB in {generated.TotalSeconds:0.0} s ({string.Join(", ", dataset.Classes.Select(c => $"{c.Count} × {c.FileSize / 1024} KiB"))})");

        var (copies, prepares, drive) = await LocalPhaseAsync(root, dataset, cancellationToken);
        var warmup = await PrepareWarmupOrNullAsync(root, cancellationToken);

        var azuritePort = ServerProcess.FreeLoopbackPort();
        var endpoint = $"http://127.0.0.1:{azuritePort}/{{account}}";
        var dataDirectory = Directory.CreateDirectory(Path.Combine(root, "server-data")).FullName;
        List<string> switches = ["--Ferry:Transfer:BlobEndpoint", endpoint, .. options.ServerArgs];
        await using var server = ServerProcess.Start(options.DotnetHost, options.ServerDll, switches, dataDirectory, Path.Combine(root, "server.log"));
        Console.WriteLine($"Server pid {server.ProcessId} on https://127.0.0.1:{server.Port}, data {dataDirectory}; Azurite (a fresh one for every run) on {endpoint}");
        try
        {
            var credentials = await server.WaitUntilReadyAsync(dataDirectory, TimeSpan.FromMinutes(2), cancellationToken);
            using var client = ClassicClient.CreateHttpClient(credentials, maxConnections: 4, TimeSpan.FromSeconds(60));
            var import = new FerryImport(client, credentials, server.Port);
            var azurite = new AzuriteRuns(options, azuritePort, root);
            var driveFolder = Path.Combine(root, "drive");
            var warmupTimes = warmup is null ? null : await azurite.RunAsync("warmup", (_, blobs) => WarmUpAsync(import, blobs, warmup, cancellationToken), cancellationToken);
            var uploads = new List<UploadRun>();
            var imports = new List<ImportRun>();
            for (var round = 0; round <= options.Rounds; round++)
            {
                var r = round;
                uploads.Add(await azurite.RunAsync($"baseline-{r}", (a, blobs) => UploadAsync(blobs, a, dataset, r, cancellationToken), cancellationToken));
                if (round < options.Rounds)
                {
                    imports.Add(await azurite.RunAsync($"import-{r}", (a, blobs) => ImportAsync(import, blobs, a, server, dataset, drive, driveFolder, r, cancellationToken), cancellationToken));
                }
            }

            var (downloads, exports) = await azurite.RunAsync("export", (a, blobs) => ExportPhaseAsync(import, blobs, a, server, dataset, root, cancellationToken), cancellationToken);
            var memory = server.ReadMemoryOrNull() ?? throw new BenchmarkFailedException("Could not read /proc/<pid>/status of the server at the end.");
            return new TransferReport(
                options, dataset.Classes, dataset.Files.Count, dataset.Bytes, generated, copies, prepares, warmupTimes, uploads, imports, downloads, exports, memory,
                azurite.LargestPeak, server.Arguments, dataDirectory, azurite.Arguments);
        }
        catch (BenchmarkFailedException e)
        {
            var exited = server.HasExited ? "\nThe server process has exited." : "";
            throw new BenchmarkFailedException($"{e.Message}{exited}\n{server.FirstErrorInLog()}\n{server.LogTail()}", e);
        }
    }

    /// <summary>cp + md5sum, prepare, cp + md5sum, …: every prepare sits between two baseline runs. The last prepared drive is kept, in <c>drive</c>.</summary>
    private async Task<(List<CopyRun> Copies, List<PrepareRun> Prepares, PreparedDrive Drive)> LocalPhaseAsync(string root, Dataset dataset, CancellationToken cancellationToken)
    {
        var local = new LocalCopies(options, dataset, root);
        var copies = new List<CopyRun>();
        var prepares = new List<PrepareRun>();
        var driveFolder = Path.Combine(root, "drive");
        for (var round = 0; round <= options.Rounds; round++)
        {
            var copyFolder = Path.Combine(root, $"cp-{round}");
            Console.WriteLine($"cp -r + md5sum, run {round + 1}…");
            var copy = await local.CopyAndHashAsync(copyFolder, cancellationToken);
            copies.Add(copy);
            Console.WriteLine($"  cp {copy.CopyElapsed.TotalSeconds:0.00} s + md5sum {copy.HashElapsed.TotalSeconds:0.00} s = {Rate(dataset.Bytes, copy.Elapsed)} (sync after {copy.SyncElapsed.TotalSeconds:0.00} s){(copy.WrongSums > 0 ? $", {copy.WrongSums} WRONG SUMS" : "")}");
            Directory.Delete(copyFolder, recursive: true);
            if (round == options.Rounds)
            {
                break;
            }

            if (Directory.Exists(driveFolder))
            {
                Directory.Delete(driveFolder, recursive: true);
            }

            Console.WriteLine($"ferry drive prepare, run {round + 1}…");
            var journal = Path.Combine(root, $"journal-{round}");
            var prepare = await local.PrepareAsync(driveFolder, journal, "bench" + round.ToString(CultureInfo.InvariantCulture), cancellationToken);
            prepares.Add(prepare);
            Console.WriteLine($"  {prepare.Elapsed.TotalSeconds:0.00} s = {Rate(dataset.Bytes, prepare.Elapsed)} (sync after {prepare.SyncElapsed.TotalSeconds:0.00} s); drive {prepare.Drive.DriveId}");
        }

        return (copies, prepares, prepares[^1].Drive);
    }

    /// <summary>The warm-up dataset (a different seed) and its drive, prepared untimed; null when there is no warm-up.</summary>
    private async Task<Warmup?> PrepareWarmupOrNullAsync(string root, CancellationToken cancellationToken)
    {
        if (options.WarmupMiB == 0)
        {
            return null;
        }

        var dataset = await Dataset.GenerateAsync(Path.Combine(root, "warmup-dataset"), options.WarmupMiB, options.Seed + 1, cancellationToken);
        var folder = Path.Combine(root, "warmup-drive");
        Console.WriteLine($"Preparing the warm-up drive ({dataset.Files.Count:N0} files, {options.WarmupMiB} MiB; untimed)…");
        var prepare = await new LocalCopies(options, dataset, root).PrepareAsync(folder, Path.Combine(root, "warmup-journal"), "warmup", cancellationToken);
        return new Warmup(dataset, folder, prepare.Drive);
    }

    /// <summary>
    /// One upload and one import of the warm-up dataset (untimed, checked for count and sizes), so that the measured
    /// runs find the server's and the uploader's code compiled to its final tier; the warm-up import must complete.
    /// </summary>
    private static async Task<WarmupTimes> WarmUpAsync(FerryImport import, BlobStore blobs, Warmup warmup, CancellationToken cancellationToken)
    {
        Console.WriteLine("Warm-up upload and import (untimed)…");
        var upload = await blobs.UploadAllAsync("warmup-baseline", LocalCopies.Prefix, warmup.Dataset, concurrency: 8, cancellationToken);
        await import.CreateAndShipAsync(JobPrefix + "warmup", warmup.Drive, cancellationToken);
        var outcome = await import.ReceiveAndWaitAsync(JobPrefix + "warmup", warmup.Drive.DriveId, warmup.Folder, TimeSpan.FromMinutes(10), cancellationToken);
        var verification = await blobs.VerifyAsync(LocalCopies.Container, LocalCopies.Prefix, warmup.Dataset, sample: 0, cancellationToken);
        if (outcome.CopyStatus != "Completed" || !verification.Passed)
        {
            throw new BenchmarkFailedException($"The warm-up import ended {outcome.DriveState} with copy status {outcome.CopyStatus}; {verification.Summary}\n{string.Join('\n', verification.Problems)}");
        }

        Console.WriteLine($"  upload {upload.TotalSeconds:0.00} s, import {outcome.Elapsed.TotalSeconds:0.00} s");
        return new WarmupTimes(warmup.Dataset.Bytes, warmup.Dataset.Files.Count, upload, outcome.Elapsed);
    }

    private async Task<UploadRun> UploadAsync(BlobStore blobs, AzuriteProcess azurite, Dataset dataset, int round, CancellationToken cancellationToken)
    {
        var container = "baseline-" + round.ToString(CultureInfo.InvariantCulture);
        Console.WriteLine($"Baseline upload, run {round + 1} ({options.UploadConcurrency} files at once)…");
        var azuriteCpu = azurite.ReadCpuOrNull();
        var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var elapsed = await blobs.UploadAllAsync(container, LocalCopies.Prefix, dataset, options.UploadConcurrency, cancellationToken);
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - ownCpu;
        var azuriteUsed = azurite.ReadCpuOrNull() - azuriteCpu;
        var verification = await blobs.VerifyAsync(container, LocalCopies.Prefix, dataset, sample: 0, cancellationToken);
        Console.WriteLine($"  {elapsed.TotalSeconds:0.00} s = {Rate(dataset.Bytes, elapsed)}; CPU Azurite {Seconds(azuriteUsed)}, uploader {Seconds(clientCpu)}; {verification.Summary}");
        return new UploadRun(elapsed, azuriteUsed, clientCpu, verification);
    }

    private async Task<ImportRun> ImportAsync(
        FerryImport import, BlobStore blobs, AzuriteProcess azurite, ServerProcess server, Dataset dataset, PreparedDrive drive, string driveFolder, int round, CancellationToken cancellationToken)
    {
        var job = JobPrefix + round.ToString(CultureInfo.InvariantCulture);
        Console.WriteLine($"Ferry import, run {round + 1} (job {job})…");
        await import.CreateAndShipAsync(job, drive, cancellationToken);
        var sampler = new MemorySampler(server);
        using var stopSampling = new CancellationTokenSource();
        var sampling = sampler.RunAsync(stopSampling.Token);
        var azuriteCpu = azurite.ReadCpuOrNull();
        var serverCpu = ProcStats.ReadCpuOrNull(server.ProcessId);
        ImportOutcome outcome;
        try
        {
            outcome = await import.ReceiveAndWaitAsync(job, drive.DriveId, driveFolder, options.ImportTimeout, cancellationToken);
        }
        finally
        {
            await stopSampling.CancelAsync();
            await sampling;
        }

        var azuriteUsed = azurite.ReadCpuOrNull() - azuriteCpu;
        var serverUsed = ProcStats.ReadCpuOrNull(server.ProcessId) - serverCpu;
        Console.WriteLine($"  {outcome.Elapsed.TotalSeconds:0.00} s = {Rate(dataset.Bytes, outcome.Elapsed)}; drive {outcome.DriveState}, copy status {outcome.CopyStatus}, {outcome.BytesSucceeded:N0} bytes; CPU Azurite {Seconds(azuriteUsed)}, server {Seconds(serverUsed)}; server RSS max {sampler.MaxRssKiB / 1024.0:0.0} MiB");
        Console.WriteLine("  verifying…");
        var verification = await blobs.VerifyAsync(LocalCopies.Container, LocalCopies.Prefix, dataset, options.VerifySample, cancellationToken);
        Console.WriteLine($"  {verification.Summary} (hashing took {verification.HashingTook.TotalSeconds:0.0} s)");
        foreach (var problem in verification.Problems)
        {
            Console.WriteLine($"    {problem}");
        }

        return new ImportRun(job, outcome, azuriteUsed, serverUsed, sampler.MaxRssKiB, verification);
    }

    /// <summary>
    /// The export phase, in one Azurite: the dataset is uploaded once (untimed) into <see cref="ExportContainer"/>, then
    /// a plain parallel download of it and a Ferry export job of it alternate (download, export, …, download), each into
    /// a fresh folder that is checked file by file against the dataset's MD5s and then deleted.
    /// </summary>
    private async Task<(List<DownloadRun> Downloads, List<ExportRun> Exports)> ExportPhaseAsync(
        FerryImport import, BlobStore blobs, AzuriteProcess azurite, ServerProcess server, Dataset dataset, string root, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Uploading the dataset for the export runs (untimed)…");
        await blobs.UploadAllAsync(ExportContainer, LocalCopies.Prefix, dataset, options.UploadConcurrency, cancellationToken);
        var downloads = new List<DownloadRun>();
        var exports = new List<ExportRun>();
        for (var round = 0; round <= options.Rounds; round++)
        {
            var folder = Path.Combine(root, $"download-{round}");
            Console.WriteLine($"Baseline download, run {round + 1} ({options.UploadConcurrency} blobs at once)…");
            var azuriteCpu = azurite.ReadCpuOrNull();
            var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var elapsed = await blobs.DownloadAllAsync(ExportContainer, LocalCopies.Prefix, dataset, options.UploadConcurrency, folder, cancellationToken);
            var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - ownCpu;
            var azuriteUsed = azurite.ReadCpuOrNull() - azuriteCpu;
            var wrong = await LocalFolder.CountWrongAsync(folder, dataset, cancellationToken);
            Console.WriteLine($"  {elapsed.TotalSeconds:0.00} s = {Rate(dataset.Bytes, elapsed)}; CPU Azurite {Seconds(azuriteUsed)}, downloader {Seconds(clientCpu)}; {(wrong == 0 ? "every file right" : $"{wrong} files WRONG")}");
            downloads.Add(new DownloadRun(elapsed, azuriteUsed, clientCpu, wrong));
            Directory.Delete(folder, recursive: true);
            if (round < options.Rounds)
            {
                exports.Add(await ExportAsync(import, azurite, server, dataset, root, round, cancellationToken));
            }
        }

        return (downloads, exports);
    }

    private async Task<ExportRun> ExportAsync(FerryImport import, AzuriteProcess azurite, ServerProcess server, Dataset dataset, string root, int round, CancellationToken cancellationToken)
    {
        var job = ExportJobPrefix + round.ToString(CultureInfo.InvariantCulture);
        var driveId = "BENCHEXP" + round.ToString(CultureInfo.InvariantCulture);
        var folder = Directory.CreateDirectory(Path.Combine(root, $"export-{round}")).FullName;
        Console.WriteLine($"Ferry export, run {round + 1} (job {job})…");
        await import.CreateExportAndShipAsync(job, ExportContainer, LocalCopies.Prefix, cancellationToken);
        var sampler = new MemorySampler(server);
        using var stopSampling = new CancellationTokenSource();
        var sampling = sampler.RunAsync(stopSampling.Token);
        var azuriteCpu = azurite.ReadCpuOrNull();
        var serverCpu = ProcStats.ReadCpuOrNull(server.ProcessId);
        ImportOutcome outcome;
        try
        {
            outcome = await import.ReceiveAndWaitAsync(job, driveId, folder, options.ImportTimeout, cancellationToken);
        }
        finally
        {
            await stopSampling.CancelAsync();
            await sampling;
        }

        var azuriteUsed = azurite.ReadCpuOrNull() - azuriteCpu;
        var serverUsed = ProcStats.ReadCpuOrNull(server.ProcessId) - serverCpu;
        var wrong = await LocalFolder.CountWrongAsync(Path.Combine(folder, ExportContainer, LocalCopies.Prefix.TrimEnd('/')), dataset, cancellationToken);
        Console.WriteLine($"  {outcome.Elapsed.TotalSeconds:0.00} s = {Rate(dataset.Bytes, outcome.Elapsed)}; drive {outcome.DriveState}, copy status {outcome.CopyStatus}; CPU Azurite {Seconds(azuriteUsed)}, server {Seconds(serverUsed)}; server RSS max {sampler.MaxRssKiB / 1024.0:0.0} MiB; {(wrong == 0 ? "every file right" : $"{wrong} files WRONG")}");
        Directory.Delete(folder, recursive: true);
        return new ExportRun(job, outcome, azuriteUsed, serverUsed, sampler.MaxRssKiB, wrong);
    }

    private static string Rate(long bytes, TimeSpan elapsed) => $"{bytes / 1048576.0 / elapsed.TotalSeconds:0.0} MiB/s";

    private static string Seconds(TimeSpan? cpu) => cpu is { } c ? $"{c.TotalSeconds:0.0} s" : "?";

    private static void TryDelete(DirectoryInfo root)
    {
        try
        {
            root.Delete(recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"warning: could not delete {root.FullName}: {e.Message}");
        }
    }
}
