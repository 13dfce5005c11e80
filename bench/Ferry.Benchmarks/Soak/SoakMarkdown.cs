using System.Runtime.InteropServices;
using System.Text;
using static Ferry.Benchmarks.MarkdownReport;

namespace Ferry.Benchmarks.Soak;

/// <summary>Renders a soak run as the "Soak (issue 13)" section of <c>docs/benchmarks.md</c>.</summary>
internal static class SoakMarkdown
{
    public const string Heading = "## Soak (issue 13)";

    private const int SamplesPerRow = 6;

    public static string Render(SoakReport report, string command, string? commit, DateTimeOffset when)
    {
        var o = report.Options;
        var s = new StringBuilder();
        s.AppendLine(Heading).AppendLine();
        s.AppendLine(Inv($"Measured {when:yyyy-MM-dd HH:mm} UTC{(commit is null ? "" : $" at commit `{commit}`")} on {Environment.ProcessorCount} cores ({CpuModel()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}."));
        s.AppendLine("The machine is shared with other builds, so throughput is noisy; memory is what this benchmark is about.").AppendLine();
        s.AppendLine("Command, from the repository root (builds Release, then runs):").AppendLine();
        s.AppendLine("```sh").AppendLine(command).AppendLine("```").AppendLine();

        var env = o.ServerEnvironment.Count == 0 ? "" : Inv($" with {string.Join(", ", o.ServerEnvironment.Select(e => $"`{e.Key}={e.Value}`"))} in its environment");
        s.AppendLine(Inv($"Method: the Release server (SQLite, fresh data directory{(report.TransfersStarted > 0 ? ", transfer engine on, Azurite with in-memory persistence as the blob endpoint" : "")}) runs as a child process{env}. {o.BaseJobs:N0} base jobs are created first; then mixed load runs for {Minutes(o.Warmup)} of warm-up and {Minutes(o.Duration)} measured:"));
        s.AppendLine();
        s.AppendLine(Inv($"- **Classic requests**, {o.Rate} per second in all from {o.Workers} workers (one keep-alive HTTP/1.1 connection each, management certificate), each worker repeating a job's life: Put Job (201), Get Job (200), Update Job Properties of FriendlyName and Description (200), Get Job of a random base job (200), List Jobs `$top={o.ListTop}` (every other time filtered by `type=import&from=`) (200), Delete Job (200). Any other status, a transport failure or a 30 s timeout is an error."));
        if (report.TransfersStarted > 0)
        {
            s.AppendLine(Inv($"- **A transfer every {Minutes(o.TransferEvery)}**: one import job of a prepared drive ({report.DatasetBytes / 1048576.0:0.#} MiB in {report.DatasetFiles:N0} files, `ferry drive prepare` once before the run) through its whole life: Put Job and Update Job Properties to Shipping, the operator surface's `receive` with the drive folder, the transfer engine's copy into Azurite, `ship-back` (the job ends Completed), Delete Job, then every blob's size and MD5 checked. A transfer that fails a step or a check, takes longer than {Minutes(o.TransferTimeout)}, or finds the previous one still running is an error."));
        }

        if (report.Webhooks is not null)
        {
            s.AppendLine("- **Webhook deliveries**: one webhook (Ferry's extensions API, docs/operator-api.md §3) to a receiver in the benchmark process (plain HTTP on loopback), which answers 200, checks each POST's signature and records the event id. Every successful Put Job and Delete Job of the load and every completed transfer's Creating, Shipping, Completed and deleted events must arrive; after the load the benchmark waits up to " + Minutes(o.DrainTimeout) + " for the last ones. A missing event or a bad POST is an error.");
        }

        s.AppendLine(Inv($"- **Memory**: the server's `VmRSS`, `RssAnon` (anonymous memory: the managed heap, native allocations, stacks) and `RssFile` (mapped files) from `/proc/<pid>/status` every {o.SampleInterval.TotalSeconds:0} s from the start of the load. Target: the mean `VmRSS` of the last {Minutes(o.EffectiveWindow)} of the measurement at most 10% above that of the first {Minutes(o.EffectiveWindow)} after the warm-up, and 0 errors."));
        s.AppendLine();

        s.AppendLine("### Results").AppendLine();
        s.AppendLine("| Target | Measured | Verdict |");
        s.AppendLine("|---|---|---|");
        s.AppendLine(Inv($"| Mean RSS of the last {Minutes(o.EffectiveWindow)} ≤ 1.10 × the first {Minutes(o.EffectiveWindow)} after warm-up | {report.LastMeanMiB:0.0} / {report.FirstMeanMiB:0.0} MiB = {report.Ratio:0.000}× | {Verdict(report.MemoryTargetMet)} |"));
        s.AppendLine(Inv($"| 0 errors | {report.Errors} | {Verdict(report.Errors == 0)} |"));
        s.AppendLine();

        var ops = string.Join(", ", SoakLoad.Operations.Select((name, i) => Inv($"{name} {report.RequestsByOperation[i]:N0}")));
        s.AppendLine(Inv($"- **Requests**: {report.Requests:N0} answered as expected in {Minutes(report.LoadElapsed)} ({report.Requests / report.LoadElapsed.TotalSeconds:0.0}/s): {ops}; {report.LoadErrors} errors."));
        foreach (var failure in report.LoadFailures)
        {
            s.AppendLine(Inv($"  - `{Code(failure)}`"));
        }

        if (report.TransfersStarted > 0)
        {
            var times = report.TransferTimes;
            var timing = times.Count == 0 ? "" : Inv($"; receive to drive Completed took {times.Min(t => t.TotalSeconds):0.0}–{times.Max(t => t.TotalSeconds):0.0} s (median {times.Order().ElementAt(times.Count / 2).TotalSeconds:0.0} s)");
            s.AppendLine(Inv($"- **Transfers**: {report.TransfersCompleted} of {report.TransfersStarted} completed, verified and deleted{timing}; {report.TransferErrors} failed, {report.TransfersSkipped} skipped."));
            foreach (var failure in report.TransferFailures)
            {
                s.AppendLine(Inv($"  - `{Code(failure)}`"));
            }
        }

        if (report.Webhooks is { } w)
        {
            var statuses = string.Join(", ", w.NewestDeliveryStatuses.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Inv($"{p.Value} {p.Key}")));
            s.AppendLine(Inv($"- **Webhook deliveries**: {w.Expected - w.Missing:N0} of {w.Expected:N0} expected events arrived ({w.Missing:N0} missing; the last arrived {w.Drain.TotalSeconds:0} s after the load stopped); {w.Posts:N0} POSTs received carrying {w.DistinctEvents:N0} distinct events (drive events included), {w.BadPosts} bad; the webhook's newest deliveries: {statuses}."));
            foreach (var missing in w.MissingExamples)
            {
                s.AppendLine(Inv($"  - missing: `{missing}`"));
            }

            if (w.FirstBadPost is { } bad)
            {
                s.AppendLine(Inv($"  - first bad POST: `{Code(bad)}`"));
            }
        }

        if (report.ServerExited)
        {
            s.AppendLine("- **The server exited during the run.**");
        }

        s.AppendLine(Inv($"- **Memory**: mean `VmRSS` {report.FirstMeanMiB:0.0} MiB in the first window ({report.FirstWindow.Count} samples), {report.LastMeanMiB:0.0} MiB in the last ({report.LastWindow.Count} samples); mean `RssAnon` {report.FirstAnonMeanMiB:0.0} → {report.LastAnonMeanMiB:0.0} MiB. Peak (`VmHWM`) {report.PeakRssKiB / 1024.0:0.0} MiB."));
        s.AppendLine();

        s.AppendLine(Inv($"### Server RSS, MiB, every {o.SampleInterval.TotalSeconds:0} s (warm-up until {Minutes(o.Warmup)}; compared windows in bold)")).AppendLine();
        s.Append("| From |");
        for (var i = 0; i < SamplesPerRow; i++)
        {
            s.Append(Inv($" +{o.SampleInterval.TotalSeconds * i:0} s |"));
        }

        s.AppendLine(" RssAnon (last) | Requests | Errors |");
        s.Append("|---|");
        s.Append(string.Concat(Enumerable.Repeat("---:|", SamplesPerRow)));
        s.AppendLine("---:|---:|---:|");
        var first = report.FirstWindow.ToHashSet();
        var last = report.LastWindow.ToHashSet();
        var samples = report.Samples;
        for (var row = 0; row < samples.Count; row += SamplesPerRow)
        {
            var chunk = samples.Skip(row).Take(SamplesPerRow).ToList();
            s.Append(Inv($"| {SoakReport.GridTime(chunk[0]):mm\\:ss} |"));
            foreach (var sample in chunk)
            {
                var value = Inv($"{sample.RssKiB / 1024.0:0.0}");
                s.Append(first.Contains(sample) || last.Contains(sample) ? $" **{value}** |" : $" {value} |");
            }

            s.Append(string.Concat(Enumerable.Repeat(" |", SamplesPerRow - chunk.Count)));
            s.AppendLine(Inv($" {chunk[^1].AnonKiB / 1024.0:0.0} | {chunk[^1].Requests:N0} | {chunk[^1].Errors} |"));
        }

        s.AppendLine();
        s.AppendLine(Inv($"Server command: `dotnet Ferry.Server.dll {string.Join(' ', report.ServerArguments.Skip(1).Select(Redact))}` (temporary paths shown as `<temp>`)."));
        return s.ToString();
    }

    private static string Minutes(TimeSpan span) => span.TotalSeconds % 60 == 0 ? Inv($"{span.TotalMinutes:0} min") : Inv($"{span.TotalSeconds:0} s");

    private static string Code(string text) => text.Replace('`', '\'').ReplaceLineEndings(" ");

    // Temporary paths vary per run and mean nothing to a reader.
    private static string Redact(string argument) => argument.StartsWith('/') ? "<temp>" : argument;
}
