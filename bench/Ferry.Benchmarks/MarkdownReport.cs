using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Ferry.Benchmarks;

/// <summary>
/// Renders a run as the "Classic API load (issue 2)" section of <c>docs/benchmarks.md</c>, and replaces that section
/// in the file while leaving every other section as it is.
/// </summary>
internal static class MarkdownReport
{
    public const string Heading = "## Classic API load (issue 2)";

    public static string Render(BenchReport report, string command, string? commit, DateTimeOffset when)
    {
        var o = report.Options;
        var s = new StringBuilder();
        s.AppendLine(Heading).AppendLine();
        s.AppendLine(Inv($"Measured {when:yyyy-MM-dd HH:mm} UTC{(commit is null ? "" : $" at commit `{commit}`")} on {Environment.ProcessorCount} cores ({CpuModel()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}."));
        s.AppendLine("The machine is shared, so every figure is judged against the ceiling measured beside it in the same run.").AppendLine();
        s.AppendLine("Command, from the repository root (builds Release, then runs):").AppendLine();
        s.AppendLine("```sh").AppendLine(command).AppendLine("```").AppendLine();
        s.AppendLine(Inv($"Method: the Release server runs as a child process on a free loopback port with a fresh data directory (SQLite). The load generator runs {o.Concurrency} closed-loop workers over HTTP/1.1 keep-alive TLS, presenting the management certificate, with `x-ms-version: {ClassicClient.Version}`. The ceiling is Get Service Document (`GET <base>/`), a small constant authenticated response of the same server. Each operation gets {o.Warmup.TotalSeconds:0.#} s of unrecorded warm-up (ceiling and operation), then {o.Rounds} slices of {(o.Duration / o.Rounds).TotalSeconds:0.#} s alternating with ceiling slices (ceiling, operation, …, ceiling), so each operation slice sits between two ceiling slices. Only successful responses count; the whole body is read. Percentiles are nearest-rank over every successful request."));
        s.AppendLine();
        s.AppendLine(Inv($"- **Get Job**: a random seeded job. **Put Job**: a new name each time, so every request is a real create (201) that adds a job (the count column shows the growth). **List Jobs**: `$top={o.PageSize}` from a page chosen uniformly among the first page and a page after every `odata.nextLink` of a full walk of the list (the server's `Ferry:Classic:MaxPageSize` was {(o.EffectiveServerPageSize > 0 ? o.EffectiveServerPageSize.ToString(CultureInfo.InvariantCulture) : "left at its default")}), so deep pages are measured as often as the first one."));
        s.AppendLine(Inv($"- Seeding: concurrent Put Job ({o.SeedConcurrency} at a time) into the one storage account `{ClassicLoadBenchmark.StorageAccount}`; the measured Put Jobs of the {o.JobsSmall:N0}-job phase count toward the {o.JobsLarge:N0}."));
        s.AppendLine();

        s.AppendLine("### Results").AppendLine();
        s.AppendLine("| Jobs in account | Operation | req/s | p50 ms | p99 ms | errors | ceiling req/s | ceiling p50 ms | ceiling p99 ms | req/s vs ceiling |");
        s.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var phase in report.Phases)
        {
            foreach (var r in phase.Results)
            {
                var jobs = r.JobsAfter == r.JobsBefore ? Inv($"{r.JobsBefore:N0}") : Inv($"{r.JobsBefore:N0} → {r.JobsAfter:N0}");
                s.AppendLine(Inv(
                    $"| {jobs} | {r.Title} | {r.Operation.RequestsPerSecond:N0} | {Ms(r.Operation.P50Ms)} | {Ms(r.Operation.P99Ms)} | {r.Operation.Failures} | {r.Ceiling.RequestsPerSecond:N0} | {Ms(r.Ceiling.P50Ms)} | {Ms(r.Ceiling.P99Ms)} | {Percent(r.Ratio)} |"));
            }

            foreach (var n in phase.NotMeasured)
            {
                s.AppendLine(Inv($"| {phase.Jobs:N0} | {n.Operation} | not measured: its check request failed (below) | | | | | | | |"));
            }
        }

        s.AppendLine();
        s.AppendLine("### Targets").AppendLine();
        s.AppendLine("| Target | Measured | Verdict |").AppendLine("|---|---|---|");
        var getRatios = string.Join("; ", report.Phases.Select(p => Inv($"{p.Jobs:N0} jobs: {(BenchReport.FindOrNull(p, "Get Job") is { } g ? Percent(g.Ratio) : "not measured")}")));
        s.AppendLine(Inv($"| Get Job req/s ≥ {Percent(BenchReport.GetJobMinRatio)} of the ceiling | {getRatios} | {Verdict(report.GetJobTargetMet)} |"));
        var listGrowth = report.ListP50Growth is { } growth
            ? Inv($"{Ms(BenchReport.FindOrNull(report.Large, "List Jobs")!.Operation.P50Ms)} ms / {Ms(BenchReport.FindOrNull(report.Small, "List Jobs")!.Operation.P50Ms)} ms = {growth:0.00}×")
            : "not measured";
        s.AppendLine(Inv($"| List Jobs p50 at {report.Large.Jobs:N0} jobs ≤ {BenchReport.ListP50MaxGrowth}× its p50 at {report.Small.Jobs:N0} | {listGrowth} | {Verdict(report.ListTargetMet)} |"));
        s.AppendLine(Inv($"| Server peak RSS (VmHWM) ≤ {BenchReport.PeakRssMaxMiB:0} MiB with {report.Large.Jobs:N0} jobs | {report.FinalMemory.PeakRssMiB:0.0} MiB ({report.FinalMemory.PeakRssKiB * 1024 / 1e6:0.0} MB) | {Verdict(report.RssTargetMet)} |"));
        s.AppendLine(Inv($"| No failed requests | {report.Failures} failed | {Verdict(report.Failures == 0)} |"));
        s.AppendLine();

        s.AppendLine("### Memory, seeding and the full List Jobs walk").AppendLine();
        s.AppendLine(Inv($"- Server peak RSS (`VmHWM` of `/proc/<pid>/status`, read at the end, {report.Large.JobsAtEnd:N0} jobs): **{report.FinalMemory.PeakRssMiB:0.0} MiB**; `VmRSS` at the end {report.FinalMemory.RssMiB:0.0} MiB; largest `VmRSS` sampled every 250 ms {report.MaxSampledRssKiB / 1024.0:0.0} MiB."));
        foreach (var p in report.Phases)
        {
            var rss = p.MemoryAtEnd is { } m ? Inv($"{m.RssMiB:0.0} MiB (peak so far {m.PeakRssMiB:0.0} MiB)") : "unreadable";
            var seedRate = p.Seed.Took > TimeSpan.Zero ? p.Seed.Created / p.Seed.Took.TotalSeconds : 0;
            var retried = p.Seed.ServerErrorsRetried > 0 ? Inv($" **The server answered {p.Seed.ServerErrorsRetried:N0} seeding Put Jobs with 5xx; each was retried (first one under Failures).**") : "";
            var cut = p.Seed.TimedOut ? Inv($" **Seeding hit the {o.SeedTimeout.TotalSeconds:0} s timeout at {p.Jobs:N0} of the {p.TargetJobs:N0} jobs asked for; this phase ran at {p.Jobs:N0}.**") : "";
            s.AppendLine(Inv($"- {p.Jobs:N0} jobs: seeded {p.Seed.Created:N0} jobs in {p.Seed.Took.TotalSeconds:0.0} s ({seedRate:N0} creates/s).{retried}{cut} Walk: {p.Walk.Pages:N0} pages of up to {p.Walk.ServerPageSize} jobs following `odata.nextLink`, one request at a time, in {p.Walk.PageLatency.Elapsed.TotalSeconds:0.0} s (p50 {p.Walk.PageLatency.P50Ms:0.00} ms, p99 {p.Walk.PageLatency.P99Ms:0.00} ms per page). Server RSS at the end of the phase: {rss}."));
        }

        s.AppendLine();
        var serverCommand = string.Join(' ', report.ServerArguments.Select(a => a.EndsWith(".dll", StringComparison.Ordinal) ? Path.GetFileName(a) : a == report.DataDirectory ? "<fresh temp dir>" : a));
        s.AppendLine($"Server command: `dotnet {serverCommand}`.");
        var failures = report.Phases.SelectMany(p => p.Results).SelectMany(r => new[] { r.Operation.FirstFailure, r.Ceiling.FirstFailure }).OfType<string>()
            .Concat(report.Phases.SelectMany(p => p.NotMeasured.Select(n => Inv($"{n.Operation} at {p.Jobs:N0} jobs: {n.Reason}"))))
            .Concat(report.Phases.Select(p => p.Seed.FirstServerError is { } e ? Inv($"Seeding toward {p.TargetJobs:N0} jobs (retried): {e}") : null).OfType<string>())
            .Distinct().ToList();
        if (failures.Count > 0)
        {
            s.AppendLine().AppendLine("### Failures").AppendLine();
            foreach (var failure in failures)
            {
                s.AppendLine("```text").AppendLine(failure.TrimEnd()).AppendLine("```");
            }
        }

        return s.ToString();
    }

    /// <summary>Replaces the section under <see cref="Heading"/> in <paramref name="path"/> (up to the next <c>## </c> heading), or appends it.</summary>
    public static void UpdateFile(string path, string section) => UpdateFile(path, Heading, section);

    /// <summary>Replaces the section under <paramref name="heading"/> in <paramref name="path"/> (up to the next <c>## </c> heading), or appends it.</summary>
    public static void UpdateFile(string path, string heading, string section)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "# Benchmarks\n";
        var lines = existing.Split('\n').ToList();
        var start = lines.FindIndex(l => l.TrimEnd() == heading);
        string updated;
        if (start < 0)
        {
            updated = existing.TrimEnd('\n') + "\n\n" + section.TrimEnd('\n') + "\n";
        }
        else
        {
            var end = lines.FindIndex(start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
            var before = string.Join('\n', lines.Take(start)).TrimEnd('\n');
            var after = end < 0 ? "" : string.Join('\n', lines.Skip(end)).TrimEnd('\n');
            updated = (before.Length > 0 ? before + "\n\n" : "") + section.TrimEnd('\n') + "\n" + (after.Length > 0 ? "\n" + after + "\n" : "");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, updated);
    }

    public static string Percent(double fraction) => double.IsNaN(fraction) ? "—" : (fraction * 100).ToString(fraction < 0.1 ? "0.0" : "0", CultureInfo.InvariantCulture) + "%";

    public static string Ms(double milliseconds) => double.IsNaN(milliseconds) ? "—" : milliseconds.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Verdict(bool met) => met ? "met" : "**missed**";

    public static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
