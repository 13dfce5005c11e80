using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using static Ferry.Benchmarks.MarkdownReport;

namespace Ferry.Benchmarks.Transfer;

/// <summary>Renders a transfer run as the "Drive import and preparation (issue 4)" section of <c>docs/benchmarks.md</c>.</summary>
internal static class TransferMarkdown
{
    public const string Heading = "## Drive import and preparation (issue 4)";

    private const double MiB = 1024 * 1024;

    public static string Render(TransferReport report, string command, string? commit, DateTimeOffset when)
    {
        var o = report.Options;
        var s = new StringBuilder();
        s.AppendLine(Heading).AppendLine();
        s.AppendLine(Inv($"Measured {when:yyyy-MM-dd HH:mm} UTC{(commit is null ? "" : $" at commit `{commit}`")} on {Environment.ProcessorCount} cores ({CpuModel()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, Node.js {NodeVersion(o)}."));
        s.AppendLine("The machine is shared, so every figure is judged against the baseline measured beside it in the same run.").AppendLine();
        s.AppendLine("Command, from the repository root (builds Release, then runs):").AppendLine();
        s.AppendLine("```sh").AppendLine(command).AppendLine("```").AppendLine();

        var classes = string.Join(", ", report.Classes.Select(c => Inv($"{c.Count:N0} × {Size(c.FileSize)}")));
        s.AppendLine(Inv($"Method: the dataset is {report.Bytes / MiB:N0} MiB in {report.Files:N0} files ({classes}) of random, incompressible bytes (xoshiro256**, seed {o.Seed}), written once into a temporary folder ({report.DatasetGeneration.TotalSeconds:0.0} s) and read from the page cache by every step. Each measured Ferry run sits between two baseline runs (baseline, Ferry, …, baseline: {o.Rounds} Ferry run(s), {o.Rounds + 1} baseline runs), and a throughput is the dataset's bytes times the runs over the sum of their times."));
        s.AppendLine();
        s.AppendLine(Inv($"- **Drive preparation.** Baseline: `cp -r <dataset> <folder>`, then `find . -type f -print0 | xargs -0 md5sum` in the copy (one md5sum process for all files); the time is the two together, and the sums are checked against the dataset's. Ferry: `ferry drive prepare --journal <new> --session-id <new> --srcdir <dataset> --dstdir {LocalCopies.Container}/{LocalCopies.Prefix} --drive <empty folder> --storage-account-key <key> --output json` (Release build, `dotnet ferry.dll`; the process's whole life is timed), which copies each file, hashes every 4 MiB block in the same pass, flushes each file to disk (`fsync`) and writes the journal and manifest. `cp` does not flush, so a `sync` runs (untimed) before every step and (timed, shown apart) after it. CPU is user + system of the command and every process it waited for (`/usr/bin/time`)."));
        s.AppendLine(Inv($"- **Import.** Azurite {AzuriteVersion(o)} (`node {AzuriteCommand(report)}`: in-memory persistence; a fresh Azurite process on the same port for every run, warm-up included, stopped after the run's checks, so that no run pays for the data of an earlier one) and the Release server (SQLite, fresh data directory, transfer engine on, default transfer settings) run as child processes. Baseline: Azure.Storage.Blobs `BlobClient.UploadAsync(path, new BlobUploadOptions())` (default transfer options) of every file, {o.UploadConcurrency} files at once, from the benchmark process into a new container of Azurite's development account; timed from the first request to the last answer. Ferry: classic Put Job (import, the prepared drive's DriveId, BitLockerKey, ManifestFile and ManifestHash, Azurite's account key) and Update Job Properties to Shipping (both untimed), then the operator surface's `receive` with the drive folder as `contentPath`; timed from just before the `receive` request to the first poll (every 100 ms) of the operator view that shows the drive `Completed` or `CompletedMoreInfo`. The engine checks every block's MD5 as it reads it and sends it with the block for Azurite to check again. CPU is read from `/proc/<pid>/stat` of Azurite and the server before and after each run."));
        s.AppendLine(Inv($"- **Export.** In one more Azurite, the dataset is uploaded once (untimed) into a container. Baseline: Azure.Storage.Blobs `BlobClient.DownloadToAsync(path)` (default transfer options) of every blob, {o.UploadConcurrency} blobs at once, into a new folder. Ferry: classic Put Job (export of the container's prefix, Azurite's account key) and Update Job Properties to Shipping (untimed), then the operator surface's `receive` with an empty folder as the drive; timed like the import, to the first poll that shows the drive `Completed`. Every file of either is then checked against the dataset's MD5 (untimed) and deleted."));
        var warmup = report.Warmup is { } wu
            ? Inv($"Before the measured runs, a warm-up (untimed) uploads and imports a separate {wu.Bytes / MiB:N0} MiB dataset of the same mix ({wu.Files:N0} files, another seed) once each (upload {wu.Upload.TotalSeconds:0.0} s, import {wu.Import.TotalSeconds:0.0} s), so that the measured runs find the server's and the uploader's code already compiled to its final tier.")
            : "There was no warm-up (`--warmup-mib 0`): the first import ran on a freshly started server.";
        s.AppendLine(Inv($"- **Warm-up.** {warmup}"));
        s.AppendLine(Inv($"- **Checks.** After each Ferry import: the drive's state and copy status are `Completed`, and the benchmark checks {o.VerifyDescription} against the dataset's files. After each baseline upload: the count and size of every blob. Server memory: `VmHWM` of `/proc/<pid>/status` at the end of the run (the server started just before the warm-up and was idle outside the warm-up import and the measured imports), and `VmRSS` sampled every 250 ms during each import."));
        s.AppendLine();

        s.AppendLine("### Results").AppendLine();
        s.AppendLine("| Step | Run | Time s | MiB/s | CPU s | Checks |");
        s.AppendLine("|---|---:|---:|---:|---|---|");
        for (var i = 0; i < report.Copies.Count; i++)
        {
            var c = report.Copies[i];
            s.AppendLine(Inv($"| `cp -r` + `md5sum` | {i + 1} | {Secs(c.CopyElapsed)} + {Secs(c.HashElapsed)} = {Secs(c.Elapsed)} (sync after: {Secs(c.SyncElapsed)}) | {Rate(report.Bytes, c.Elapsed)} | cp {Cpu(c.CopyCpu)}, md5sum {Cpu(c.HashCpu)} | {(c.WrongSums == 0 ? "every sum equal" : $"**{c.WrongSums} sums differ**")} |"));
            if (i < report.Prepares.Count)
            {
                var p = report.Prepares[i];
                s.AppendLine(Inv($"| `ferry drive prepare` | {i + 1} | {Secs(p.Elapsed)} (sync after: {Secs(p.SyncElapsed)}) | {Rate(report.Bytes, p.Elapsed)} | {Cpu(p.Cpu)} | drive {p.Drive.DriveId} |"));
            }
        }

        for (var i = 0; i < report.Uploads.Count; i++)
        {
            var u = report.Uploads[i];
            s.AppendLine(Inv($"| Baseline upload ({o.UploadConcurrency} at once) | {i + 1} | {Secs(u.Elapsed)} | {Rate(report.Bytes, u.Elapsed)} | Azurite {Cpu(u.AzuriteCpu)}, uploader {Cpu(u.ClientCpu)} | {u.Verification.Summary} |"));
            if (i < report.Imports.Count)
            {
                var r = report.Imports[i];
                s.AppendLine(Inv($"| Ferry import | {i + 1} | {Secs(r.Outcome.Elapsed)} | {Rate(report.Bytes, r.Outcome.Elapsed)} | Azurite {Cpu(r.AzuriteCpu)}, server {Cpu(r.ServerCpu)} | drive {r.Outcome.DriveState}, copy status {r.Outcome.CopyStatus}, {r.Outcome.BytesSucceeded:N0} bytes; {r.Verification.Summary} |"));
            }
        }

        for (var i = 0; i < report.Downloads.Count; i++)
        {
            var d = report.Downloads[i];
            s.AppendLine(Inv($"| Baseline download ({o.UploadConcurrency} at once) | {i + 1} | {Secs(d.Elapsed)} | {Rate(report.Bytes, d.Elapsed)} | Azurite {Cpu(d.AzuriteCpu)}, downloader {Cpu(d.ClientCpu)} | {(d.WrongFiles == 0 ? "every file right" : $"**{d.WrongFiles} files wrong**")} |"));
            if (i < report.Exports.Count)
            {
                var e = report.Exports[i];
                s.AppendLine(Inv($"| Ferry export | {i + 1} | {Secs(e.Outcome.Elapsed)} | {Rate(report.Bytes, e.Outcome.Elapsed)} | Azurite {Cpu(e.AzuriteCpu)}, server {Cpu(e.ServerCpu)} | drive {e.Outcome.DriveState}, copy status {e.Outcome.CopyStatus}; {(e.WrongFiles == 0 ? "every file right" : $"**{e.WrongFiles} files wrong**")} |"));
            }
        }

        s.AppendLine();
        s.AppendLine("### Targets").AppendLine();
        s.AppendLine("| Target | Measured | Verdict |").AppendLine("|---|---|---|");
        s.AppendLine(Inv($"| Import throughput ≥ {TransferReport.ImportMinRatio:0.0#}× the plain parallel upload's | {report.ImportBytesPerSecond / MiB:0.0} / {report.UploadBytesPerSecond / MiB:0.0} MiB/s = {report.ImportRatio:0.00}× | {Verdict(report.ImportTargetMet)} |"));
        s.AppendLine(Inv($"| Export throughput ≥ {TransferReport.ExportMinRatio:0.0#}× the plain parallel download's | {report.ExportBytesPerSecond / MiB:0.0} / {report.DownloadBytesPerSecond / MiB:0.0} MiB/s = {report.ExportRatio:0.00}× | {Verdict(report.ExportTargetMet)} |"));
        s.AppendLine(Inv($"| `ferry drive prepare` throughput ≥ {TransferReport.PrepareMinRatio:0.0#}× `cp` + `md5sum` | {report.PrepareBytesPerSecond / MiB:0.0} / {report.CopyBytesPerSecond / MiB:0.0} MiB/s = {report.PrepareRatio:0.00}× | {Verdict(report.PrepareTargetMet)} |"));
        s.AppendLine(Inv($"| Server peak RSS (VmHWM) ≤ 200 MiB | {report.ServerMemory.PeakRssMiB:0.0} MiB | {Verdict(report.RssTargetMet)} |"));
        s.AppendLine(Inv($"| Every import and export `Completed` and verified; every baseline's blobs, files and sums right | {(report.DataCorrect ? "all" : "**not all** (see the checks column)")} | {Verdict(report.DataCorrect)} |"));
        s.AppendLine();

        s.AppendLine("### Memory").AppendLine();
        var sampled = report.Imports.Count == 0 ? "—" : Inv($"{report.Imports.Max(i => i.MaxSampledRssKiB) / 1024.0:0.0} MiB");
        var azurite = report.AzuriteMemory is { } a ? Inv($"; the largest `VmHWM` of an Azurite process (one per run) {a.PeakRssMiB:0.0} MiB") : "";
        s.AppendLine(Inv($"Server peak RSS (`VmHWM`, read at the end): **{report.ServerMemory.PeakRssMiB:0.0} MiB**; `VmRSS` at the end {report.ServerMemory.RssMiB:0.0} MiB; largest `VmRSS` sampled during an import {sampled}{azurite}."));
        s.AppendLine();
        var serverCommand = string.Join(' ', report.ServerArguments.Select(x =>
            x.EndsWith(".dll", StringComparison.Ordinal) ? Path.GetFileName(x)
            : x == report.ServerDataDirectory ? "<fresh temp dir>"
            : Regex.Replace(x, @"^(https?://127\.0\.0\.1:)\d+", m => m.Groups[1].Value + (x.StartsWith("https", StringComparison.Ordinal) ? "<free port>" : "<Azurite's port>"))));
        s.AppendLine($"Server command: `dotnet {serverCommand}`.");
        var problems = report.Imports.SelectMany(i => i.Verification.Problems.Select(p => $"{i.Job}: {p}"))
            .Concat(report.Uploads.SelectMany((u, i) => u.Verification.Problems.Select(p => Inv($"baseline {i + 1}: {p}"))))
            .ToList();
        if (problems.Count > 0)
        {
            s.AppendLine().AppendLine("### Failures").AppendLine();
            s.AppendLine("```text");
            foreach (var problem in problems)
            {
                s.AppendLine(problem);
            }

            s.AppendLine("```");
        }

        return s.ToString();
    }

    /// <summary>Azurite's arguments with the script relative to the repository and the port left out.</summary>
    private static string AzuriteCommand(TransferReport report)
    {
        var arguments = report.AzuriteArguments.ToList();
        var port = arguments.IndexOf("--blobPort");
        if (port >= 0 && port + 1 < arguments.Count)
        {
            arguments[port + 1] = "<free port>";
        }

        arguments[0] = report.Options.AzuriteScript;
        return string.Join(' ', arguments);
    }

    private static string Size(long bytes) => bytes >= MiB ? Inv($"{bytes / MiB:0.#} MiB") : Inv($"{bytes / 1024.0:0.#} KiB");

    private static string Rate(long bytes, TimeSpan elapsed) => Inv($"{bytes / MiB / elapsed.TotalSeconds:0.0}");

    private static string Secs(TimeSpan elapsed) => Inv($"{elapsed.TotalSeconds:0.00}");

    private static string Cpu(TimeSpan? cpu) => cpu is { } c ? Inv($"{c.TotalSeconds:0.0}") : "—";

    private static string NodeVersion(TransferBenchOptions options)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(options.NodeHost, "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            return process?.StandardOutput.ReadToEnd().Trim().TrimStart('v') ?? "unknown";
        }
        catch (Win32Exception)
        {
            return "unknown";
        }
    }

    private static string AzuriteVersion(TransferBenchOptions options)
    {
        // node_modules/azurite/dist/src/blob/main.js → node_modules/azurite/package.json
        var package = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(options.AzuriteScript) ?? ".", "..", "..", "..", "package.json"));
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(package));
            return document.RootElement.GetProperty("version").GetString() ?? "";
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException)
        {
            return "";
        }
    }
}
