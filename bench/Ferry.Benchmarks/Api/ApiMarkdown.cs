using System.Runtime.InteropServices;
using System.Text;
using static Ferry.Benchmarks.MarkdownReport;

namespace Ferry.Benchmarks.Api;

/// <summary>The API throughput section of docs/benchmarks.md (issue 15).</summary>
internal static class ApiMarkdown
{
    public const string Heading = "## API throughput beside Azurite (issue 15)";

    public static string Render(ApiReport report, string command, string? commit, DateTimeOffset when)
    {
        var o = report.Options;
        var s = new StringBuilder();
        s.AppendLine(Heading).AppendLine();
        if (report.Provisional)
        {
            var reasons = string.Join("; ", new[] { ("before the run", report.BeforeVerdict), ("after it", report.AfterVerdict) }.Where(v => v.Item2.Busy).Select(v => $"{v.Item1}: {v.Item2.Describe()}"));
            s.AppendLine($"> **PROVISIONAL: the machine was busy** ({reasons}). This run used `--allow-busy`: its figures are indicative only and are not the section's recorded result.").AppendLine();
        }

        s.AppendLine(Inv($"Measured {when:yyyy-MM-dd HH:mm} UTC{(commit is null ? "" : $" at commit `{commit}`")} on {Environment.ProcessorCount} cores ({CpuModel()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}."));
        s.AppendLine();
        s.AppendLine("Command, from the repository root (builds Release, then runs):").AppendLine();
        s.AppendLine("```sh").AppendLine(command).AppendLine("```").AppendLine();
        s.AppendLine($"Machine before the run: {report.Before.Describe()} → {report.BeforeVerdict.Describe()}. After: {report.After.Describe()} → {report.AfterVerdict.Describe()} (after the run only other processes' CPU is judged: the run's own load is still in the load average). Busy means a 1-minute load average above {o.LoadLimits.MaxLoadPerCore:0.##} × cores before the run, or other processes above {o.LoadLimits.MaxOthersCpuPercent:0.#}% of all cores.");
        s.AppendLine();
        s.AppendLine(Inv($"Method: one load client ({o.Concurrency} closed-loop workers over HTTP/1.1 keep-alive TLS) measures every target in one run. **Ferry**: the Release server as a child process, on SQLite with the default `synchronous=FULL`{(report.PostgresDescription is null ? "" : $" and on PostgreSQL ({report.PostgresDescription})")}, active-job limit raised to {ApiBenchOptions.MaxActiveJobs:N0}. **Azurite** (the API peer, from `node_modules`, `--inMemoryPersistence`: it never writes to disk, the strictest peer) over HTTPS with a certificate of the run's own, sent raw HTTP requests signed with Shared Key by the same load generator (no SDK pipeline on one side only). Per phase: {o.Warmup.TotalSeconds:0.#} s unrecorded warm-up of every slice, then {o.Rounds} round{(o.Rounds == 1 ? "" : "s")} of a {o.Slice.TotalSeconds:0.#} s slice of every operation on every target, grouped by operation with Azurite's peer beside Ferry's, the target order reversed every other round. Get Job and Update Job Properties address a random seeded job, ARM Get Job a random one of {o.ArmJobs:N0} ARM jobs; Put Job creates a new job whose name goes to a pool that Delete Job drains (a delete slice ends early when the pool is empty, so the job count stays where it was); the Azurite peers do the same with containers ({o.AzuriteContainers:N0} containers for the reads and metadata writes). The small phase is seeded through the API; for the large one every server is stopped, its database filled by copying a template job (the bulk seeders of the scale benchmark), and started again. Figures are successful requests per second over the summed slice time; percentiles are nearest-rank over every successful request; client and server cores are CPU seconds per second of slice."));
        s.AppendLine();

        foreach (var phase in report.Phases)
        {
            var jobs = string.Join(", ", phase.JobsInDatabase.Select(j => Inv($"{ApiOperations.BackendTitle(j.Key)} {j.Value:N0}")));
            s.AppendLine(Inv($"### Results at {phase.TargetJobs:N0} jobs")).AppendLine();
            s.AppendLine($"Jobs in each database when measured: {jobs}.").AppendLine();
            s.AppendLine("| Target | Operation | req/s | p50 ms | p99 ms | failed | vs ceiling | vs Azurite peer | client cores | server cores |");
            s.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var m in phase.Measurements.OrderBy(m => m.Backend).ThenBy(m => m.Operation))
            {
                var ceiling = m.Backend == ApiBackend.Azurite ? null : phase.Measurements.FirstOrDefault(c => c.Backend == m.Backend && c.Operation == ApiOperation.ServiceDocument);
                var peer = ApiOperations.PeerOf(m.Operation) is { } p && m.Backend != ApiBackend.Azurite ? phase.Measurements.FirstOrDefault(c => c.Backend == ApiBackend.Azurite && c.Operation == p) : null;
                var server = m.PostgresCpuSeconds is { } pg ? Inv($"{m.TargetCores:0.00} + PostgreSQL {pg / m.Latency.Elapsed.TotalSeconds:0.00}") : Inv($"{m.TargetCores:0.00}");
                s.AppendLine(Inv(
                    $"| {ApiOperations.BackendTitle(m.Backend)} | {ApiOperations.Title(m.Operation)} | {m.Rate:N0} | {Ms(m.Latency.P50Ms)} | {Ms(m.Latency.P99Ms)} | {m.Latency.Failures} | {(ceiling is null || m.Operation == ApiOperation.ServiceDocument ? "—" : Percent(m.Rate / ceiling.Rate))} | {(peer is null ? "—" : Inv($"{m.Rate / peer.Rate:0.00}×"))} | {m.ClientCores:0.00} | {server} |"));
            }

            s.AppendLine();
        }

        s.AppendLine("### Targets").AppendLine();
        s.AppendLine("| Section of the issue | Target | Measured | Verdict |").AppendLine("|---|---|---|---|");
        foreach (var t in report.Targets)
        {
            s.AppendLine($"| {t.Section} | {t.Target} | {t.Measured} | {(t.Met is null ? "✗ not measured" : t.Met.Value ? "✓ met" : "✗ **missed**")} |");
        }

        s.AppendLine();
        s.AppendLine("### Memory and seeding").AppendLine();
        s.AppendLine("| Phase | Server | RSS right after start | after seeding and warm-up | peak (VmHWM) at the end |").AppendLine("|---|---|---:|---:|---:|");
        foreach (var phase in report.Phases)
        {
            foreach (var m in phase.Memory)
            {
                s.AppendLine(Inv($"| {phase.TargetJobs:N0} jobs | {ApiOperations.BackendTitle(m.Backend)} | {Mib(m.AfterStart?.RssMiB)} | {Mib(m.AfterWarmup?.RssMiB)} | {Mib(m.AtEnd?.PeakRssMiB)} |"));
            }
        }

        s.AppendLine();
        s.AppendLine("The small phase's servers start on fresh data directories (only `/healthz` answered when first read); the large phase's start again on the filled ones.").AppendLine();
        foreach (var phase in report.Phases)
        {
            foreach (var (backend, how) in phase.Seeding)
            {
                s.AppendLine(Inv($"- {phase.TargetJobs:N0} jobs, {ApiOperations.BackendTitle(backend)}: {how}."));
            }
        }

        s.AppendLine();
        if (report.Trace is not null)
        {
            s.AppendLine($"Trace: {report.Trace}.").AppendLine();
        }

        var serverCommand = string.Join(' ', report.ServerArguments.Select(a => a.EndsWith(".dll", StringComparison.Ordinal) ? Path.GetFileName(a) : a.StartsWith('/') ? "<temp>" : a));
        var azuriteCommand = string.Join(' ', report.AzuriteArguments.Select(a => a.EndsWith(".js", StringComparison.Ordinal) ? "azurite/dist/src/blob/main.js" : a.StartsWith('/') ? "<temp>" : a));
        var environment = string.Concat(o.ServerEnvironment.Select(e => $"{e.Key}={e.Value} "));
        s.AppendLine($"Server command (SQLite): `{environment}dotnet {serverCommand}`. Azurite: `node {azuriteCommand}`.");
        if (report.Failures.Count > 0)
        {
            s.AppendLine().AppendLine("### Failures").AppendLine();
            foreach (var failure in report.Failures.Distinct().Take(10))
            {
                s.AppendLine("```text").AppendLine(failure.TrimEnd()).AppendLine("```");
            }
        }

        return s.ToString();
    }

    private static string Mib(double? value) => value is { } v ? Inv($"{v:0.0} MiB") : "—";
}
