using System.Runtime.InteropServices;
using System.Text;
using static Ferry.Benchmarks.MarkdownReport;

namespace Ferry.Benchmarks.Telemetry;

/// <summary>The telemetry cost section of docs/benchmarks.md.</summary>
internal static class TelemetryMarkdown
{
    public const string Heading = "## Telemetry cost (issue 14)";

    public static string Render(TelemetryReport report, string command, string? commit, DateTimeOffset when)
    {
        var o = report.Options;
        var s = new StringBuilder();
        s.AppendLine(Heading);
        s.AppendLine();
        s.AppendLine(Inv($"Measured {when:yyyy-MM-dd HH:mm} UTC{(commit is null ? "" : $" at commit `{commit}`")} on {Environment.ProcessorCount} cores ({CpuModel()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}."));
        s.AppendLine();
        s.AppendLine("Command, from the repository root (builds Release, then runs):");
        s.AppendLine();
        s.AppendLine("```sh");
        s.AppendLine(command);
        s.AppendLine("```");
        s.AppendLine();
        s.AppendLine(Inv($"Method: two Release servers run side by side, each on a fresh SQLite data directory (`SqliteSynchronous Normal`) seeded with {o.Jobs:N0} jobs. **Off** has `--Ferry:Telemetry:Enabled false`; **on** has the defaults (metrics on: Ferry's meter, ASP.NET Core, HttpClient, runtime and Npgsql instruments) and its `/metrics` endpoint is scraped every {o.ScrapeInterval.TotalSeconds:0.#} s with the operator token for the whole run ({report.Scrapes.Count} scrapes of about {report.Scrapes.LastBytes / 1024.0:0} KiB, p50 {Ms(report.Scrapes.P50Ms)} ms, slowest {Ms(report.Scrapes.MaxMs)} ms). Both log one line per request at Information (the request log is not telemetry). {o.Concurrency} closed-loop workers over HTTP/1.1 keep-alive TLS load one server at a time: per operation, {o.Warmup.TotalSeconds:0} s unrecorded warm-up on each, then {o.Rounds} rounds of a {o.Slice.TotalSeconds:0} s slice on each, the order alternating (off, on / on, off / …). The ratio is on's requests per second over off's, each summed over all its slices. Get Job reads a random seeded job; Put Job creates a new job each time (both servers grow alike)."));
        s.AppendLine();
        s.AppendLine("### Results");
        s.AppendLine();
        s.AppendLine("| Operation | off req/s | on req/s | on / off | per round | failed |");
        s.AppendLine("|---|---:|---:|---:|---|---:|");
        foreach (var r in report.Rows)
        {
            s.AppendLine(Inv($"| {r.Operation} | {r.OffRate:N0} | {r.OnRate:N0} | {r.Ratio:0.000} | {string.Join(", ", r.RoundRatios.Select(x => x.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))} | {r.Failures} |"));
        }

        s.AppendLine();
        s.AppendLine("### Targets");
        s.AppendLine();
        s.AppendLine("| Target | Measured | Verdict |");
        s.AppendLine("|---|---|---|");
        foreach (var r in report.Rows)
        {
            s.AppendLine(Inv($"| {r.Operation} throughput with telemetry on ≥ 0.95× off | {r.Ratio:0.000}× | {Verdict(r.Ratio >= TelemetryReport.Target)} |"));
        }

        s.AppendLine(Inv($"| No failed requests | {report.Rows.Sum(r => r.Failures)} failed | {Verdict(report.Rows.All(r => r.Failures == 0))} |"));
        s.AppendLine();
        s.AppendLine(Inv($"Server commands: on `dotnet Ferry.Server.dll {string.Join(' ', report.OnArguments.Skip(1))}`; off `dotnet Ferry.Server.dll {string.Join(' ', report.OffArguments.Skip(1))}` (fresh temporary data directories and free ports)."));
        return s.ToString();
    }
}
