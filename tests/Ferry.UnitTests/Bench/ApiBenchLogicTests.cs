using Ferry.Benchmarks;
using Ferry.Benchmarks.Api;

namespace Ferry.UnitTests.Bench;

/// <summary>
/// The pure logic of the API benchmark (docs/architecture.md §11.6): when the machine counts as busy, how the issue's
/// targets are judged from a run's figures, the Shared Key string-to-sign of the Azurite peer, the options, and the
/// replacement of a section of docs/benchmarks.md.
/// </summary>
public sealed class ApiBenchLogicTests
{
    private static readonly MachineLoadLimits _limits = new(MaxLoadPerCore: 0.5, MaxOthersCpuPercent: 10);

    [Fact]
    public void A_quiet_machine_is_not_busy()
    {
        var sample = new MachineLoadSample(0.4, 0.3, 0.2, Cores: 2, Busy: 0.06, OthersBusy: 0.05, TimeSpan.FromSeconds(3));

        var verdict = MachineLoad.Judge(sample, _limits, judgeLoadAverage: true);

        Assert.False(verdict.Busy);
        Assert.Empty(verdict.Reasons);
    }

    [Fact]
    public void A_load_average_above_half_the_cores_is_busy_before_the_run_but_not_judged_after_it()
    {
        var sample = new MachineLoadSample(1.2, 0.9, 0.5, Cores: 2, Busy: 0.5, OthersBusy: 0.02, TimeSpan.FromSeconds(3));

        var before = MachineLoad.Judge(sample, _limits, judgeLoadAverage: true);
        var after = MachineLoad.Judge(sample, _limits, judgeLoadAverage: false);

        Assert.True(before.Busy);
        Assert.Contains("1-minute load average 1.20", Assert.Single(before.Reasons), StringComparison.Ordinal);
        Assert.False(after.Busy);
    }

    [Fact]
    public void Other_processes_above_the_cpu_limit_make_the_machine_busy_even_with_a_low_load_average()
    {
        var sample = new MachineLoadSample(0.1, 0.1, 0.1, Cores: 2, Busy: 0.3, OthersBusy: 0.15, TimeSpan.FromSeconds(3));

        var verdict = MachineLoad.Judge(sample, _limits, judgeLoadAverage: false);

        Assert.True(verdict.Busy);
        Assert.Contains("15.0% of all cores", Assert.Single(verdict.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void The_benchmarks_own_cpu_is_not_counted_as_other_processes()
    {
        // 200 jiffies over all cores, 150 busy, of which 0.5 s (50 jiffies) were the benchmark's own.
        var sample = MachineLoad.FromCounters((0.2, 0.1, 0.0), cores: 2, busyJiffies: 150, totalJiffies: 200, ownCpuSeconds: 0.5, TimeSpan.FromSeconds(1));

        Assert.Equal(0.75, sample.Busy, 3);
        Assert.Equal(0.5, sample.OthersBusy, 3);
    }

    [Fact]
    public void Proc_lines_are_parsed()
    {
        Assert.Equal((0.52, 0.41, 0.33), MachineLoad.ParseLoadAverages("0.52 0.41 0.33 2/519 28214\n"));

        // user nice system idle iowait irq softirq steal guest guest_nice: idle and iowait are not busy.
        var (busy, total) = MachineLoad.ParseCpuLine("cpu  100 5 50 800 20 3 2 0 7 0");

        Assert.Equal(160, busy);
        Assert.Equal(980, total);
        Assert.Throws<FormatException>(() => MachineLoad.ParseCpuLine("cpu0 1 2 3 4 5"));
    }

    [Fact]
    public void Targets_are_met_when_every_ratio_clears_its_bar()
    {
        var targets = ApiTargets.Evaluate([Phase(ApiPhaseSize.Small, 1.0), Phase(ApiPhaseSize.Large, 0.9)], 1000, 100_000);

        Assert.All(targets, t => Assert.True(t.Passed, $"{t.Target}: {t.Measured}"));
        Assert.Contains(targets, t => t.Target.StartsWith("Put Job (create) (SQLite) at 100,000 jobs ≥ 0.8× its rate at 1,000 jobs", StringComparison.Ordinal) && t.Measured.StartsWith("0.90×", StringComparison.Ordinal));
        Assert.Contains(targets, t => t.Target.StartsWith("Get Job on PostgreSQL at 1,000 jobs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_write_that_slows_down_at_the_large_job_count_misses_the_flat_target_only()
    {
        var targets = ApiTargets.Evaluate([Phase(ApiPhaseSize.Small, 1.0), Phase(ApiPhaseSize.Large, 0.75)], 1000, 100_000);

        var missed = targets.Where(t => !t.Passed).Select(t => t.Target).ToList();

        Assert.Equal(3, missed.Count);
        Assert.All(missed, t => Assert.Contains("its rate at 1,000 jobs", t, StringComparison.Ordinal));
    }

    [Fact]
    public void A_ratio_below_its_bar_and_a_missing_figure_are_both_missed()
    {
        var below = ApiTargets.Ratio("1", "Put Job ≥ 1.5× Create Container", measured: 286, baseline: 717, minimum: 1.5);
        var missing = ApiTargets.Ratio("1", "Put Job ≥ 1.5× Create Container", measured: null, baseline: 717, minimum: 1.5);
        var memory = ApiTargets.Limit("4", "RSS ≤ 100 MiB", measuredMiB: 100.5, maximumMiB: 100);

        Assert.False(below.Passed);
        Assert.Equal("0.40× (286 / 717 req/s)", below.Measured);
        Assert.Null(missing.Met);
        Assert.False(missing.Passed);
        Assert.False(memory.Passed);
    }

    [Fact]
    public void A_failed_request_misses_the_run_target()
    {
        var small = Phase(ApiPhaseSize.Small, 1.0);
        var failing = small with { Measurements = [.. small.Measurements.Select(m => m.Operation == ApiOperation.GetJob && m.Backend == ApiBackend.Sqlite ? m with { Latency = m.Latency with { Failures = 2 } } : m)] };

        var targets = ApiTargets.Evaluate([failing], 1000, 100_000);

        var run = Assert.Single(targets, t => t.Target == "No failed requests");
        Assert.False(run.Passed);
        Assert.Equal("2 failed", run.Measured);
    }

    [Fact]
    public void The_shared_key_string_to_sign_has_the_verb_eleven_empty_headers_sorted_ms_headers_and_the_canonical_resource()
    {
        var signed = AzuriteRequests.StringToSign(
            "PUT", "/devstoreaccount1/read00000001",
            [("x-ms-version", "2021-12-02"), ("x-ms-date", "Mon, 07 Dec 2026 14:00:00 GMT"), ("x-ms-meta-bench", " v ")],
            [("restype", "container"), ("comp", "metadata")]);

        Assert.Equal(
            "PUT\n\n\n\n\n\n\n\n\n\n\n\n"
            + "x-ms-date:Mon, 07 Dec 2026 14:00:00 GMT\nx-ms-meta-bench:v\nx-ms-version:2021-12-02\n"
            + "/devstoreaccount1/devstoreaccount1/read00000001\ncomp:metadata\nrestype:container",
            signed);
    }

    [Fact]
    public void Options_parse_the_quick_mode_and_refuse_what_cannot_run()
    {
        var errors = new StringWriter();
        var quick = ApiBenchOptions.ParseOrNull(["--jobs-large", "5000", "--slice-seconds", "2", "--allow-busy", "--trace", "sqlite.put-job@large"], TextWriter.Null, errors);

        Assert.NotNull(quick);
        Assert.Equal(5000, quick.JobsLarge);
        Assert.Equal(TimeSpan.FromSeconds(2), quick.Slice);
        Assert.True(quick.AllowBusy);
        Assert.Equal(new TraceRequest(ApiBackend.Sqlite, ApiOperation.PutJob, ApiPhaseSize.Large), quick.Trace);

        Assert.Null(ApiBenchOptions.ParseOrNull(["--jobs-large", "500"], TextWriter.Null, errors));
        Assert.Null(ApiBenchOptions.ParseOrNull(["--trace", "sqlite.list-jobs"], TextWriter.Null, errors));
        Assert.Null(ApiBenchOptions.ParseOrNull(["--trace", "postgresql.get-job", "--skip-postgres"], TextWriter.Null, errors));
        Assert.Null(ApiBenchOptions.ParseOrNull(["--bogus"], TextWriter.Null, errors));
        Assert.Contains("Unknown option --bogus", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_take_server_environment_pairs_and_refuse_one_without_a_name()
    {
        var errors = new StringWriter();
        var options = ApiBenchOptions.ParseOrNull(["--server-env", "DOTNET_gcServer=1", "--server-env", "DOTNET_X=a=b"], TextWriter.Null, errors);

        Assert.NotNull(options);
        Assert.Equal("1", options.ServerEnvironment["DOTNET_gcServer"]);
        Assert.Equal("a=b", options.ServerEnvironment["DOTNET_X"]);
        Assert.Null(ApiBenchOptions.ParseOrNull(["--server-env", "=1"], TextWriter.Null, errors));
        Assert.Contains("NAME=VALUE", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_help_lists_every_option_the_parser_accepts()
    {
        string[] options =
        [
            "--server-dll", "--dotnet", "--concurrency", "--rounds", "--slice-seconds", "--warmup-seconds", "--jobs-small", "--jobs-large", "--arm-jobs",
            "--azurite-containers", "--skip-large", "--skip-postgres", "--pg-bin", "--azurite", "--node", "--server-arg", "--server-env", "--max-load-per-core",
            "--max-other-cpu", "--load-sample-seconds", "--allow-busy", "--trace", "--trace-out", "--trace-tool", "--trace-profile", "--keep-data", "--out", "--no-out",
        ];

        Assert.All(options, o => Assert.Contains(o + " ", ApiBenchOptions.Help, StringComparison.Ordinal));
    }

    [Fact]
    public void A_rerun_replaces_its_section_of_the_benchmarks_document_and_keeps_the_others()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ferry-benchmarks-{Guid.NewGuid():N}.md");
        try
        {
            File.WriteAllText(path, "# Benchmarks\n\n## First (issue 2)\n\nfirst body\n\n## Last (issue 14)\n\nlast body\n");

            MarkdownReport.UpdateFile(path, ApiMarkdown.Heading, ApiMarkdown.Heading + "\n\nrun one\n");
            MarkdownReport.UpdateFile(path, ApiMarkdown.Heading, ApiMarkdown.Heading + "\n\nrun two\n\n### Targets\n\nall met\n");

            var text = File.ReadAllText(path);
            Assert.Equal(
                "# Benchmarks\n\n## First (issue 2)\n\nfirst body\n\n## Last (issue 14)\n\nlast body\n\n" + ApiMarkdown.Heading + "\n\nrun two\n\n### Targets\n\nall met\n",
                text);

            File.WriteAllText(path, "# Benchmarks\n\n" + ApiMarkdown.Heading + "\n\nold\n\n## Last (issue 14)\n\nlast body\n");
            MarkdownReport.UpdateFile(path, ApiMarkdown.Heading, ApiMarkdown.Heading + "\n\nnew\n");

            Assert.Equal("# Benchmarks\n\n" + ApiMarkdown.Heading + "\n\nnew\n\n## Last (issue 14)\n\nlast body\n", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// A phase whose figures clear every bar: Get Job 5,000 req/s (ceiling 5,500, Azurite's peer 900, ARM 4,500),
    /// writes 1,500 req/s × <paramref name="writeScale"/> beside Azurite's 700, PostgreSQL at 0.6× reads and 0.9× writes;
    /// the SQLite server at 80 MiB after start and 140 MiB at its peak.
    /// </summary>
    private static ApiPhaseResult Phase(ApiPhaseSize size, double writeScale)
    {
        ApiMeasurement M(ApiBackend backend, ApiOperation operation, double rate) =>
            new(size, backend, operation, Summary(operation, rate), 1, 1, null);

        var writes = 1500 * writeScale;
        List<ApiMeasurement> measurements =
        [
            M(ApiBackend.Sqlite, ApiOperation.ServiceDocument, 5500), M(ApiBackend.Sqlite, ApiOperation.GetJob, 5000), M(ApiBackend.Sqlite, ApiOperation.ArmGetJob, 4500),
            M(ApiBackend.Sqlite, ApiOperation.PutJob, writes), M(ApiBackend.Sqlite, ApiOperation.UpdateJob, writes), M(ApiBackend.Sqlite, ApiOperation.DeleteJob, writes),
            M(ApiBackend.PostgreSql, ApiOperation.GetJob, 3000), M(ApiBackend.PostgreSql, ApiOperation.PutJob, writes * 0.9),
            M(ApiBackend.Azurite, ApiOperation.GetContainerProperties, 900), M(ApiBackend.Azurite, ApiOperation.CreateContainer, 700),
            M(ApiBackend.Azurite, ApiOperation.SetContainerMetadata, 700), M(ApiBackend.Azurite, ApiOperation.DeleteContainer, 700),
        ];
        var memory = new ServerMemory(ApiBackend.Sqlite, new MemorySample(80 * 1024, 80 * 1024), null, new MemorySample(120 * 1024, 140 * 1024));
        return new ApiPhaseResult(size, size == ApiPhaseSize.Small ? 1000 : 100_000, new Dictionary<ApiBackend, long>(), new Dictionary<ApiBackend, string>(), measurements, [memory], []);
    }

    /// <summary>A summary of <paramref name="rate"/> requests per second over 10 s, no failures.</summary>
    private static LatencySummary Summary(ApiOperation operation, double rate) =>
        new(operation.ToString(), (long)(rate * 10), 0, TimeSpan.FromSeconds(10), 1, 2, 3, 1, 4, null);
}
