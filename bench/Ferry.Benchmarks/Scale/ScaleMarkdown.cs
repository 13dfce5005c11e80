using System.Runtime.InteropServices;
using System.Text;
using static Ferry.Benchmarks.MarkdownReport;

namespace Ferry.Benchmarks.Scale;

/// <summary>Renders a scale run as the "Several instances and PostgreSQL (issue 5)" section of <c>docs/benchmarks.md</c>.</summary>
internal static class ScaleMarkdown
{
    public const string Heading = "## Several instances and PostgreSQL (issue 5)";

    public static string Render(ScaleReport report, string command, string? commit, DateTimeOffset when)
    {
        var o = report.Options;
        var s = new StringBuilder();
        s.AppendLine(Heading).AppendLine();
        s.AppendLine(Inv($"Measured {when:yyyy-MM-dd HH:mm} UTC{(commit is null ? "" : $" at commit `{commit}`")} on {Environment.ProcessorCount} cores ({CpuModel()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}."));
        s.AppendLine("The machine is shared, so every figure is judged against the baseline measured beside it in the same run: each candidate slice sits between two baseline slices.").AppendLine();
        s.AppendLine("Command, from the repository root (builds Release, then runs):").AppendLine();
        s.AppendLine("```sh").AppendLine(command).AppendLine("```").AppendLine();

        s.AppendLine("Setup:").AppendLine();
        s.AppendLine(Inv($"- **PostgreSQL**: {report.PostgresDescription}; {string.Join(", ", report.PostgresSettings.Select(x => $"`{x}`"))}. Every commit is flushed to disk, as SQLite's is. Its files, the SQLite file and the servers' data directories are on the same {report.FileSystem} file system. The servers reach it over TCP loopback with Npgsql's default pool{(o.PgConnectionOptions.Count == 0 ? "" : $" and `{string.Join(";", o.PgConnectionOptions)}` in their connection string")}."));
        s.AppendLine("- **SQLite**: the server's defaults: `SqliteSynchronous=Full` (an fsync per commit), the 20,000-job read cache and the cached `odata.count`. A PostgreSQL server has neither cache, because other instances write the same rows.");
        s.AppendLine(Inv($"- **Servers**: the Release server as child processes on free loopback ports, each with a fresh data directory of its own (TLS certificate, development credentials); `Ferry:Jobs:MaxActiveJobsPerSubscription` {ScaleBenchOptions.MaxActiveJobs:N0} (so that creates are never refused; every create still counts the subscription's active jobs), `Ferry:Classic:MaxPageSize` {o.PageSize}. The PostgreSQL servers run with the default roles (api and worker) on one database; the first applied the schema (`MigrateOnStart`). Every request of the PostgreSQL parts presents the first instance's management certificate, which is registered in the shared database, so it authenticates on both."));
        s.AppendLine(Inv($"- **Load**: {o.Concurrency} closed-loop workers over HTTP/1.1 keep-alive TLS, `x-ms-version: {ClassicClient.Version}`. Each comparison: {o.Warmup.TotalSeconds:0.#} s of unrecorded warm-up of each side, then {o.Rounds} slices of {(o.Duration / o.Rounds).TotalSeconds:0.#} s per side, alternating baseline, candidate, …, baseline. Only successful responses count and the whole body is read; percentiles are nearest-rank over every successful request. CPU: the whole machine's busy share over the side's slices (`/proc/stat`, other users of the machine included), and CPU milliseconds per successful request of the side's Ferry servers, of all PostgreSQL processes and of the load generator."));
        s.AppendLine(Inv($"- **Operations**: **Get Job** a random seeded job; **List Jobs (first page)** `$top={o.PageSize}`, with the `odata.count` total the classic API always returns; **Put Job** a new name every time, so every request is a real create (201); **Get Service Document** the trivial authenticated endpoint, which reads no job, for how far apart the two sides are without the job store."));
        s.AppendLine();

        s.AppendLine("### PostgreSQL beside SQLite").AppendLine();
        s.AppendLine(Inv($"Both servers ran at once, each seeded with {o.JobsSmall:N0} jobs through Put Job ({o.SeedConcurrency} at a time): SQLite in {report.SqliteSeed.Took.TotalSeconds:0.0} s ({Rate(report.SqliteSeed)} creates/s), PostgreSQL in {report.PostgresSeed.Took.TotalSeconds:0.0} s ({Rate(report.PostgresSeed)} creates/s). SQLite is the baseline; the Put Job slices grow both accounts."));
        s.AppendLine();
        ComparisonTable(s, report.Backends, report.BackendsNotMeasured, "SQLite", "PostgreSQL", "PostgreSQL / SQLite");
        CpuTable(s, report.Backends);

        s.AppendLine("### Two instances beside one").AppendLine();
        s.AppendLine(Inv($"A second PostgreSQL server on the same database; the SQLite server was stopped. Check before measuring: {report.InstanceCheck}. The second instance then got {o.InstanceWarmup.TotalSeconds:0.#} s of unrecorded load of each operation, so that it runs compiled code as the first does. The baseline sends every request to the first instance (the second runs, idle); the candidate sends them to the two in turn (round-robin per request), with the same {o.Concurrency} workers. Get Job reads the {o.JobsSmall:N0} jobs seeded above."));
        s.AppendLine();
        ComparisonTable(s, report.Instances, report.InstancesNotMeasured, "one instance", "two instances", "two / one");
        CpuTable(s, report.Instances);

        foreach (var scale in report.Scales)
        {
            ScaleSection(s, o, scale);
        }

        s.AppendLine("### Targets").AppendLine();
        s.AppendLine("| Target | Measured | Verdict |").AppendLine("|---|---|---|");
        s.AppendLine(Inv($"| Get, Put and List Jobs on PostgreSQL beside SQLite, in the same run | {Summary(report.Backends, report.BackendsNotMeasured)} | {Verdict(report.BackendsMeasured)} |"));
        s.AppendLine(Inv($"| Two API instances beside one, on one PostgreSQL database | {Summary(report.Instances, report.InstancesNotMeasured)}; {report.InstanceCheck} | {Verdict(report.InstancesMeasured)} |"));
        if (!report.Scales.Any(p => p.Database == ScaleReport.PostgreSql))
        {
            s.AppendLine(Inv($"| List Jobs page latency on PostgreSQL at {o.ScaleJobs:N0} jobs ≤ {ScaleReport.ListMaxGrowth}× at {o.JobsSmall:N0} | not measured (--skip-scale) | **missed** |"));
        }

        foreach (var scale in report.Scales)
        {
            foreach (var (title, comparison) in new[] { ("first page", scale.FirstPage), ("a random page", scale.RandomPage) })
            {
                foreach (var (label, ratio, large, small) in comparison is { } c
                    ? new[] { ("p50", c.P50Ratio, c.Candidate.Latency.P50Ms, c.Baseline.Latency.P50Ms), ("p95", c.P95Ratio, c.Candidate.Latency.P95Ms, c.Baseline.Latency.P95Ms) }
                    : [("p50", double.NaN, double.NaN, double.NaN), ("p95", double.NaN, double.NaN, double.NaN)])
                {
                    var measured = double.IsNaN(ratio) ? "not measured" : Inv($"{Ms(large)} ms / {Ms(small)} ms = {ratio:0.00}×");
                    s.AppendLine(Inv($"| {scale.Database}: List Jobs ({title}) {label} at {o.ScaleJobs:N0} jobs ≤ {ScaleReport.ListMaxGrowth}× at {o.JobsSmall:N0} | {measured} | {Verdict(ScaleReport.Met(ratio))} |"));
                }
            }
        }

        s.AppendLine(Inv($"| No failed requests | {report.Failures} failed | {Verdict(report.Failures == 0)} |"));
        s.AppendLine();

        Reading(s, report);

        s.AppendLine("Server commands:").AppendLine();
        foreach (var (name, arguments) in new[] { ("SQLite", report.SqliteServerArguments), ("first PostgreSQL instance", report.PostgresServerArguments), ("second PostgreSQL instance", report.SecondServerArguments) })
        {
            var shown = string.Join(' ', arguments.Select(a =>
                a.EndsWith(".dll", StringComparison.Ordinal) ? Path.GetFileName(a)
                : a.StartsWith(report.Root, StringComparison.Ordinal) ? "<fresh temp dir>"
                : a == report.ConnectionString ? "\"<the benchmark's database>\""
                : a.StartsWith("https://", StringComparison.Ordinal) ? "https://127.0.0.1:<free port>"
                : a));
            s.AppendLine($"- {name}: `dotnet {shown}`");
        }

        var failures = report.Backends.Concat(report.Instances).Concat(report.Scales.SelectMany(p => p.Results))
            .SelectMany(c => new[] { c.Baseline.Latency.FirstFailure, c.Candidate.Latency.FirstFailure }).OfType<string>()
            .Concat(report.BackendsNotMeasured.Concat(report.InstancesNotMeasured).Concat(report.Scales.SelectMany(p => p.NotMeasured)).Select(n => $"{n.Operation}: {n.Reason}"))
            .Concat(new[] { report.SqliteSeed.FirstServerError, report.PostgresSeed.FirstServerError }.OfType<string>().Select(e => $"Seeding (retried): {e}"))
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

    private static void Reading(StringBuilder s, ScaleReport report)
    {
        var o = report.Options;
        s.AppendLine("### Reading the figures").AppendLine();
        s.AppendLine("- **Ratios, not absolute numbers.** Other work shares the two cores, so absolute figures move between runs (and between slices); each ratio compares two sides measured in alternating slices of the same minutes. The Get Service Document row shows how far apart two sides are when the job store is not involved: read the other rows' ratios against it.");
        var oneBusy = Busy(report.Instances, candidate: false);
        var twoBusy = Busy(report.Instances, candidate: true);
        s.AppendLine(Inv($"- **Two instances beside one** cannot show added capacity on this machine: one instance, PostgreSQL and the load generator already share the same {Environment.ProcessorCount} cores (the machine was {Percent(oneBusy)} busy during the one-instance slices, {Percent(twoBusy)} during the two-instance ones), so a second process can only split the same CPU, and pays for a second set of caches, connections and JIT. What the ratios do show: whether spreading the load over two instances of one database works ({report.Instances.Sum(c => c.Failures)} failed requests, and the cross-instance check above), whether contention between instances collapses throughput (creates of one subscription take a PostgreSQL advisory lock, so they serialise across instances), and what the split costs per request (the CPU table). Scaling out needs instances on separate machines, which this benchmark does not have."));
        s.AppendLine("- **PostgreSQL beside SQLite** compares two storage engines on the same machine, both durable (fsync per commit). The PostgreSQL side pays for a network round trip and another process per statement, and has no in-process cache: SQLite's Get Job and `odata.count` are served from memory when the cache holds them, PostgreSQL's always reach the database. The CPU table splits the cost between the Ferry server and PostgreSQL.");
        if (report.Scales.Count > 0)
        {
            s.AppendLine(Inv($"- **List Jobs at {o.ScaleJobs:N0} jobs.** A page is read by keyset (`NameKey > last ORDER BY NameKey LIMIT n` on the index of (Surface, SubscriptionId, StorageAccountName, NameKey)), so the page itself costs the same at any depth and any account size. Every classic page also carries `odata.count`, the number of jobs in the account: the SQLite server caches it until the next write (or the next expiry deadline), the PostgreSQL server counts it on every request; the explained statements show how each of the two statements grows with the account. The small account is measured in the same database as the large one (the jobs table holds both), so the ratio isolates the account's size, not the table's. At the large count a request can take long enough that a slice holds few of them: the request counts are given under each table."));
        }

        s.AppendLine();
    }

    private static void ScaleSection(StringBuilder s, ScaleBenchOptions o, ScalePhase scale)
    {
        var postgres = scale.Database == ScaleReport.PostgreSql;
        s.AppendLine(Inv($"### List Jobs at {o.ScaleJobs:N0} jobs beside {o.JobsSmall:N0}: {scale.Database}")).AppendLine();
        var where = postgres
            ? "in the first PostgreSQL instance's subscription, in the database of the parts above"
            : Inv($"in the subscription of a fresh SQLite server (default settings), which was stopped for the insert and started again on the filled file (then {o.InstanceWarmup.TotalSeconds:0.#} s of unrecorded load of each operation)");
        var how = postgres
            ? "in PostgreSQL with `INSERT … SELECT … generate_series`"
            : "in the SQLite file with `WITH RECURSIVE … INSERT … SELECT`";
        var l = scale.Large;
        s.AppendLine(Inv($"Two storage accounts {where}: `{ScaleBenchmark.SmallAccount}` with {o.JobsSmall:N0} jobs (the baseline) and `{ScaleBenchmark.LargeAccount}` with {o.ScaleJobs:N0}. Each got one job (`{ScaleBenchmark.SmallPrefix}0000001`, `{ScaleBenchmark.LargePrefix}0000001`: names are unique per subscription) through Put Job; the rest were copied from it {how} (its drive row with each copy; audit entries are not copied), in transactions of 100,000 jobs, then `{l.Maintenance}`, as the database's own maintenance would do after such a load: {l.Inserted:N0} copies in {l.InsertTime.TotalSeconds:0} s ({l.Inserted / l.InsertTime.TotalSeconds:N0} jobs/s), `{l.Maintenance}` {l.MaintenanceTime.TotalSeconds:0} s. The jobs table then held {l.JobsTableRows:N0} rows; {l.StorageWhat}: {l.StorageBytes / 1048576.0:N0} MiB. Before measuring, both accounts' `odata.count` and three pages of each (first, middle, last; each starts at the expected job) were checked."));
        s.AppendLine();
        s.AppendLine(Inv($"**List Jobs (a random page)** is `$top={o.PageSize}` from a page drawn uniformly from the whole list, addressed with a `$skiptoken` built like the server's own, so deep pages are measured as often as the first; every page carries `odata.count`."));
        s.AppendLine();
        ComparisonTable(s, scale.Results, scale.NotMeasured, Inv($"{o.JobsSmall:N0} jobs"), Inv($"{o.ScaleJobs:N0} jobs"), "large / small");
        s.AppendLine("Successful requests measured: " + string.Join("; ", scale.Results.Select(r => Inv($"{r.Title} {r.Baseline.Latency.Successes:N0} at {o.JobsSmall:N0} jobs, {r.Candidate.Latency.Successes:N0} at {o.ScaleJobs:N0}"))) + ".");
        s.AppendLine();
        CpuTable(s, scale.Results);
        if (scale.Plans.Count == 0)
        {
            return;
        }

        s.AppendLine("The two statements of a List Jobs page on PostgreSQL, and the page across the whole subscription (the shape of ARM's list by subscription, which has no storage account to narrow it; the subscription also holds the jobs of the parts above), run by the benchmark with `EXPLAIN (ANALYZE, BUFFERS)` after the measurements (written as EF Core sends them; third run of each, warm cache):").AppendLine();
        s.AppendLine("| Account | Jobs | Statement | Execution ms | Plan's top node |").AppendLine("|---|---:|---|---:|---|");
        foreach (var p in scale.Plans)
        {
            s.AppendLine(Inv($"| {(p.Account.StartsWith('(') ? p.Account : $"`{p.Account}`")} | {p.Jobs:N0} | {p.Statement} | {p.ExecutionMs:0.000} | `{p.TopNode}` |"));
        }

        s.AppendLine();
        foreach (var p in scale.Plans.Where(p => p.Account != ScaleBenchmark.SmallAccount))
        {
            s.AppendLine(Inv($"Plan of the {p.Statement}, {p.Account}, {p.Jobs:N0} jobs:")).AppendLine();
            s.AppendLine("```text").AppendLine(p.Plan.TrimEnd()).AppendLine("```").AppendLine();
        }
    }

    private static void ComparisonTable(StringBuilder s, IReadOnlyList<Comparison> results, IReadOnlyList<NotMeasured> notMeasured, string baseline, string candidate, string ratio)
    {
        s.AppendLine(Inv($"| Operation | {baseline} req/s | p50 ms | p95 ms | p99 ms | {candidate} req/s | p50 ms | p95 ms | p99 ms | req/s {ratio} | p50 {ratio} | p95 {ratio} | errors |"));
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var b = r.Baseline.Latency;
            var c = r.Candidate.Latency;
            s.AppendLine(Inv(
                $"| {r.Title} | {b.RequestsPerSecond:N0} | {Ms(b.P50Ms)} | {Ms(b.P95Ms)} | {Ms(b.P99Ms)} | {c.RequestsPerSecond:N0} | {Ms(c.P50Ms)} | {Ms(c.P95Ms)} | {Ms(c.P99Ms)} | {Ratio(r.ThroughputRatio)} | {Ratio(r.P50Ratio)} | {Ratio(r.P95Ratio)} | {r.Failures} |"));
        }

        foreach (var n in notMeasured)
        {
            s.AppendLine(Inv($"| {n.Operation} | not measured: its check request failed (under Failures) | | | | | | | | | | | |"));
        }

        s.AppendLine();
    }

    private static void CpuTable(StringBuilder s, IReadOnlyList<Comparison> results)
    {
        if (results.Count == 0)
        {
            return;
        }

        s.AppendLine("| Operation | Side | machine busy | Ferry CPU ms/request | PostgreSQL CPU ms/request | load generator CPU ms/request |");
        s.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            foreach (var side in new[] { r.Baseline, r.Candidate })
            {
                s.AppendLine(Inv(
                    $"| {r.Title} | {side.Label} | {Percent(side.Cpu.MachineBusy)} | {Ms(side.PerRequestMs(side.Cpu.ServerSeconds))} | {Ms(side.PerRequestMs(side.Cpu.PostgresSeconds))} | {Ms(side.PerRequestMs(side.Cpu.BenchSeconds))} |"));
            }
        }

        s.AppendLine();
    }

    private static string Summary(IReadOnlyList<Comparison> results, IReadOnlyList<NotMeasured> notMeasured) =>
        string.Join("; ", results.Where(r => r.Title != ScaleReport.ServiceDocument).Select(r => Inv($"{r.Title} req/s ratio {Ratio(r.ThroughputRatio)}, {r.Failures} errors"))
            .Concat(notMeasured.Select(n => $"{n.Operation} not measured")));

    private static double Busy(IReadOnlyList<Comparison> results, bool candidate)
    {
        var sides = results.Select(r => candidate ? r.Candidate : r.Baseline).Where(x => !double.IsNaN(x.Cpu.MachineBusy)).ToList();
        var wall = sides.Sum(x => x.Latency.Elapsed.TotalSeconds);
        return wall > 0 ? sides.Sum(x => x.Cpu.MachineBusy * x.Latency.Elapsed.TotalSeconds) / wall : double.NaN;
    }

    private static string Rate(SeedOutcome seed) => seed.Took > TimeSpan.Zero ? Inv($"{seed.Created / seed.Took.TotalSeconds:N0}") : "—";

    private static string Ratio(double ratio) => double.IsNaN(ratio) || double.IsInfinity(ratio) ? "—" : Inv($"{ratio:0.00}×");
}
