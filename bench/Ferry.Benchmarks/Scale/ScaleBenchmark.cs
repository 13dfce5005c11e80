using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Text;

namespace Ferry.Benchmarks.Scale;

/// <summary>
/// The scale benchmark (issue 5). Starts a PostgreSQL (<see cref="PostgresServer"/>), then:
/// <list type="number">
/// <item>a SQLite server and a PostgreSQL server side by side, each seeded through the API, and Get Job, List Jobs
/// (first page) and Put Job measured on both in alternating slices (SQLite the baseline);</item>
/// <item>a second PostgreSQL server on the same database, and the same operations sent to the first instance alone
/// and, round-robin, to both (one instance the baseline), with a check that each instance sees the other's writes;</item>
/// <item>two storage accounts filled straight in PostgreSQL (<see cref="BulkSeeder"/>), a small one and a large one,
/// and List Jobs (first page and a random page) and Get Job measured on both in alternating slices (the small
/// account the baseline), with <c>EXPLAIN ANALYZE</c> of the list's statements on both.</item>
/// </list>
/// </summary>
internal sealed class ScaleBenchmark(ScaleBenchOptions options)
{
    public const string Account = "benchaccount";
    public const string SmallAccount = "benchsmall";
    public const string LargeAccount = "benchlarge";

    // Job names are unique per subscription, across its storage accounts: each account of the scale part has its own prefix.
    public const string SmallPrefix = "sml";
    public const string LargePrefix = "lrg";

    private readonly List<Instance> _running = [];
    private long _putCounter;

    public async Task<ScaleReport> RunAsync(CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("ferry-bench-scale-");
        Console.WriteLine($"Working in {root.FullName}");
        var failed = false;
        try
        {
            await using var postgres = await PostgresServer.StartAsync(options.PgBin, cancellationToken);
            postgres.Keep = options.KeepData;
            return await RunWithAsync(root.FullName, postgres, cancellationToken);
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
                Console.WriteLine($"Kept {root.FullName} (data directories and server logs).");
            }
            else
            {
                TryDelete(root);
            }
        }
    }

    private async Task<ScaleReport> RunWithAsync(string root, PostgresServer postgres, CancellationToken cancellationToken)
    {
        var settings = await postgres.ReadSettingsAsync(cancellationToken);
        Console.WriteLine($"PostgreSQL: {string.Join(", ", settings)}; database {postgres.DatabaseName}");
        var meter = new CpuMeter(postgres.PostmasterPidOrNull());
        var connections = Math.Max(options.Concurrency, options.SeedConcurrency) + 2;
        var serverConnectionString = options.PgConnectionOptions.Count == 0 ? postgres.ConnectionString : postgres.ConnectionString + ";" + string.Join(';', options.PgConnectionOptions);
        List<string> pgSwitches = ["--database", "postgresql", "--connection-string", serverConnectionString];

        // 1. SQLite beside PostgreSQL.
        Console.WriteLine("== SQLite beside PostgreSQL ==");
        var sqlite = StartServer(root, "sqlite", []);
        var first = StartServer(root, "pg-a", [.. pgSwitches, "--Ferry:Database:MigrateOnStart", "true"]);
        try
        {
            var sqliteCredentials = await sqlite.Process.WaitUntilReadyAsync(sqlite.DataDirectory, TimeSpan.FromMinutes(2), cancellationToken);
            var firstCredentials = await first.Process.WaitUntilReadyAsync(first.DataDirectory, TimeSpan.FromMinutes(2), cancellationToken);
            Console.WriteLine($"SQLite server pid {sqlite.Process.ProcessId} port {sqlite.Process.Port}; PostgreSQL server pid {first.Process.ProcessId} port {first.Process.Port}");
            using var sqliteClient = ClassicClient.CreateHttpClient(sqliteCredentials, connections, TimeSpan.FromSeconds(120));
            using var firstClient = ClassicClient.CreateHttpClient(firstCredentials, connections, TimeSpan.FromSeconds(120));
            var sqliteSide = new Target("SQLite", sqliteClient, Classic(sqlite, sqliteCredentials, Account), [sqlite.Process.ProcessId]);
            var pgSide = new Target("PostgreSQL", firstClient, Classic(first, firstCredentials, Account), [first.Process.ProcessId]);
            var sqliteSeed = await SeedAsync(sqliteSide, cancellationToken);
            var pgSeed = await SeedAsync(pgSide, cancellationToken);
            var backends = new Measurements();
            await backends.TryAsync(ScaleReport.ServiceDocument, () => CompareAsync(ScaleReport.ServiceDocument, sqliteSide, pgSide, ServiceDocumentAsync, meter, cancellationToken));
            await backends.TryAsync(ScaleReport.GetJob, () => CompareAsync(ScaleReport.GetJob, sqliteSide, pgSide, t => GetJobAsync(t, options.JobsSmall), meter, cancellationToken));
            await backends.TryAsync(ScaleReport.ListFirstPage, () => CompareAsync(ScaleReport.ListFirstPage, sqliteSide, pgSide, FirstPageAsync, meter, cancellationToken));
            await backends.TryAsync(ScaleReport.PutJob, () => CompareAsync(ScaleReport.PutJob, sqliteSide, pgSide, t => PutJobAsync(t, "b"), meter, cancellationToken));
            await StopAsync(sqlite);

            // 2. Two instances beside one, on the same database; the first instance's credentials work on both.
            Console.WriteLine("== Two PostgreSQL instances beside one ==");
            var second = StartServer(root, "pg-b", pgSwitches);
            var secondCredentials = await second.Process.WaitUntilReadyAsync(second.DataDirectory, TimeSpan.FromMinutes(2), cancellationToken);
            Console.WriteLine($"Second PostgreSQL server pid {second.Process.ProcessId} port {second.Process.Port}");
            using var bothClient = ClassicClient.CreateHttpClient(firstCredentials, connections, TimeSpan.FromSeconds(120), [secondCredentials.ServerCertificate]);
            var one = new Target("one instance", bothClient, pgSide.Classic, [first.Process.ProcessId]);
            var secondClassic = Classic(second, firstCredentials, Account);
            var instanceCheck = await CrossCheckAsync(bothClient, pgSide.Classic, secondClassic, cancellationToken);
            var two = new Target("two instances", bothClient, pgSide.Classic, [first.Process.ProcessId, second.Process.ProcessId], secondClassic);
            var secondAlone = new Target("second instance", bothClient, secondClassic, [second.Process.ProcessId]);
            await WarmUpAsync("the second instance", bothClient, [await GetJobAsync(secondAlone, options.JobsSmall), await FirstPageAsync(secondAlone), await PutJobAsync(secondAlone, "w")], cancellationToken);
            var instances = new Measurements();
            var seeded = options.JobsSmall;
            await instances.TryAsync(ScaleReport.GetJob, () => CompareAsync(ScaleReport.GetJob, one, two, t => GetJobAsync(t, seeded), meter, cancellationToken));
            await instances.TryAsync(ScaleReport.ListFirstPage, () => CompareAsync(ScaleReport.ListFirstPage, one, two, FirstPageAsync, meter, cancellationToken));
            await instances.TryAsync(ScaleReport.PutJob, () => CompareAsync(ScaleReport.PutJob, one, two, t => PutJobAsync(t, "i"), meter, cancellationToken));
            await StopAsync(second);

            // 3. List Jobs at the large job count beside the small one, in one database: PostgreSQL, then (unless skipped) SQLite.
            var scales = new List<ScalePhase>();
            if (!options.SkipScale)
            {
                Console.WriteLine($"== List Jobs at {options.ScaleJobs:N0} jobs beside {options.JobsSmall:N0}: PostgreSQL ==");
                scales.Add(await PostgresScaleAsync(postgres, firstClient, first, firstCredentials, meter, cancellationToken));
                await StopAsync(first);
                if (!options.SkipSqliteScale)
                {
                    Console.WriteLine($"== List Jobs at {options.ScaleJobs:N0} jobs beside {options.JobsSmall:N0}: SQLite ==");
                    scales.Add(await SqliteScaleAsync(root, meter, cancellationToken));
                }
            }

            return new ScaleReport(
                options, postgres.Description, settings, FileSystemOf(root), sqliteSeed, pgSeed, backends.Results, backends.NotMeasured,
                instanceCheck, instances.Results, instances.NotMeasured, scales, sqlite.Process.Arguments, first.Process.Arguments, second.Process.Arguments, root, serverConnectionString);
        }
        catch (BenchmarkFailedException e)
        {
            var logs = string.Join('\n', _running.Select(i => $"[{i.Name}]{(i.Process.HasExited ? " (exited)" : "")}\n{i.Process.FirstErrorInLog()}\n{i.Process.LogTail(15)}"));
            throw new BenchmarkFailedException($"{e.Message}\n{logs}", e);
        }
        finally
        {
            foreach (var instance in _running.ToList())
            {
                await StopAsync(instance);
            }
        }
    }

    /// <summary>The scale part on PostgreSQL: the first instance's two accounts, filled in its database, then measured and explained.</summary>
    private async Task<ScalePhase> PostgresScaleAsync(PostgresServer postgres, HttpClient client, Instance server, ServerCredentials credentials, CpuMeter meter, CancellationToken cancellationToken)
    {
        var (small, large) = ScaleTargets(client, server, credentials);
        await PutTemplatesAsync(small, large, cancellationToken);
        var seeds = new List<BulkSeedOutcome>();
        foreach (var (target, jobs) in new[] { (small, options.JobsSmall), (large, options.ScaleJobs) })
        {
            Console.WriteLine($"  bulk insert of {jobs:N0} jobs into {target.Classic.StorageAccount}…");
            seeds.Add(await BulkSeeder.SeedAsync(postgres.ConnectionString, credentials.SubscriptionId, target.Classic.StorageAccount, target.Prefix, jobs, options.BulkTimeout, cancellationToken));
        }

        var (results, notMeasured) = await MeasureScaleAsync(small, large, meter, cancellationToken);

        Console.WriteLine("  EXPLAIN ANALYZE of the list's statements…");
        var subscriptionJobs = await Probe.CountJobsAsync(client, Classic(server, credentials, Account), cancellationToken) + options.JobsSmall + options.ScaleJobs;
        var plans = new List<QueryPlan>();
        foreach (var (account, jobs, statement) in new (string?, long, string)[]
        {
            (SmallAccount, options.JobsSmall, QueryPlans.Count), (SmallAccount, options.JobsSmall, QueryPlans.Page),
            (LargeAccount, options.ScaleJobs, QueryPlans.Count), (LargeAccount, options.ScaleJobs, QueryPlans.Page),
            (null, subscriptionJobs, QueryPlans.SubscriptionPage),
        })
        {
            plans.Add(await QueryPlans.ExplainAsync(postgres.ConnectionString, credentials.SubscriptionId, account, jobs, statement, options.PageSize, cancellationToken));
        }

        foreach (var plan in plans)
        {
            Console.WriteLine($"    {plan.Account} {plan.Statement}: {plan.ExecutionMs:0.000} ms, {plan.TopNode}");
        }

        return new ScalePhase(ScaleReport.PostgreSql, seeds[0], seeds[1], results, notMeasured, plans);
    }

    /// <summary>
    /// The scale part on SQLite: a fresh SQLite server gets the two template jobs, is stopped (the store is one
    /// process's), the accounts are filled in its file, and it is started again on the same data directory.
    /// </summary>
    private async Task<ScalePhase> SqliteScaleAsync(string root, CpuMeter meter, CancellationToken cancellationToken)
    {
        var connections = options.Concurrency + 2;
        var fresh = StartServer(root, "sqlite-scale", []);
        var credentials = await fresh.Process.WaitUntilReadyAsync(fresh.DataDirectory, TimeSpan.FromMinutes(2), cancellationToken);
        using (var client = ClassicClient.CreateHttpClient(credentials, connections, TimeSpan.FromSeconds(120)))
        {
            var (smallTemplate, largeTemplate) = ScaleTargets(client, fresh, credentials);
            await PutTemplatesAsync(smallTemplate, largeTemplate, cancellationToken);
        }

        await StopAsync(fresh);
        var file = Path.Combine(fresh.DataDirectory, SqliteBulkSeeder.FileName);
        var seeds = new List<BulkSeedOutcome>();
        foreach (var (account, prefix, jobs) in new[] { (SmallAccount, SmallPrefix, options.JobsSmall), (LargeAccount, LargePrefix, options.ScaleJobs) })
        {
            Console.WriteLine($"  bulk insert of {jobs:N0} jobs into {account} (SQLite)…");
            seeds.Add(await SqliteBulkSeeder.SeedAsync(file, credentials.SubscriptionId, account, prefix, jobs, options.BulkTimeout, cancellationToken));
        }

        var server = StartServer(root, "sqlite-scale", [], "sqlite-scale-restarted");
        await server.Process.WaitUntilReadyAsync(server.DataDirectory, TimeSpan.FromMinutes(5), cancellationToken);
        Console.WriteLine($"SQLite server pid {server.Process.ProcessId} port {server.Process.Port} on the filled file");
        using var measured = ClassicClient.CreateHttpClient(credentials, connections, TimeSpan.FromSeconds(120));
        var (small, large) = ScaleTargets(measured, server, credentials);
        await WarmUpAsync("the restarted SQLite server", measured, [await FirstPageAsync(small), await FirstPageAsync(large), await GetJobAsync(small, options.JobsSmall)], cancellationToken);
        var (results, notMeasured) = await MeasureScaleAsync(small, large, meter, cancellationToken);
        await StopAsync(server);
        return new ScalePhase(ScaleReport.Sqlite, seeds[0], seeds[1], results, notMeasured, []);
    }

    private (Target Small, Target Large) ScaleTargets(HttpClient client, Instance server, ServerCredentials credentials) => (
        new Target($"{options.JobsSmall:N0} jobs", client, Classic(server, credentials, SmallAccount), [server.Process.ProcessId]) { Prefix = SmallPrefix },
        new Target($"{options.ScaleJobs:N0} jobs", client, Classic(server, credentials, LargeAccount), [server.Process.ProcessId]) { Prefix = LargePrefix });

    /// <summary>The template of each account: a real job created through Put Job, with its drive; the copies take every other column from it.</summary>
    private static async Task PutTemplatesAsync(Target small, Target large, CancellationToken cancellationToken)
    {
        foreach (var target in new[] { small, large })
        {
            using var put = target.Classic.PutJob(target.Name(1));
            using (await Probe.SendAsync(target.Client, put, HttpStatusCode.Created, cancellationToken))
            {
            }
        }
    }

    /// <summary>Checks both filled accounts, then measures List Jobs (first page, a random page) and Get Job on both.</summary>
    private async Task<(List<Comparison>, List<NotMeasured>)> MeasureScaleAsync(Target small, Target large, CpuMeter meter, CancellationToken cancellationToken)
    {
        foreach (var (target, jobs) in new[] { (small, options.JobsSmall), (large, options.ScaleJobs) })
        {
            var count = await Probe.CountJobsAsync(target.Client, target.Classic, cancellationToken);
            if (count != jobs)
            {
                throw new BenchmarkFailedException($"After the bulk insert, List Jobs of {target.Classic.StorageAccount} reports odata.count {count:N0}; expected {jobs:N0}.");
            }
        }

        var smallPages = await PagesAsync(small, options.JobsSmall, cancellationToken);
        var largePages = await PagesAsync(large, options.ScaleJobs, cancellationToken);
        var results = new Measurements();
        await results.TryAsync(ScaleReport.ListFirstPage, () => CompareAsync(ScaleReport.ListFirstPage, small, large, FirstPageAsync, meter, cancellationToken));
        await results.TryAsync(ScaleReport.ListRandomPage, () => CompareAsync(
            ScaleReport.ListRandomPage, small, large, t => RandomPageAsync(t, t == small ? smallPages : largePages), meter, cancellationToken));
        await results.TryAsync(ScaleReport.GetJob, () => CompareAsync(
            ScaleReport.GetJob, small, large, t => GetJobAsync(t, t == small ? options.JobsSmall : options.ScaleJobs), meter, cancellationToken));
        return (results.Results, results.NotMeasured);
    }

    private async Task StopAsync(Instance instance)
    {
        _running.Remove(instance);
        await instance.Process.DisposeAsync();
    }

    private Instance StartServer(string root, string name, IReadOnlyList<string> extra, string? logName = null)
    {
        var dataDirectory = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        List<string> switches =
        [
            "--Ferry:Jobs:MaxActiveJobsPerSubscription", ScaleBenchOptions.MaxActiveJobs.ToString(CultureInfo.InvariantCulture),
            "--Ferry:Classic:MaxPageSize", options.PageSize.ToString(CultureInfo.InvariantCulture),
            .. extra,
            .. options.ServerArgs,
        ];
        var process = ServerProcess.Start(options.DotnetHost, options.ServerDll, switches, dataDirectory, Path.Combine(root, (logName ?? name) + ".log"));
        var instance = new Instance(name, process, dataDirectory);
        _running.Add(instance);
        return instance;
    }

    private static ClassicClient Classic(Instance instance, ServerCredentials credentials, string account) =>
        new(new Uri($"https://127.0.0.1:{instance.Process.Port}/{credentials.SubscriptionId}/services/importexport"), account);

    private async Task<SeedOutcome> SeedAsync(Target target, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  seeding {options.JobsSmall:N0} jobs through Put Job on {target.Label}…");
        var seed = await new JobSeeder(target.Client, target.Classic, options.SeedConcurrency, options.SeedTimeout).SeedAsync(1, options.JobsSmall, cancellationToken);
        if (seed.TimedOut)
        {
            throw new BenchmarkFailedException($"Seeding {options.JobsSmall:N0} jobs on {target.Label} did not finish within {options.SeedTimeout.TotalSeconds:0} s (--seed-timeout).");
        }

        var count = await Probe.CountJobsAsync(target.Client, target.Classic, cancellationToken);
        return count == options.JobsSmall
            ? seed
            : throw new BenchmarkFailedException($"After seeding, List Jobs on {target.Label} reports odata.count {count:N0}; expected {options.JobsSmall:N0}.");
    }

    /// <summary>A job created through either instance is read back through the other, with the same ETag.</summary>
    private async Task<string> CrossCheckAsync(HttpClient client, ClassicClient a, ClassicClient b, CancellationToken cancellationToken)
    {
        foreach (var (writer, reader, label) in new[] { (a, b, "first → second"), (b, a, "second → first") })
        {
            var name = NextPutName("x");
            string? written;
            using (var put = writer.PutJob(name))
            using (var created = await Probe.SendAsync(client, put, HttpStatusCode.Created, cancellationToken))
            using (var get = ClassicClient.Get(writer.Job(name)))
            using (var own = await Probe.SendAsync(client, get, HttpStatusCode.OK, cancellationToken))
            {
                written = own.Root.TryGetProperty("Name", out var n) ? n.GetString() : null;
            }

            using var other = ClassicClient.Get(reader.Job(name));
            using var seen = await Probe.SendAsync(client, other, HttpStatusCode.OK, cancellationToken);
            seen.Require(seen.Root.TryGetProperty("Name", out var seenName) && seenName.GetString() == name && written == name,
                $"the job '{name}' created through the {label.Split(' ')[0]} instance is not the same when read through the other ({label})");
        }

        return "a job created through each instance was read back through the other";
    }

    /// <summary>
    /// Unrecorded load on a freshly started instance (<see cref="ScaleBenchOptions.InstanceWarmup"/> of each operation),
    /// so that it runs compiled code as an instance that has served earlier parts does, before a comparison warms both
    /// of its sides up again.
    /// </summary>
    private async Task WarmUpAsync(string what, HttpClient client, IEnumerable<LoadOperation> operations, CancellationToken cancellationToken)
    {
        if (options.InstanceWarmup <= TimeSpan.Zero)
        {
            return;
        }

        Console.WriteLine($"  warming up {what} ({options.InstanceWarmup.TotalSeconds:0.#} s of each operation)…");
        var generator = new LoadGenerator(client, options.Concurrency, options.MaxRequestsPerSlice);
        foreach (var operation in operations)
        {
            await generator.RunSliceAsync(operation, options.InstanceWarmup, cancellationToken);
        }
    }

    private async Task<Comparison> CompareAsync(string title, Target baseline, Target candidate, Func<Target, Task<LoadOperation>> prepare, CpuMeter meter, CancellationToken cancellationToken)
    {
        var baselineOperation = await prepare(baseline);
        var candidateOperation = await prepare(candidate);
        return await Comparison.MeasureAsync(
            title,
            new Side(baseline.Label, new LoadGenerator(baseline.Client, options.Concurrency, options.MaxRequestsPerSlice), baselineOperation, baseline.ServerPids),
            new Side(candidate.Label, new LoadGenerator(candidate.Client, options.Concurrency, options.MaxRequestsPerSlice), candidateOperation, candidate.ServerPids),
            options, meter, cancellationToken);
    }

    private static async Task<LoadOperation> ServiceDocumentAsync(Target t)
    {
        using (var request = ClassicClient.Get(t.Classic.ServiceDocument))
        using (await Probe.SendAsync(t.Client, request, HttpStatusCode.OK, CancellationToken.None))
        {
        }

        return new LoadOperation(ScaleReport.ServiceDocument, HttpStatusCode.OK, () => ClassicClient.Get(t.Pick().ServiceDocument));
    }

    private static async Task<LoadOperation> GetJobAsync(Target t, long jobs)
    {
        foreach (var classic in t.All)
        {
            using var request = ClassicClient.Get(classic.Job(t.Name(jobs)));
            using var probe = await Probe.SendAsync(t.Client, request, HttpStatusCode.OK, CancellationToken.None);
            probe.Require(probe.Root.TryGetProperty("Name", out var n) && n.GetString() == t.Name(jobs), $"Get Job does not return Name '{t.Name(jobs)}'");
        }

        return new LoadOperation(ScaleReport.GetJob, HttpStatusCode.OK, () => ClassicClient.Get(t.Pick().Job(t.Name(Random.Shared.NextInt64(1, jobs + 1)))));
    }

    private async Task<LoadOperation> FirstPageAsync(Target t)
    {
        foreach (var classic in t.All)
        {
            using var request = ClassicClient.Get(ListWalker.WithTop(classic.JobsCollection, options.PageSize));
            using var probe = await Probe.SendAsync(t.Client, request, HttpStatusCode.OK, CancellationToken.None);
            var length = probe.Value().GetArrayLength();
            probe.Require(length > 0 && length <= options.PageSize, $"a page of {length} jobs for $top={options.PageSize}");
        }

        return new LoadOperation(ScaleReport.ListFirstPage, HttpStatusCode.OK, () => ClassicClient.Get(ListWalker.WithTop(t.Pick().JobsCollection, options.PageSize)));
    }

    private static Task<LoadOperation> RandomPageAsync(Target t, PageLinks pages) =>
        Task.FromResult(new LoadOperation(ScaleReport.ListRandomPage, HttpStatusCode.OK, () => ClassicClient.Get(pages.Page(Random.Shared.NextInt64(pages.Count)))));

    private async Task<LoadOperation> PutJobAsync(Target t, string tag)
    {
        foreach (var classic in t.All)
        {
            var name = NextPutName(tag);
            using (var put = classic.PutJob(name))
            using (await Probe.SendAsync(t.Client, put, HttpStatusCode.Created, CancellationToken.None))
            {
            }
        }

        return new LoadOperation(ScaleReport.PutJob, HttpStatusCode.Created, () => t.Pick().PutJob(NextPutName(tag)));
    }

    // Names of measured creates sort after the seeded "job…" names, so seeded pages keep their positions.
    private string NextPutName(string tag) => "put" + tag + Interlocked.Increment(ref _putCounter).ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>
    /// Links to every page of <paramref name="target"/>'s account (seeded jobs <c>job0000001</c>… in name order): the
    /// <c>$skiptoken</c> is built like the one of the server's own first <c>odata.nextLink</c>, and three pages
    /// (first, middle, last) are checked to start at the expected job.
    /// </summary>
    private async Task<PageLinks> PagesAsync(Target target, long jobs, CancellationToken cancellationToken)
    {
        string prefix;
        using (var request = ClassicClient.Get(target.Classic.JobsCollection))
        using (var probe = await Probe.SendAsync(target.Client, request, HttpStatusCode.OK, cancellationToken))
        {
            var next = probe.NextLinkOrNull();
            probe.Require(next is not null, "the first page of a large account has no odata.nextLink");
            var token = new Uri(next!).Query.TrimStart('?').Split('&').Select(Uri.UnescapeDataString)
                .FirstOrDefault(p => p.StartsWith("$skiptoken=", StringComparison.Ordinal))?["$skiptoken=".Length..];
            probe.Require(token is not null, $"odata.nextLink '{next}' has no $skiptoken");
            var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var lastKey = target.Name(options.PageSize).ToUpperInvariant();
            probe.Require(decoded.EndsWith(lastKey, StringComparison.Ordinal), $"the $skiptoken of '{next}' does not end with the page's last name key {lastKey}");
            prefix = decoded[..^lastKey.Length];
        }

        var pages = new PageLinks(target.Classic.JobsCollection, prefix + target.Prefix.ToUpperInvariant(), options.PageSize, jobs);
        foreach (var page in new[] { 0, pages.Count / 2, pages.Count - 1 })
        {
            using var request = ClassicClient.Get(pages.Page(page));
            using var probe = await Probe.SendAsync(target.Client, request, HttpStatusCode.OK, cancellationToken);
            var value = probe.Value();
            var expectedFirst = target.Name(page * options.PageSize + 1);
            var expectedLength = Math.Min(options.PageSize, jobs - page * options.PageSize);
            probe.Require(value.GetArrayLength() == expectedLength && value[0].TryGetProperty("Name", out var n) && n.GetString() == expectedFirst,
                $"page {page:N0} of {target.Classic.StorageAccount} should hold {expectedLength} jobs from {expectedFirst}");
            probe.Require(probe.Count() == jobs, $"odata.count {probe.Count():N0}, expected {jobs:N0}");
        }

        return pages;
    }

    private static string FileSystemOf(string path)
    {
        try
        {
            var best = ("", "unknown");
            foreach (var line in File.ReadLines("/proc/mounts"))
            {
                var fields = line.Split(' ');
                if (fields.Length > 2 && path.StartsWith(fields[1], StringComparison.Ordinal) && fields[1].Length >= best.Item1.Length)
                {
                    best = (fields[1], fields[2]);
                }
            }

            return best.Item2;
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

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

    private sealed record Instance(string Name, ServerProcess Process, string DataDirectory);

    /// <summary>Where a side's requests go: one instance, or (with <paramref name="Other"/>) two in turn.</summary>
    private sealed record Target(string Label, HttpClient Client, ClassicClient Classic, IReadOnlyList<int> ServerPids, ClassicClient? Other = null)
    {
        private long _turn;

        /// <summary>The prefix of the account's seeded job names.</summary>
        public string Prefix { get; init; } = "job";

        /// <summary>The name of seeded job <paramref name="index"/> (from 1), as <see cref="JobSeeder.Name"/> spells it for the "job" prefix.</summary>
        public string Name(long index) => Prefix + index.ToString("D7", CultureInfo.InvariantCulture);

        public IEnumerable<ClassicClient> All => Other is null ? [Classic] : [Classic, Other];

        /// <summary>The instance of the next request: round-robin when there are two.</summary>
        public ClassicClient Pick() => Other is null || (Interlocked.Increment(ref _turn) & 1) == 0 ? Classic : Other;
    }

    /// <summary>Every page of an account of seeded jobs, addressed by its index; <paramref name="TokenPrefix"/> ends with the upper-case name prefix.</summary>
    private sealed record PageLinks(Uri JobsCollection, string TokenPrefix, int PageSize, long Jobs)
    {
        public long Count => (Jobs + PageSize - 1) / PageSize;

        public Uri Page(long index)
        {
            if (index == 0)
            {
                return ListWalker.WithTop(JobsCollection, PageSize);
            }

            var token = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(TokenPrefix + (index * PageSize).ToString("D7", CultureInfo.InvariantCulture)));
            return new Uri($"{JobsCollection}?$skiptoken={token}&$top={PageSize}");
        }
    }

    /// <summary>The comparisons of one part, and the operations whose check failed (so they were not measured).</summary>
    private sealed class Measurements
    {
        public List<Comparison> Results { get; } = [];

        public List<NotMeasured> NotMeasured { get; } = [];

        public async Task TryAsync(string name, Func<Task<Comparison>> measure)
        {
            try
            {
                Results.Add(await measure());
            }
            catch (BenchmarkFailedException e)
            {
                // One operation failing its check must not cost the figures of the others.
                Console.WriteLine($"    {name} NOT MEASURED: {e.Message}");
                NotMeasured.Add(new NotMeasured(name, e.Message));
            }
        }
    }
}
