using System.Globalization;

namespace Ferry.Benchmarks.Api;

/// <summary>Options of the API benchmark beside Azurite (issue 15): <c>Ferry.Benchmarks api [options]</c>.</summary>
internal sealed record ApiBenchOptions
{
    public const string Help = """
        Ferry.Benchmarks api: every API figure of issue 15 in one run: Ferry on SQLite (synchronous=FULL) and on a throwaway
        PostgreSQL, at a small and a large job count, beside Azurite as the API peer, slices interleaved.
          --server-dll PATH        the Release server (default artifacts/bin/Ferry.Server/release/Ferry.Server.dll)
          --dotnet PATH            the dotnet host (default dotnet)
          --concurrency N          closed-loop clients over keep-alive HTTPS (default 16)
          --rounds N               measured rounds; each runs one slice of every operation on every target (default 3)
          --slice-seconds S        one measured slice (default 5)
          --warmup-seconds S       unrecorded warm-up slice of every operation on every target, per phase (default 2)
          --jobs-small N           classic jobs of the first phase (default 1000)
          --jobs-large N           classic jobs of the second phase, bulk-seeded (default 100000)
          --arm-jobs N             ARM jobs seeded through ARM PUT for ARM Get Job (default 100)
          --azurite-containers N   containers created in Azurite for Get Container Properties (default 1000)
          --skip-large             measure the first phase only
          --skip-postgres          measure SQLite and Azurite only
          --pg-bin DIR             where initdb and pg_ctl are (default: PATH, then /usr/local/bin);
                                   FERRY_BENCH_POSTGRES=<connection string> uses an existing server instead
          --azurite PATH           Azurite's blob entry point (default node_modules/azurite/dist/src/blob/main.js)
          --node PATH              Node.js (default node)
          --server-arg ARG         extra argument for every Ferry server (repeatable), e.g. --server-arg --Ferry:X --server-arg Y
          --server-env NAME=VALUE  extra environment variable for every Ferry server (repeatable), e.g. DOTNET_gcServer=1
          --max-load-per-core X    busy when the 1-minute load average before the run is above X × cores (default 0.5)
          --max-other-cpu P        busy when other processes use more than P% of all cores, before or after (default 10)
          --load-sample-seconds S  how long the machine is watched before and after the run (default 3)
          --allow-busy             run and report even on a busy machine; the section is marked PROVISIONAL
          --trace SLICE            collect a dotnet-trace of the server during the first measured slice SLICE:
                                   BACKEND.OPERATION[@small|@large], BACKEND sqlite or postgresql, OPERATION one of
                                   service-document get-job arm-get-job put-job update-job delete-job (default phase small)
          --trace-out DIR          where the .nettrace goes (default artifacts/traces)
          --trace-tool PATH        dotnet-trace, or a folder holding it (default: PATH, then ~/.dotnet/tools);
                                   e.g. dotnet tool install --tool-path /tmp/dntools dotnet-trace, then --trace-tool /tmp/dntools
          --trace-profile NAMES    dotnet-trace profiles (default dotnet-common,dotnet-sampled-thread-time)
          --keep-data              keep the data directories and logs
          --out FILE | --no-out    where the section goes (default docs/benchmarks.md)
          -h, --help               this help
        Quick shake-out: --jobs-large 5000 --slice-seconds 2 --rounds 1 --warmup-seconds 1
        Exit codes: 0 every target met; 2 a target missed or a request failed; 1 the run failed; 3 the machine was busy
        (nothing written; --allow-busy writes a provisional section instead).
        """;

    public string ServerDll { get; init; } = "artifacts/bin/Ferry.Server/release/Ferry.Server.dll";

    public string DotnetHost { get; init; } = "dotnet";

    public int Concurrency { get; init; } = 16;

    public int Rounds { get; init; } = 3;

    public TimeSpan Slice { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public long JobsSmall { get; init; } = 1000;

    public long JobsLarge { get; init; } = 100_000;

    public int ArmJobs { get; init; } = 100;

    public int AzuriteContainers { get; init; } = 1000;

    public bool SkipLarge { get; init; }

    public bool SkipPostgres { get; init; }

    public string? PgBin { get; init; }

    public string AzuriteScript { get; init; } = Path.Combine("node_modules", "azurite", "dist", "src", "blob", "main.js");

    public string NodeHost { get; init; } = "node";

    public IReadOnlyList<string> ServerArgs { get; init; } = [];

    /// <summary>Extra environment variables of every Ferry server (runtime settings to compare, e.g. the GC's).</summary>
    public IReadOnlyDictionary<string, string> ServerEnvironment { get; init; } = new Dictionary<string, string>();

    public MachineLoadLimits LoadLimits { get; init; } = new();

    public TimeSpan LoadSample { get; init; } = TimeSpan.FromSeconds(3);

    public bool AllowBusy { get; init; }

    public TraceRequest? Trace { get; init; }

    public string TraceOut { get; init; } = Path.Combine("artifacts", "traces");

    public string? TraceTool { get; init; }

    public string TraceProfile { get; init; } = "dotnet-common,dotnet-sampled-thread-time";

    public bool KeepData { get; init; }

    public string? OutFile { get; init; } = "docs/benchmarks.md";

    /// <summary>The active-job limit every server runs with: the highest the server accepts, far above any job count measured.</summary>
    public const long MaxActiveJobs = 10_000_000;

    /// <summary>Parses the options; null (after writing why, or the help) when they are not valid.</summary>
    public static ApiBenchOptions? ParseOrNull(string[] args, TextWriter output, TextWriter error)
    {
        var options = new ApiBenchOptions();
        var serverArgs = new List<string>();
        var serverEnvironment = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            try
            {
                switch (name)
                {
                    case "-h" or "--help":
                        output.WriteLine(Help);
                        return null;
                    case "--server-arg":
                        serverArgs.Add(Next());
                        continue;
                    case "--server-env":
                        var pair = Next();
                        var equals = pair.IndexOf('=', StringComparison.Ordinal);
                        if (equals <= 0)
                        {
                            throw new FormatException($"{name} takes NAME=VALUE, not '{pair}'.");
                        }

                        serverEnvironment[pair[..equals]] = pair[(equals + 1)..];
                        continue;
                }

                options = name switch
                {
                    "--server-dll" => options with { ServerDll = Next() },
                    "--dotnet" => options with { DotnetHost = Next() },
                    "--concurrency" => options with { Concurrency = Int(Next(), name, 1, 1024) },
                    "--rounds" => options with { Rounds = Int(Next(), name, 1, 100) },
                    "--slice-seconds" => options with { Slice = Seconds(Next(), name, 0.1, 600) },
                    "--warmup-seconds" => options with { Warmup = Seconds(Next(), name, 0, 600) },
                    "--jobs-small" => options with { JobsSmall = Int(Next(), name, 10, 10_000_000) },
                    "--jobs-large" => options with { JobsLarge = Int(Next(), name, 10, 10_000_000) },
                    "--arm-jobs" => options with { ArmJobs = Int(Next(), name, 1, 100_000) },
                    "--azurite-containers" => options with { AzuriteContainers = Int(Next(), name, 1, 100_000) },
                    "--skip-large" => options with { SkipLarge = true },
                    "--skip-postgres" => options with { SkipPostgres = true },
                    "--pg-bin" => options with { PgBin = Next() },
                    "--azurite" => options with { AzuriteScript = Next() },
                    "--node" => options with { NodeHost = Next() },
                    "--max-load-per-core" => options with { LoadLimits = options.LoadLimits with { MaxLoadPerCore = Number(Next(), name, 0, 1000) } },
                    "--max-other-cpu" => options with { LoadLimits = options.LoadLimits with { MaxOthersCpuPercent = Number(Next(), name, 0, 100) } },
                    "--load-sample-seconds" => options with { LoadSample = Seconds(Next(), name, 0.5, 60) },
                    "--allow-busy" => options with { AllowBusy = true },
                    "--trace" => options with { Trace = TraceRequest.Parse(Next()) },
                    "--trace-out" => options with { TraceOut = Next() },
                    "--trace-tool" => options with { TraceTool = Next() },
                    "--trace-profile" => options with { TraceProfile = Next() },
                    "--keep-data" => options with { KeepData = true },
                    "--out" => options with { OutFile = Next() },
                    "--no-out" => options with { OutFile = null },
                    _ => throw new ArgumentException($"Unknown option {name}. See --help."),
                };
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                error.WriteLine(e.Message);
                return null;
            }
        }

        if (!options.SkipLarge && options.JobsLarge <= options.JobsSmall)
        {
            error.WriteLine("--jobs-large must be above --jobs-small (or pass --skip-large).");
            return null;
        }

        if (options.Trace is { Phase: ApiPhaseSize.Large } && options.SkipLarge)
        {
            error.WriteLine("--trace names a slice of the large phase, which --skip-large leaves out.");
            return null;
        }

        if (options.Trace is { Backend: ApiBackend.PostgreSql } && options.SkipPostgres)
        {
            error.WriteLine("--trace names a PostgreSQL slice, which --skip-postgres leaves out.");
            return null;
        }

        return options with { ServerArgs = serverArgs, ServerEnvironment = serverEnvironment };
    }

    private static int Int(string value, string name, long min, long max)
    {
        var parsed = long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
        return parsed >= min && parsed <= max ? (int)parsed : throw new ArgumentException($"{name} must be between {min} and {max}.");
    }

    private static double Number(string value, string name, double min, double max)
    {
        var parsed = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        return parsed >= min && parsed <= max ? parsed : throw new ArgumentException($"{name} must be between {min} and {max}.");
    }

    private static TimeSpan Seconds(string value, string name, double min, double max) => TimeSpan.FromSeconds(Number(value, name, min, max));
}

/// <summary>A slice to trace: <c>BACKEND.OPERATION[@small|@large]</c>.</summary>
internal sealed record TraceRequest(ApiBackend Backend, ApiOperation Operation, ApiPhaseSize Phase)
{
    public static TraceRequest Parse(string text)
    {
        var (slice, phaseText) = text.Split('@') switch
        {
            [var s] => (s, "small"),
            [var s, var p] => (s, p),
            _ => throw new ArgumentException($"--trace '{text}': expected BACKEND.OPERATION[@small|@large]."),
        };
        var parts = slice.Split('.');
        if (parts.Length != 2)
        {
            throw new ArgumentException($"--trace '{text}': expected BACKEND.OPERATION[@small|@large].");
        }

        var backend = parts[0].ToLowerInvariant() switch
        {
            "sqlite" => ApiBackend.Sqlite,
            "postgresql" or "pg" => ApiBackend.PostgreSql,
            _ => throw new ArgumentException($"--trace '{text}': the backend is sqlite or postgresql."),
        };
        var matches = ApiOperations.FerryOperations.Where(o => string.Equals(ApiOperations.Key(o), parts[1], StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count != 1)
        {
            throw new ArgumentException($"--trace '{text}': the operation is one of {string.Join(", ", ApiOperations.FerryOperations.Select(ApiOperations.Key))}.");
        }

        var operation = matches[0];
        var phase = phaseText.ToLowerInvariant() switch
        {
            "small" => ApiPhaseSize.Small,
            "large" => ApiPhaseSize.Large,
            _ => throw new ArgumentException($"--trace '{text}': the phase is small or large."),
        };
        return new TraceRequest(backend, operation, phase);
    }

    public override string ToString() => $"{ApiOperations.BackendKey(Backend)}.{ApiOperations.Key(Operation)}@{Phase.ToString().ToLowerInvariant()}";
}
