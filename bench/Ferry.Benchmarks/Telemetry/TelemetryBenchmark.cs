using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Ferry.Benchmarks.Telemetry;

/// <summary>
/// The telemetry cost benchmark (issue 14): two Release servers side by side on fresh SQLite data directories, one
/// with <c>Ferry:Telemetry:Enabled=false</c>, one with telemetry on and its <c>/metrics</c> scraped every second
/// (with the operator token) for the whole run. Each round measures Get Job and Put Job on both, the order
/// alternating (off, on, on, off, …) so drift in the shared machine falls on both alike; only one server is loaded
/// at a time. The result is the ratio of the summed requests over the summed time, on vs off.
/// </summary>
internal sealed class TelemetryBenchmark(TelemetryBenchOptions options)
{
    private const string StorageAccount = "benchaccount";
    private long _putCounter;

    public async Task<TelemetryReport> RunAsync(CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("ferry-bench-telemetry-");
        var failed = false;
        await using var off = await Side.StartAsync("off", options, root.FullName, ["--Ferry:Telemetry:Enabled", "false"], cancellationToken);
        await using var on = await Side.StartAsync("on", options, root.FullName, [], cancellationToken);
        using var stopScraping = new CancellationTokenSource();
        var scraping = on.ScrapeAsync(options.ScrapeInterval, stopScraping.Token);
        try
        {
            foreach (var side in new[] { off, on })
            {
                var seed = await new JobSeeder(side.Client, side.Classic, 24, TimeSpan.FromMinutes(5)).SeedAsync(1, options.Jobs, cancellationToken);
                if (seed.Created != options.Jobs)
                {
                    throw new BenchmarkFailedException($"Seeding the '{side.Name}' server created {seed.Created} of {options.Jobs} jobs.");
                }
            }

            var rows = new List<TelemetryRow>();
            foreach (var (name, status, request) in Operations())
            {
                Console.WriteLine($"== {name} ==");
                foreach (var side in new[] { off, on })
                {
                    await side.Generator.RunSliceAsync(new LoadOperation(name, status, () => request(side)), options.Warmup, cancellationToken);
                }

                var totals = new Dictionary<string, (long Requests, TimeSpan Time, long Failures)> { ["off"] = default, ["on"] = default };
                var perRound = new List<double>();
                for (var round = 0; round < options.Rounds; round++)
                {
                    var order = round % 2 == 0 ? new[] { off, on } : [on, off];
                    var rates = new Dictionary<string, double>();
                    foreach (var side in order)
                    {
                        var slice = await side.Generator.RunSliceAsync(new LoadOperation(name, status, () => request(side)), options.Slice, cancellationToken);
                        var (requests, time, failures) = totals[side.Name];
                        totals[side.Name] = (requests + slice.SuccessLatencyTicks.Length, time + slice.Elapsed, failures + slice.Failures);
                        rates[side.Name] = slice.SuccessLatencyTicks.Length / slice.Elapsed.TotalSeconds;
                        Console.WriteLine(Inv($"  round {round + 1} {side.Name,-3}: {rates[side.Name],8:N0} req/s, {slice.Failures} failed{(slice.FirstFailure is { } f ? " (" + f + ")" : "")}"));
                    }

                    perRound.Add(rates["on"] / rates["off"]);
                }

                rows.Add(new TelemetryRow(name,
                    totals["off"].Requests / totals["off"].Time.TotalSeconds, totals["on"].Requests / totals["on"].Time.TotalSeconds,
                    totals["off"].Failures + totals["on"].Failures, [.. perRound]));
            }

            await stopScraping.CancelAsync();
            var scrapes = await scraping;
            return new TelemetryReport(options, rows, scrapes, on.Arguments, off.Arguments);
        }
        catch (BenchmarkFailedException)
        {
            failed = true;
            throw;
        }
        finally
        {
            await stopScraping.CancelAsync();
            if (!failed)
            {
                try
                {
                    await off.DisposeAsync();
                    await on.DisposeAsync();
                    root.Delete(recursive: true);
                }
                catch (IOException)
                {
                    // Left for the OS's temp cleanup.
                }
            }
            else
            {
                Console.WriteLine($"Kept {root.FullName} (data directories and server logs).");
            }
        }
    }

    private IEnumerable<(string Name, HttpStatusCode Status, Func<Side, HttpRequestMessage> Request)> Operations()
    {
        yield return ("Get Job", HttpStatusCode.OK, s => ClassicClient.Get(s.Classic.Job(JobSeeder.Name(Random.Shared.NextInt64(1, options.Jobs + 1)))));
        yield return ("Put Job", HttpStatusCode.Created, s => s.Classic.PutJob("put" + Interlocked.Increment(ref _putCounter).ToString("D8", CultureInfo.InvariantCulture)));
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One server of the comparison, with its client and load generator.</summary>
    private sealed class Side : IAsyncDisposable
    {
        private readonly ServerProcess _server;
        private readonly ServerCredentials _credentials;
        private bool _disposed;

        private Side(string name, ServerProcess server, ServerCredentials credentials, TelemetryBenchOptions options)
        {
            Name = name;
            _server = server;
            _credentials = credentials;
            Client = ClassicClient.CreateHttpClient(credentials, options.Concurrency + 26, TimeSpan.FromSeconds(60));
            Classic = new ClassicClient(new Uri($"https://127.0.0.1:{server.Port}/{credentials.SubscriptionId}/services/importexport"), StorageAccount);
            Generator = new LoadGenerator(Client, options.Concurrency, long.MaxValue);
        }

        public string Name { get; }

        public HttpClient Client { get; }

        public ClassicClient Classic { get; }

        public LoadGenerator Generator { get; }

        public IReadOnlyList<string> Arguments => _server.Arguments;

        public static async Task<Side> StartAsync(string name, TelemetryBenchOptions options, string root, IReadOnlyList<string> switches, CancellationToken cancellationToken)
        {
            var dataDirectory = Path.Combine(root, name, "data");
            Directory.CreateDirectory(dataDirectory);
            var server = ServerProcess.Start(options.DotnetHost, options.ServerDll,
                ["--Ferry:Jobs:MaxActiveJobsPerSubscription", "1000000", "--Ferry:Database:SqliteSynchronous", "Normal", .. switches],
                dataDirectory, Path.Combine(root, name, "server.log"));
            Console.WriteLine($"Server '{name}' pid {server.ProcessId} on https://127.0.0.1:{server.Port}");
            var credentials = await server.WaitUntilReadyAsync(dataDirectory, TimeSpan.FromMinutes(2), cancellationToken);
            return new Side(name, server, credentials, options);
        }

        /// <summary>Scrapes <c>/metrics</c> every <paramref name="interval"/> until stopped; returns how many scrapes succeeded (a failure ends the run).</summary>
        public async Task<ScrapeStats> ScrapeAsync(TimeSpan interval, CancellationToken stop)
        {
            using var timer = new PeriodicTimer(interval);
            var count = 0;
            long bytes = 0;
            var latencies = new List<double>();
            try
            {
                while (await timer.WaitForNextTickAsync(stop))
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, $"https://127.0.0.1:{_server.Port}/metrics");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _credentials.OperatorToken);
                    var sent = Stopwatch.GetTimestamp();
                    using var response = await Client.SendAsync(request, stop);
                    var text = await response.Content.ReadAsStringAsync(stop);
                    if (response.StatusCode != HttpStatusCode.OK || !text.Contains("http_server_request_duration_seconds", StringComparison.Ordinal))
                    {
                        throw new BenchmarkFailedException($"Scraping /metrics answered {(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
                    }

                    latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    bytes = text.Length;
                    count++;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The run is over.
            }

            latencies.Sort();
            return new ScrapeStats(count, bytes, latencies.Count == 0 ? double.NaN : latencies[(int)Math.Ceiling(latencies.Count * 0.5) - 1],
                latencies.Count == 0 ? double.NaN : latencies[^1]);
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Client.Dispose();
            await _server.DisposeAsync();
        }
    }
}

/// <summary>One operation's comparison: throughput off and on over all rounds, failures, and each round's ratio.</summary>
internal sealed record TelemetryRow(string Operation, double OffRate, double OnRate, long Failures, double[] RoundRatios)
{
    public double Ratio => OnRate / OffRate;
}

/// <summary>The scrapes of the telemetry-on server during the run.</summary>
internal sealed record ScrapeStats(int Count, long LastBytes, double P50Ms, double MaxMs);

internal sealed record TelemetryReport(TelemetryBenchOptions Options, IReadOnlyList<TelemetryRow> Rows, ScrapeStats Scrapes, IReadOnlyList<string> OnArguments, IReadOnlyList<string> OffArguments)
{
    public const double Target = 0.95;

    public bool AllTargetsMet => Rows.All(r => r.Ratio >= Target && r.Failures == 0);
}
