using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ferry.Benchmarks.Scale;
using Ferry.Benchmarks.Transfer;

namespace Ferry.Benchmarks.Api;

/// <summary>
/// The API benchmark of issue 15. One load client measures, in one run and in interleaved slices, Ferry on SQLite
/// (the default <c>synchronous=FULL</c>) and on a throwaway PostgreSQL, and Azurite (the API peer, over HTTPS too):
/// Get Service Document (the ceiling), classic Get Job, ARM Get Job, Put Job, Update Job Properties and Delete Job,
/// beside Get Container Properties, Create Container, Set Container Metadata and Delete Container; first at the
/// small job count (seeded through the API), then at the large one (bulk-seeded, servers restarted). Each round runs
/// one slice of every operation on every target, the target order reversed every other round, so drift on the
/// shared machine falls on all alike. The machine's load is sampled before and after (<see cref="MachineLoad"/>).
/// </summary>
internal sealed class ApiBenchmark(ApiBenchOptions options)
{
    public const string Account = "benchaccount";
    public const string LargeAccount = "benchlarge";
    public const string LargePrefix = "lrg";

    private static readonly TimeSpan _maxSettle = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan _settleStep = TimeSpan.FromSeconds(10);
    private readonly List<string> _failures = [];
    private long _putCounter;
    private long _containerCounter;
    private long _updateCounter;
    private bool _traced;
    private string? _traceResult;

    public async Task<ApiReport> RunAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine($"Watching the machine for {options.LoadSample.TotalSeconds:0.#} s before the run…");
        var before = await MachineLoad.SampleAsync(options.LoadSample, [], cancellationToken);
        var beforeVerdict = MachineLoad.Judge(before, options.LoadLimits, judgeLoadAverage: true);

        // The script's own Release build just ran, and the 1-minute load average remembers it for a minute or two. While
        // nothing else is using the cores (only the average is over its bar), give it up to two minutes to settle.
        for (var settled = TimeSpan.Zero; beforeVerdict.Busy && settled < _maxSettle
             && !MachineLoad.Judge(before, options.LoadLimits, judgeLoadAverage: false).Busy; settled += _settleStep)
        {
            Console.WriteLine($"Waiting for the load average to settle: {before.Describe()}");
            await Task.Delay(_settleStep, cancellationToken);
            before = await MachineLoad.SampleAsync(options.LoadSample, [], cancellationToken);
            beforeVerdict = MachineLoad.Judge(before, options.LoadLimits, judgeLoadAverage: true);
        }

        Console.WriteLine($"Before: {before.Describe()}: {beforeVerdict.Describe()}");
        if (beforeVerdict.Busy && !options.AllowBusy)
        {
            throw new MachineBusyException($"The machine is busy before the run ({beforeVerdict.Describe()}). Nothing was measured; wait for a quiet machine, or pass --allow-busy for a provisional report.");
        }

        var root = Directory.CreateTempSubdirectory("ferry-bench-api-");
        Console.WriteLine($"Working in {root.FullName}");
        var failed = false;
        try
        {
            var (phases, azuriteArguments, postgresDescription, serverArguments) = await RunPhasesAsync(root.FullName, cancellationToken);
            Console.WriteLine($"Watching the machine for {options.LoadSample.TotalSeconds:0.#} s after the run…");
            var after = await MachineLoad.SampleAsync(options.LoadSample, [], cancellationToken);
            var afterVerdict = MachineLoad.Judge(after, options.LoadLimits, judgeLoadAverage: false);
            Console.WriteLine($"After: {after.Describe()}: {afterVerdict.Describe()}");
            var targets = ApiTargets.Evaluate(phases, options.JobsSmall, options.JobsLarge);
            return new ApiReport(options, before, beforeVerdict, after, afterVerdict, phases, targets, azuriteArguments, postgresDescription, serverArguments, _traceResult, _failures);
        }
        catch (BenchmarkFailedException)
        {
            failed = true;
            throw;
        }
        finally
        {
            if (options.KeepData || failed)
            {
                Console.WriteLine($"Kept {root.FullName} (data directories and logs).");
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

    private async Task<(List<ApiPhaseResult>, IReadOnlyList<string>, string?, IReadOnlyList<string>)> RunPhasesAsync(string root, CancellationToken cancellationToken)
    {
        // Azurite over HTTPS like Ferry, with a certificate of its own that only this run trusts.
        var (certificate, key, hash) = WriteAzuriteCertificate(root);
        var azuriteOptions = new TransferBenchOptions { AzuriteScript = options.AzuriteScript, NodeHost = options.NodeHost, AzuriteArgs = ["--cert", certificate, "--key", key] };
        await using var azurite = await AzuriteProcess.StartAsync(azuriteOptions, ServerProcess.FreeLoopbackPort(), Path.Combine(root, "azurite.log"), TimeSpan.FromMinutes(1), cancellationToken);
        Console.WriteLine($"Azurite pid {azurite.ProcessId} on https://127.0.0.1:{azurite.Port}");
        using var azuriteClient = AzuriteClient(hash);
        var azuriteRequests = new AzuriteRequests(new Uri($"https://127.0.0.1:{azurite.Port}/{AzuriteProcess.AccountName}"));
        var peer = new AzuritePeer(azuriteClient, azuriteRequests, azurite.ProcessId, this);
        await peer.SetUpAsync(options.AzuriteContainers, cancellationToken);

        PostgresServer? postgres = null;
        try
        {
            if (!options.SkipPostgres)
            {
                postgres = await PostgresServer.StartAsync(options.PgBin, cancellationToken);
                postgres.Keep = options.KeepData;
                Console.WriteLine($"PostgreSQL: {string.Join(", ", await postgres.ReadSettingsAsync(cancellationToken))}; database {postgres.DatabaseName}");
            }

            var meter = new CpuMeter(postgres?.PostmasterPidOrNull());
            var sides = new List<FerrySide>();
            try
            {
                sides.Add(await FerrySide.StartAsync(ApiBackend.Sqlite, root, "sqlite", null, options, this, null, cancellationToken));
                if (postgres is not null)
                {
                    sides.Add(await FerrySide.StartAsync(ApiBackend.PostgreSql, root, "postgresql", postgres.ConnectionString, options, this, null, cancellationToken));
                }

                var startMemory = sides.ToDictionary(s => s.Backend, s => s.Server.ReadMemoryOrNull());
                foreach (var side in sides)
                {
                    Console.WriteLine($"{ApiOperations.BackendTitle(side.Backend)}: pid {side.Server.ProcessId} on https://127.0.0.1:{side.Server.Port}, RSS after start {startMemory[side.Backend]?.RssMiB:0.0} MiB");
                }

                var seeding = new Dictionary<ApiBackend, string>();
                foreach (var side in sides)
                {
                    seeding[side.Backend] = await SeedSmallAsync(side, cancellationToken);
                }

                var jobs = new Dictionary<ApiBackend, long>();
                foreach (var side in sides)
                {
                    jobs[side.Backend] = await Probe.CountJobsAsync(side.Client, side.Classic, cancellationToken) + options.ArmJobs + 1;
                }

                var small = await MeasurePhaseAsync(ApiPhaseSize.Small, options.JobsSmall, sides, peer, meter, startMemory, jobs, seeding, cancellationToken);
                var phases = new List<ApiPhaseResult> { small };
                var serverArguments = sides[0].Server.Arguments;
                if (!options.SkipLarge)
                {
                    // The large phase: every server stopped, its database filled by copying a template job, started again.
                    var largeSides = new List<FerrySide>();
                    var largeSeeding = new Dictionary<ApiBackend, string>();
                    var largeJobs = new Dictionary<ApiBackend, long>();
                    foreach (var side in sides.ToList())
                    {
                        await side.DisposeAsync();
                        sides.Remove(side);
                        var lastIndex = options.JobsLarge - side.JobsBeforeLarge;
                        Console.WriteLine($"  bulk insert of {lastIndex:N0} jobs into {LargeAccount} ({ApiOperations.BackendTitle(side.Backend)})…");
                        var outcome = side.Backend == ApiBackend.Sqlite
                            ? await SqliteBulkSeeder.SeedAsync(Path.Combine(side.DataDirectory, SqliteBulkSeeder.FileName), side.Credentials.SubscriptionId, LargeAccount, LargePrefix, lastIndex, TimeSpan.FromMinutes(30), cancellationToken)
                            : await BulkSeeder.SeedAsync(postgres!.ConnectionString, side.Credentials.SubscriptionId, LargeAccount, LargePrefix, lastIndex, TimeSpan.FromMinutes(30), cancellationToken);
                        largeSeeding[side.Backend] = Inv($"{outcome.Inserted:N0} copies of a template job in {outcome.InsertTime.TotalSeconds:0.0} s, then {outcome.Maintenance} in {outcome.MaintenanceTime.TotalSeconds:0.0} s");
                        largeJobs[side.Backend] = outcome.JobsTableRows;
                        var restarted = await FerrySide.StartAsync(side.Backend, root, side.Name, side.ConnectionString, options, this, side.Credentials, cancellationToken);
                        restarted.Account = LargeAccount;
                        restarted.Prefix = LargePrefix;
                        restarted.SeededJobs = lastIndex;
                        largeSides.Add(restarted);
                        sides.Add(restarted);
                    }

                    var largeStart = largeSides.ToDictionary(s => s.Backend, s => s.Server.ReadMemoryOrNull());
                    foreach (var side in largeSides)
                    {
                        await side.CheckAsync(cancellationToken);
                    }

                    phases.Add(await MeasurePhaseAsync(ApiPhaseSize.Large, options.JobsLarge, largeSides, peer, meter, largeStart, largeJobs, largeSeeding, cancellationToken));
                }

                return (phases, azurite.Arguments, postgres?.Description, serverArguments);
            }
            catch (BenchmarkFailedException e)
            {
                var logs = string.Join('\n', sides.Select(s => $"[{s.Name}]{(s.Server.HasExited ? " (exited)" : "")}\n{s.Server.FirstErrorInLog()}\n{s.Server.LogTail(15)}"));
                throw new BenchmarkFailedException($"{e.Message}\n{logs}", e);
            }
            finally
            {
                foreach (var side in sides)
                {
                    await side.DisposeAsync();
                }
            }
        }
        finally
        {
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }
        }
    }

    /// <summary>Seeds the small phase through the API: classic jobs, ARM jobs, and the template job of the large account.</summary>
    private async Task<string> SeedSmallAsync(FerrySide side, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  seeding {options.JobsSmall:N0} classic and {options.ArmJobs:N0} ARM jobs on {ApiOperations.BackendTitle(side.Backend)}…");
        var seed = await new JobSeeder(side.Client, side.Classic, options.Concurrency, TimeSpan.FromMinutes(10)).SeedAsync(1, options.JobsSmall, cancellationToken);
        if (seed.Created != options.JobsSmall)
        {
            throw new BenchmarkFailedException($"Seeding {ApiOperations.BackendTitle(side.Backend)} created {seed.Created:N0} of {options.JobsSmall:N0} jobs{(seed.TimedOut ? " (timed out)" : "")}.");
        }

        var armStarted = TimeProvider.System.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(1, options.ArmJobs), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken }, async (i, token) =>
        {
            using var put = side.Requests.ArmPutJob(FerryRequests.ArmName(i));
            using (await Probe.SendAsync(side.Client, put, HttpStatusCode.Created, token))
            {
            }
        });
        var armTook = TimeProvider.System.GetElapsedTime(armStarted);

        // The template of the large phase's bulk copy: a real job created through Put Job, with its drive.
        var template = new ClassicClient(side.Classic.ServiceBase, LargeAccount);
        using (var put = template.PutJob(LargePrefix + "0000001"))
        using (await Probe.SendAsync(side.Client, put, HttpStatusCode.Created, cancellationToken))
        {
        }

        side.SeededJobs = options.JobsSmall;
        await side.CheckAsync(cancellationToken);
        return Inv($"{seed.Created:N0} classic jobs through Put Job in {seed.Took.TotalSeconds:0.0} s ({options.Concurrency} at a time), {options.ArmJobs:N0} ARM jobs through Jobs_Create in {armTook.TotalSeconds:0.0} s");
    }

    private async Task<ApiPhaseResult> MeasurePhaseAsync(
        ApiPhaseSize size, long targetJobs, IReadOnlyList<FerrySide> sides, AzuritePeer peer, CpuMeter meter,
        IReadOnlyDictionary<ApiBackend, MemorySample?> startMemory, IReadOnlyDictionary<ApiBackend, long> jobs, IReadOnlyDictionary<ApiBackend, string> seeding, CancellationToken cancellationToken)
    {
        Console.WriteLine($"== {size} phase: {targetJobs:N0} jobs ==");
        var slices = new List<Slice>();
        foreach (var operation in ApiOperations.FerryOperations)
        {
            slices.AddRange(sides.Select(s => new Slice(s.Backend, operation, s.Operation(operation), [s.Server.ProcessId], s.Server.ProcessId)));
            if (ApiOperations.PeerOf(operation) is { } peerOperation)
            {
                slices.Add(new Slice(ApiBackend.Azurite, peerOperation, peer.Operation(peerOperation), [peer.ProcessId], null));
            }
        }

        Console.WriteLine($"  warm-up: {options.Warmup.TotalSeconds:0.#} s of each of {slices.Count} slices");
        foreach (var slice in slices)
        {
            await RunSliceAsync(slice, options.Warmup, meter, size, measured: false, cancellationToken);
        }

        var warmMemory = sides.ToDictionary(s => s.Backend, s => s.Server.ReadMemoryOrNull());
        var recorded = new Dictionary<(ApiBackend, ApiOperation), List<(SliceResult Result, CpuUse Cpu)>>();
        for (var round = 0; round < options.Rounds; round++)
        {
            Console.WriteLine($"  round {round + 1} of {options.Rounds}");
            foreach (var group in slices.GroupBy(s => ApiOperations.FerryOperations.First(f => f == s.Operation || ApiOperations.PeerOf(f) == s.Operation)))
            {
                var ordered = round % 2 == 0 ? group.ToList() : group.Reverse().ToList();
                foreach (var slice in ordered)
                {
                    var outcome = await RunSliceAsync(slice, options.Slice, meter, size, measured: true, cancellationToken);
                    if (outcome is { } o)
                    {
                        if (!recorded.TryGetValue((slice.Backend, slice.Operation), out var list))
                        {
                            recorded[(slice.Backend, slice.Operation)] = list = [];
                        }

                        list.Add(o);
                    }
                }
            }
        }

        var measurements = recorded.Select(r => new ApiMeasurement(
            size, r.Key.Item1, r.Key.Item2, LatencySummary.From(ApiOperations.Title(r.Key.Item2), [.. r.Value.Select(v => v.Result)]),
            r.Value.Sum(v => v.Cpu.BenchSeconds), r.Value.Sum(v => v.Cpu.ServerSeconds), r.Value.All(v => v.Cpu.PostgresSeconds is not null) && r.Key.Item1 == ApiBackend.PostgreSql ? r.Value.Sum(v => v.Cpu.PostgresSeconds!.Value) : null)).ToList();
        var memory = sides.Select(s => new ServerMemory(s.Backend, startMemory.GetValueOrDefault(s.Backend), warmMemory.GetValueOrDefault(s.Backend), s.Server.ReadMemoryOrNull())).ToList();
        foreach (var m in memory)
        {
            Console.WriteLine(Inv($"  {ApiOperations.BackendTitle(m.Backend)}: RSS after start {m.AfterStart?.RssMiB:0.0} MiB, after warm-up {m.AfterWarmup?.RssMiB:0.0} MiB, peak {m.AtEnd?.PeakRssMiB:0.0} MiB"));
        }

        var failures = measurements.Select(m => m.Latency.FirstFailure).OfType<string>().Distinct().ToList();
        return new ApiPhaseResult(size, targetJobs, jobs, seeding, measurements, memory, failures);
    }

    /// <summary>Runs one slice; returns its result and CPU, or null when it had nothing to do (an empty deletion pool).</summary>
    private async Task<(SliceResult, CpuUse)?> RunSliceAsync(Slice slice, TimeSpan duration, CpuMeter meter, ApiPhaseSize size, bool measured, CancellationToken cancellationToken)
    {
        var (operation, budget) = slice.Prepare();
        if (budget == 0)
        {
            Console.WriteLine($"    {ApiOperations.BackendKey(slice.Backend)}.{ApiOperations.Key(slice.Operation)}: nothing to delete, skipped");
            return null;
        }

        DotnetTrace? trace = null;
        if (measured && !_traced && options.Trace is { } wanted && wanted.Backend == slice.Backend && wanted.Operation == slice.Operation && wanted.Phase == size && slice.TracePid is { } pid)
        {
            _traced = true;
            var file = Path.Combine(options.TraceOut, $"{ApiOperations.BackendKey(slice.Backend)}-{ApiOperations.Key(slice.Operation)}-{size.ToString().ToLowerInvariant()}.nettrace");
            Console.WriteLine($"    tracing {wanted} into {Path.GetFullPath(file)}");
            trace = await DotnetTrace.StartAsync(DotnetTrace.FindTool(options.TraceTool), options.TraceProfile, pid, duration, file, cancellationToken);
        }

        var generator = slice.Generator(options.Concurrency, budget);
        var before = meter.Read(slice.CpuPids);
        var result = await generator.RunSliceAsync(operation, duration, cancellationToken);
        var cpu = CpuMeter.Between(before, meter.Read(slice.CpuPids));
        slice.Completed(result);
        if (trace is not null)
        {
            var bytes = await trace.FinishAsync(cancellationToken);
            _traceResult = Inv($"`{options.Trace}`: {bytes / 1024.0 / 1024.0:0.0} MiB written to `{trace.File}` (profiles `{options.TraceProfile}`), during a slice of {result.SuccessLatencyTicks.Length / result.Elapsed.TotalSeconds:N0} req/s");
        }

        var rate = result.SuccessLatencyTicks.Length / result.Elapsed.TotalSeconds;
        Console.WriteLine(Inv($"    {(measured ? "" : "warm-up ")}{ApiOperations.BackendKey(slice.Backend)}.{ApiOperations.Key(slice.Operation)}: {rate,8:N0} req/s, client {cpu.BenchSeconds / result.Elapsed.TotalSeconds:0.00} cores, {result.Failures} failed{(result.FirstFailure is { } f ? " (" + f + ")" : "")}"));
        if (result.FirstFailure is { } failure)
        {
            lock (_failures)
            {
                _failures.Add(failure);
            }
        }

        return (result, cpu);
    }

    internal string NextPutName() => "put" + Interlocked.Increment(ref _putCounter).ToString("D8", CultureInfo.InvariantCulture);

    internal string NextContainerName() => "bench" + Interlocked.Increment(ref _containerCounter).ToString("D8", CultureInfo.InvariantCulture);

    internal string NextUpdateValue() => "update" + Interlocked.Increment(ref _updateCounter).ToString(CultureInfo.InvariantCulture);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private HttpClient AzuriteClient(string certificateHash)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Concurrency + 4,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, c, _, _) => c is not null && string.Equals(c.GetCertHashString(HashAlgorithmName.SHA256), certificateHash, StringComparison.OrdinalIgnoreCase),
            },
        };
        return new HttpClient(handler, disposeHandler: true) { Timeout = TimeSpan.FromSeconds(120), DefaultRequestVersion = HttpVersion.Version11, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
    }

    /// <summary>A self-signed certificate for 127.0.0.1 in PEM files for Azurite's <c>--cert</c> and <c>--key</c>; returns their paths and its SHA-256 hash.</summary>
    private static (string Certificate, string Key, string Hash) WriteAzuriteCertificate(string root)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
        var certificatePath = Path.Combine(root, "azurite-cert.pem");
        var keyPath = Path.Combine(root, "azurite-key.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath, certificate.GetCertHashString(HashAlgorithmName.SHA256));
    }

    /// <summary>
    /// One slice kind: an operation on a target. <see cref="Prepare"/> gives the load operation and the request
    /// budget (the deletion pool's size for deletes, unbounded otherwise); <see cref="Completed"/> hands the result
    /// back (Put Job and Create Container fill the pools their deletes drain).
    /// </summary>
    private sealed record Slice(ApiBackend Backend, ApiOperation Operation, SliceSource Source, IReadOnlyList<int> CpuPids, int? TracePid)
    {
        public (LoadOperation Operation, long Budget) Prepare() => Source.Prepare();

        public LoadGenerator Generator(int concurrency, long budget) => new(Source.Client, concurrency, budget);

        public void Completed(SliceResult result) => Source.Completed?.Invoke(result);
    }
}

/// <summary>Where a slice's requests come from: the client, a factory of the load operation and its budget, and what to do after the slice.</summary>
internal sealed record SliceSource(HttpClient Client, Func<(LoadOperation Operation, long Budget)> Prepare, Action<SliceResult>? Completed = null);

/// <summary>The run could not be reported because the machine was busy (exit code 3).</summary>
internal sealed class MachineBusyException(string message) : Exception(message);

/// <summary>Everything one run of the API benchmark found.</summary>
internal sealed record ApiReport(
    ApiBenchOptions Options, MachineLoadSample Before, MachineLoadVerdict BeforeVerdict, MachineLoadSample After, MachineLoadVerdict AfterVerdict,
    IReadOnlyList<ApiPhaseResult> Phases, IReadOnlyList<ApiTargetResult> Targets, IReadOnlyList<string> AzuriteArguments, string? PostgresDescription,
    IReadOnlyList<string> ServerArguments, string? Trace, IReadOnlyList<string> Failures)
{
    /// <summary>A busy machine before or after: the figures are indicative only.</summary>
    public bool Provisional => BeforeVerdict.Busy || AfterVerdict.Busy;

    public bool AllTargetsMet => Targets.All(t => t.Passed);
}
