using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Ferry.Benchmarks;

/// <summary>
/// The classic API load benchmark (issue 2): starts the server, seeds one account to the small and then the large
/// job count, and at each count measures Get Job, List Jobs and Put Job, each in slices that alternate with the
/// ceiling (Get Service Document) so that both see the same machine at the same time.
/// </summary>
internal sealed class ClassicLoadBenchmark(BenchOptions options)
{
    public const string StorageAccount = "benchaccount";

    private long _seededUpTo;
    private long _putCounter;

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("ferry-bench-");
        var dataDirectory = Path.Combine(root.FullName, "data");
        Directory.CreateDirectory(dataDirectory);
        var server = ServerProcess.Start(options, dataDirectory, Path.Combine(root.FullName, "server.log"));
        Console.WriteLine($"Server pid {server.ProcessId} on https://127.0.0.1:{server.Port}, data {dataDirectory}");
        var failed = false;
        var sampler = new MemorySampler(server);
        using var stopSampling = new CancellationTokenSource();
        var sampling = sampler.RunAsync(stopSampling.Token);
        try
        {
            var credentials = await server.WaitUntilReadyAsync(dataDirectory, TimeSpan.FromMinutes(2), cancellationToken);
            var connections = Math.Max(options.Concurrency, options.SeedConcurrency) + 2;
            using var client = ClassicClient.CreateHttpClient(credentials, connections, TimeSpan.FromSeconds(60));
            var classic = new ClassicClient(new Uri($"https://127.0.0.1:{server.Port}/{credentials.SubscriptionId}/services/importexport"), StorageAccount);
            var ceiling = await CeilingAsync(client, classic, cancellationToken);
            var generator = new LoadGenerator(client, options.Concurrency, options.MaxRequestsPerSlice);
            var seeder = new JobSeeder(client, classic, options.SeedConcurrency, options.SeedTimeout);
            var context = new PhaseContext(client, classic, generator, seeder, ceiling, server);

            var small = await PhaseAsync(context, options.JobsSmall, "s", jobsNow: 0, cancellationToken);
            var large = await PhaseAsync(context, options.JobsLarge, "l", small.JobsAtEnd, cancellationToken);

            var final = server.ReadMemoryOrNull() ?? throw new BenchmarkFailedException("Could not read /proc/<pid>/status of the server at the end.");
            return new BenchReport(options, [small, large], final, sampler.MaxRssKiB, server.Arguments, dataDirectory);
        }
        catch (BenchmarkFailedException e)
        {
            failed = true;
            var exited = server.HasExited ? "\nThe server process has exited." : "";
            throw new BenchmarkFailedException($"{e.Message}{exited}\n{server.FirstErrorInLog()}\n{server.LogTail()}\n(kept {root.FullName})", e);
        }
        finally
        {
            await stopSampling.CancelAsync();
            await sampling;
            await server.DisposeAsync();
            if (options.KeepData || failed)
            {
                Console.WriteLine($"Kept {root.FullName} (data directory and server.log).");
            }
            else
            {
                TryDelete(root);
            }
        }
    }

    private async Task<PhaseResult> PhaseAsync(PhaseContext c, int jobs, string tag, long jobsNow, CancellationToken cancellationToken)
    {
        Console.WriteLine($"== {jobs:N0} jobs in the account ==");
        var missing = jobs - jobsNow;
        var seed = await c.Seeder.SeedAsync(_seededUpTo + 1, _seededUpTo + missing, cancellationToken);
        var count = await Probe.CountJobsAsync(c.Client, c.Classic, cancellationToken);
        if (count != jobsNow + seed.Created)
        {
            throw new BenchmarkFailedException($"After seeding, List Jobs reports odata.count {count:N0}; expected {jobsNow + seed.Created:N0}.");
        }

        // Workers take indexes in order, so after a timeout the created jobs are the lowest indexes give or take the
        // requests that were in flight; Get Job only draws from indexes known to exist.
        _seededUpTo += seed.TimedOut ? Math.Max(0, seed.Created - options.SeedConcurrency) : missing;
        var target = jobs;
        jobs = (int)count;

        Console.WriteLine("  walking the List Jobs chain…");
        var walk = await new ListWalker(c.Client, c.Classic).WalkAsync(jobs, cancellationToken);
        Console.WriteLine($"  {walk.Pages:N0} pages of up to {walk.ServerPageSize} jobs, p50 {walk.PageLatency.P50Ms:0.00} ms");

        var results = new List<PairedResult>();
        var notMeasured = new List<NotMeasured>();
        async Task TryMeasureAsync(string name, Func<Task<LoadOperation>> prepare)
        {
            try
            {
                results.Add(await MeasureAsync(c, await prepare(), await Probe.CountJobsAsync(c.Client, c.Classic, cancellationToken), cancellationToken));
            }
            catch (BenchmarkFailedException e) when (!c.Server.HasExited)
            {
                // One operation failing its check must not cost the figures of the others.
                Console.WriteLine($"    {name} NOT MEASURED: {e.Message}");
                notMeasured.Add(new NotMeasured(name, e.Message));
            }
        }

        await TryMeasureAsync("Get Job", () => Task.FromResult(GetJob(c)));
        await TryMeasureAsync("List Jobs", () => ListJobsAsync(c, walk, cancellationToken));
        await TryMeasureAsync("Put Job", () => PutJobAsync(c, tag, cancellationToken));
        var jobsAtEnd = await Probe.CountJobsAsync(c.Client, c.Classic, cancellationToken);
        var memory = c.Server.ReadMemoryOrNull();
        return new PhaseResult(target, jobs, seed, walk, results, notMeasured, jobsAtEnd, memory);
    }

    private async Task<PairedResult> MeasureAsync(PhaseContext c, LoadOperation operation, long jobsBefore, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  measuring {operation.Name} beside the ceiling…");
        if (options.Warmup > TimeSpan.Zero)
        {
            await c.Generator.RunSliceAsync(c.Ceiling, options.Warmup, cancellationToken);
            await c.Generator.RunSliceAsync(operation, options.Warmup, cancellationToken);
        }

        var slice = options.Duration / options.Rounds;
        var ceilingSlices = new List<SliceResult>();
        var operationSlices = new List<SliceResult>();
        for (var round = 0; round < options.Rounds; round++)
        {
            ceilingSlices.Add(await c.Generator.RunSliceAsync(c.Ceiling, slice, cancellationToken));
            operationSlices.Add(await c.Generator.RunSliceAsync(operation, slice, cancellationToken));
        }

        // One more ceiling slice, so every operation slice sits between two ceiling slices.
        ceilingSlices.Add(await c.Generator.RunSliceAsync(c.Ceiling, slice, cancellationToken));
        var jobsAfter = await Probe.CountJobsAsync(c.Client, c.Classic, cancellationToken);
        var result = new PairedResult(operation.Name, LatencySummary.From(operation.Name, operationSlices), LatencySummary.From(c.Ceiling.Name, ceilingSlices), jobsBefore, jobsAfter);
        Console.WriteLine(
            $"    {operation.Name}: {result.Operation.RequestsPerSecond:N0} req/s p50 {result.Operation.P50Ms:0.00} ms p99 {result.Operation.P99Ms:0.00} ms"
            + $" | ceiling {result.Ceiling.RequestsPerSecond:N0} req/s | ratio {result.Ratio * 100:0}% | errors {result.Operation.Failures + result.Ceiling.Failures}");
        foreach (var failure in new[] { result.Operation.FirstFailure, result.Ceiling.FirstFailure }.OfType<string>())
        {
            Console.WriteLine($"    first failure: {failure}");
        }

        return result;
    }

    private static async Task<LoadOperation> CeilingAsync(HttpClient client, ClassicClient classic, CancellationToken cancellationToken)
    {
        using (var request = ClassicClient.Get(classic.ServiceDocument))
        using (var probe = await Probe.SendAsync(client, request, HttpStatusCode.OK, cancellationToken))
        {
            probe.Require(probe.Root.ValueKind == JsonValueKind.Object && probe.Root.TryGetProperty("value", out _), "the service document has no 'value'");
        }

        return new LoadOperation("Get Service Document", HttpStatusCode.OK, () => ClassicClient.Get(classic.ServiceDocument));
    }

    private LoadOperation GetJob(PhaseContext c)
    {
        var seeded = _seededUpTo;
        return new LoadOperation("Get Job", HttpStatusCode.OK, () => ClassicClient.Get(c.Classic.Job(JobSeeder.Name(Random.Shared.NextInt64(1, seeded + 1)))));
    }

    private async Task<LoadOperation> ListJobsAsync(PhaseContext c, ListWalk walk, CancellationToken cancellationToken)
    {
        // The first page and a page after every nextLink of the walk: uniform over the whole list, so a cost that
        // grows with the depth of the page (an OFFSET scan) shows in the median.
        Uri[] pages = [ListWalker.WithTop(c.Classic.JobsCollection, options.PageSize), .. walk.NextLinks.Select(l => ListWalker.WithTop(l, options.PageSize))];
        foreach (var uri in new[] { pages[0], pages[pages.Length / 2], pages[^1] }.Distinct())
        {
            using var request = ClassicClient.Get(uri);
            using var probe = await Probe.SendAsync(c.Client, request, HttpStatusCode.OK, cancellationToken);
            var length = probe.Value().GetArrayLength();
            probe.Require(length > 0 && length <= options.PageSize, $"a page of {length} jobs for $top={options.PageSize}");
        }

        return new LoadOperation($"List Jobs ($top={options.PageSize})", HttpStatusCode.OK, () => ClassicClient.Get(pages[Random.Shared.Next(pages.Length)]));
    }

    private async Task<LoadOperation> PutJobAsync(PhaseContext c, string tag, CancellationToken cancellationToken)
    {
        var name = NextPutName(tag);
        using (var put = c.Classic.PutJob(name))
        using (await Probe.SendAsync(c.Client, put, HttpStatusCode.Created, cancellationToken))
        {
        }

        using (var get = ClassicClient.Get(c.Classic.Job(name)))
        using (var probe = await Probe.SendAsync(c.Client, get, HttpStatusCode.OK, cancellationToken))
        {
            probe.Require(probe.Root.TryGetProperty("Name", out var n) && n.GetString() == name, $"Get Job after Put Job does not return Name '{name}'");
        }

        return new LoadOperation("Put Job", HttpStatusCode.Created, () => c.Classic.PutJob(NextPutName(tag)));
    }

    // Names of measured creates sort after the seeded "job…" names, so seeded pages keep their positions.
    private string NextPutName(string tag) => "put" + tag + Interlocked.Increment(ref _putCounter).ToString("D8", CultureInfo.InvariantCulture);

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

    private sealed record PhaseContext(HttpClient Client, ClassicClient Classic, LoadGenerator Generator, JobSeeder Seeder, LoadOperation Ceiling, ServerProcess Server);
}
