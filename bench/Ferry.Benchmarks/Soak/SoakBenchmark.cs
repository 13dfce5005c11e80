using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ferry.Benchmarks.Transfer;

namespace Ferry.Benchmarks.Soak;

/// <summary>
/// The soak benchmark (issue 13): the Release server (with Azurite for the transfers) under a steady, modest mixed load
/// for the warm-up plus the duration (<see cref="SoakLoad"/>, <see cref="SoakTransfers"/>, webhook deliveries to
/// <see cref="WebhookSink"/>), its RSS sampled on a fixed grid; then the mean RSS of the first window after the
/// warm-up is compared with that of the last, and every error is counted.
/// </summary>
internal sealed class SoakBenchmark(SoakBenchOptions options)
{
    public const string StorageAccount = "soakaccount";

    public async Task<SoakReport> RunAsync(CancellationToken cancellationToken)
    {
        var parent = options.WorkDirectory is { } w ? Directory.CreateDirectory(w).FullName : Path.GetTempPath();
        var root = Directory.CreateDirectory(Path.Combine(parent, $"ferry-soak-{Guid.NewGuid():N}"[..20]));
        Console.WriteLine($"Working in {root.FullName}");
        var failed = false;
        try
        {
            return await RunInAsync(root.FullName, cancellationToken);
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
                Console.WriteLine($"Kept {root.FullName} (data directory, drive, server.log, azurite.log).");
            }
            else
            {
                try
                {
                    root.Delete(recursive: true);
                }
                catch (IOException e)
                {
                    await Console.Error.WriteLineAsync($"warning: could not delete {root.FullName}: {e.Message}");
                }
            }
        }
    }

    private async Task<SoakReport> RunInAsync(string root, CancellationToken cancellationToken)
    {
        var transfers = options.TransferEvery > TimeSpan.Zero;
        var transferOptions = new TransferBenchOptions
        {
            CliDll = options.CliDll,
            DotnetHost = options.DotnetHost,
            AzuriteScript = options.AzuriteScript,
            NodeHost = options.NodeHost,
        };
        Dataset? dataset = null;
        PreparedDrive? drive = null;
        var driveFolder = Path.Combine(root, "drive");
        if (transfers)
        {
            Console.WriteLine($"Preparing the transfers' drive ({options.TransferMiB} MiB)…");
            dataset = await Dataset.GenerateAsync(Path.Combine(root, "dataset"), options.TransferMiB, seed: 13, cancellationToken);
            var prepare = await new LocalCopies(transferOptions, dataset, root).PrepareAsync(driveFolder, Path.Combine(root, "journal"), "soak", cancellationToken);
            drive = prepare.Drive;
            Console.WriteLine($"  {dataset.Files.Count:N0} files, drive {drive.DriveId}");
        }

        await using var azurite = transfers
            ? await AzuriteProcess.StartAsync(transferOptions, ServerProcess.FreeLoopbackPort(), Path.Combine(root, "azurite.log"), TimeSpan.FromMinutes(1), cancellationToken)
            : null;
        var dataDirectory = Directory.CreateDirectory(Path.Combine(root, "server-data")).FullName;
        List<string> switches = ["--Ferry:Jobs:MaxActiveJobsPerSubscription", "1000000"];
        if (azurite is not null)
        {
            switches.AddRange(["--Ferry:Transfer:BlobEndpoint", azurite.EndpointTemplate]);
        }

        if (options.Webhook)
        {
            // The sink listens on loopback, which webhooks may reach only when allowed (docs/architecture.md §8.4).
            switches.AddRange(["--Ferry:Webhooks:AllowedHosts:0", "127.0.0.1"]);
        }

        switches.AddRange(options.ServerArgs);
        await using var server = ServerProcess.Start(options.DotnetHost, options.ServerDll, switches, dataDirectory, Path.Combine(root, "server.log"), options.ServerEnvironment);
        Console.WriteLine($"Server pid {server.ProcessId} on https://127.0.0.1:{server.Port}, data {dataDirectory}{(azurite is null ? "" : $"; Azurite on {azurite.EndpointTemplate}")}");
        await using var sink = options.Webhook ? WebhookSink.Start("whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))) : null;
        try
        {
            var credentials = await server.WaitUntilReadyAsync(dataDirectory, TimeSpan.FromMinutes(2), cancellationToken);
            using var client = ClassicClient.CreateHttpClient(credentials, options.Workers + 4, TimeSpan.FromSeconds(30));
            var serviceBase = $"https://127.0.0.1:{server.Port}/{credentials.SubscriptionId}/services";
            var classic = new ClassicClient(new Uri(serviceBase + "/importexport"), StorageAccount);

            Console.WriteLine($"Creating {options.BaseJobs:N0} base jobs…");
            var seed = await new JobSeeder(client, classic, concurrency: 8, TimeSpan.FromMinutes(10)).SeedAsync(1, options.BaseJobs, cancellationToken);
            if (seed.Created != options.BaseJobs)
            {
                throw new BenchmarkFailedException($"Seeding created {seed.Created} of {options.BaseJobs} base jobs.");
            }

            string? webhookId = null;
            if (sink is not null)
            {
                webhookId = await AddWebhookAsync(client, serviceBase, sink, cancellationToken);
                Console.WriteLine($"Webhook {webhookId} → {sink.Url}");
            }

            var load = new SoakLoad(client, classic, options, options.BaseJobs);
            var transferRuns = transfers
                ? new SoakTransfers(new FerryImport(client, credentials, server.Port), new BlobStore(azurite!), dataset!, drive!, driveFolder, options)
                : null;
            var sampler = new SoakSampler(server.ProcessId, options.SampleInterval, () => (load.Requests, load.Errors + (transferRuns?.Errors ?? 0), transferRuns?.Completed ?? 0, sink?.Requests ?? 0));

            var total = options.Warmup + options.Duration;
            Console.WriteLine($"Mixed load for {total} (warm-up {options.Warmup}, then {options.Duration} measured): {options.Rate} req/s over {options.Workers} workers"
                + (transfers ? $", a transfer every {options.TransferEvery}" : "") + (sink is null ? "" : ", webhook deliveries") + $"; RSS every {options.SampleInterval.TotalSeconds:0} s");
            using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var started = Stopwatch.GetTimestamp();
            var sampling = sampler.RunAsync(started, stopSampling.Token);
            var loadTask = load.RunAsync(stopLoad.Token);
            var transferTask = transferRuns?.RunAsync(stopLoad.Token, cancellationToken) ?? Task.CompletedTask;
            var exited = await WaitAsync(server, total, started, cancellationToken);
            await stopSampling.CancelAsync();
            await sampling;
            await stopLoad.CancelAsync();
            await loadTask;
            var loadElapsed = Stopwatch.GetElapsedTime(started);
            Console.WriteLine($"Load stopped after {loadElapsed.TotalMinutes:0.0} min: {load.Requests:N0} requests, {load.Errors} errors; waiting for the transfer in flight…");
            await transferTask;

            WebhookOutcome? webhooks = null;
            if (sink is not null)
            {
                IEnumerable<string> expected = load.ExpectedEvents;
                if (transferRuns is not null)
                {
                    expected = expected.Concat(transferRuns.ExpectedEvents);
                }

                webhooks = await DrainAsync(client, serviceBase, webhookId!, sink, [.. expected], cancellationToken);
            }

            var peak = server.ReadMemoryOrNull()?.PeakRssKiB ?? 0;
            return new SoakReport(
                options, sampler.Samples, loadElapsed, load.RequestsByOperation, load.Errors, load.Failures,
                transferRuns?.Started ?? 0, transferRuns?.Completed ?? 0, transferRuns?.Errors ?? 0, transferRuns?.Skipped ?? 0, transferRuns?.Times ?? [], transferRuns?.Failures ?? [],
                dataset?.Bytes ?? 0, dataset?.Files.Count ?? 0, webhooks, exited || server.HasExited, peak, server.Arguments);
        }
        catch (BenchmarkFailedException e)
        {
            var exited = server.HasExited ? "\nThe server process has exited." : "";
            throw new BenchmarkFailedException($"{e.Message}{exited}\n{server.FirstErrorInLog()}\n{server.LogTail()}", e);
        }
    }

    /// <summary>Waits out the load's time; true when the server exited before it was up.</summary>
    private static async Task<bool> WaitAsync(ServerProcess server, TimeSpan total, long started, CancellationToken cancellationToken)
    {
        while (Stopwatch.GetElapsedTime(started) < total)
        {
            if (server.HasExited)
            {
                Console.WriteLine("ERROR: the server exited during the load.");
                return true;
            }

            var left = total - Stopwatch.GetElapsedTime(started);
            await Task.Delay(left < TimeSpan.FromSeconds(1) ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : TimeSpan.FromSeconds(1), TimeProvider.System, cancellationToken);
        }

        return false;
    }

    /// <summary>Add a webhook (docs/operator-api.md §3) pointing at the sink; returns its id.</summary>
    private static async Task<string> AddWebhookAsync(HttpClient client, string serviceBase, WebhookSink sink, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["url"] = sink.Url.ToString(), ["secret"] = sink.Secret };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(serviceBase + "/ferry/webhooks"))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        using var probe = await Probe.SendAsync(client, request, HttpStatusCode.Created, cancellationToken);
        probe.Require(probe.Root.TryGetProperty("id", out var id) && id.GetString() is { Length: > 0 }, "Add a webhook answered without an id");
        return probe.Root.GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Waits (up to the drain timeout) until every expected event has arrived, then reads the statuses of the webhook's
    /// newest deliveries (at most 100, docs/operator-api.md §3).
    /// </summary>
    private async Task<WebhookOutcome> DrainAsync(HttpClient client, string serviceBase, string webhookId, WebhookSink sink, HashSet<string> expected, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Waiting for {expected.Count:N0} expected webhook events (received {sink.DistinctEvents:N0} distinct so far)…");
        var started = Stopwatch.GetTimestamp();
        List<string> missing;
        while (true)
        {
            var received = sink.ReceivedKeys();
            missing = [.. expected.Where(e => !received.Contains(e))];
            if (missing.Count == 0 || Stopwatch.GetElapsedTime(started) >= options.DrainTimeout)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, cancellationToken);
        }

        var drain = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"  {expected.Count - missing.Count:N0}/{expected.Count:N0} arrived after {drain.TotalSeconds:0} s; {sink.Requests:N0} POSTs, {sink.BadRequests} bad");
        var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var request = ClassicClient.Get(new Uri($"{serviceBase}/ferry/webhooks/{webhookId}/deliveries")))
        using (var probe = await Probe.SendAsync(client, request, HttpStatusCode.OK, cancellationToken))
        {
            foreach (var delivery in probe.Root.GetProperty("value").EnumerateArray())
            {
                var status = delivery.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "?";
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }
        }

        return new WebhookOutcome(expected.Count, missing.Count, [.. missing.Take(5)], sink.Requests, sink.DistinctEvents, sink.BadRequests, sink.FirstProblem, drain, statuses);
    }

    internal static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}
