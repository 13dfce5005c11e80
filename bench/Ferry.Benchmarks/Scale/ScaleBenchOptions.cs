using System.Globalization;

namespace Ferry.Benchmarks.Scale;

/// <summary>Command-line settings of the scale benchmark (<c>Ferry.Benchmarks scale …</c>). Every loop and wait it makes is bounded by these.</summary>
internal sealed record ScaleBenchOptions
{
    public const string Usage = """
        Ferry scale benchmark (issue 5; run on demand; see docs/benchmarks.md): PostgreSQL beside SQLite, two API
        instances beside one, List Jobs at --scale-jobs jobs beside --jobs-small.

        Usage: Ferry.Benchmarks scale [options]

        PostgreSQL: a throwaway server (initdb + pg_ctl, durable defaults) in a temporary folder, unless the
        environment variable FERRY_BENCH_POSTGRES holds an Npgsql connection string of an existing server, where the
        benchmark creates (and afterwards drops) a database of its own; that role needs CREATEDB.

        Options:
          --server-dll PATH        Release server (default artifacts/bin/Ferry.Server/release/Ferry.Server.dll)
          --dotnet PATH            dotnet host for the servers (default dotnet)
          --pg-bin DIR             folder of initdb and pg_ctl (default: found on PATH, else /usr/local/bin)
          --duration SECONDS       measured time per side of each comparison, split into rounds (default 10)
          --rounds N               baseline/candidate alternations per comparison (default 2)
          --warmup SECONDS         unrecorded warm-up of each side before each comparison (default 2)
          --instance-warmup SECONDS
                                   unrecorded load of each operation on an instance that has just started (the
                                   second PostgreSQL instance, the restarted SQLite server) (default 5)
          --concurrency N          closed-loop workers, one keep-alive HTTP/1.1 connection each (default 8)
          --seed-concurrency N     concurrent Put Job requests while seeding through the API (default 24)
          --jobs-small N           jobs seeded through the API for the SQLite/PostgreSQL and one/two-instance
                                   comparisons, and jobs of the small account of the List Jobs scale (default 1000)
          --scale-jobs N           jobs of the large account of the List Jobs scale, written straight into
                                   PostgreSQL (default 1000000)
          --page-size N            List Jobs $top and the servers' Ferry:Classic:MaxPageSize (default 100)
          --max-requests N         cap on requests per measured slice (default 2000000)
          --seed-timeout SECONDS   give up seeding through the API after this long (default 600)
          --bulk-timeout SECONDS   give up the bulk insert into PostgreSQL after this long (default 1800)
          --skip-scale             leave out the List Jobs scale (the SQLite/PostgreSQL and instance comparisons only)
          --skip-sqlite-scale      measure the List Jobs scale on PostgreSQL only
          --pg-connection-option KEY=VALUE
                                   Npgsql setting appended to the PostgreSQL servers' connection string (repeatable),
                                   e.g. "Max Auto Prepare=32"
          --server-arg ARG         extra argument for every server (repeatable)
          --out PATH               markdown file to update (default docs/benchmarks.md; "-" prints only)
          --keep-data              keep the temporary folders (data directories, logs; the throwaway PostgreSQL
                                   is stopped, its folder kept) or, on an existing server, the database
        """;

    public string ServerDll { get; init; } = Path.Combine("artifacts", "bin", "Ferry.Server", "release", "Ferry.Server.dll");

    public string DotnetHost { get; init; } = "dotnet";

    public string? PgBin { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public int Rounds { get; init; } = 2;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan InstanceWarmup { get; init; } = TimeSpan.FromSeconds(5);

    public int Concurrency { get; init; } = 8;

    public int SeedConcurrency { get; init; } = 24;

    public int JobsSmall { get; init; } = 1000;

    public int ScaleJobs { get; init; } = 1_000_000;

    public int PageSize { get; init; } = 100;

    public long MaxRequestsPerSlice { get; init; } = 2_000_000;

    public TimeSpan SeedTimeout { get; init; } = TimeSpan.FromSeconds(600);

    public TimeSpan BulkTimeout { get; init; } = TimeSpan.FromSeconds(1800);

    public bool SkipScale { get; init; }

    public bool SkipSqliteScale { get; init; }

    /// <summary>The servers' Ferry:Jobs:MaxActiveJobsPerSubscription: far above every job the run creates, as in issue 2.</summary>
    public const int MaxActiveJobs = 10_000_000;

    public IReadOnlyList<string> ServerArgs { get; init; } = [];

    public IReadOnlyList<string> PgConnectionOptions { get; init; } = [];

    public string? OutFile { get; init; } = Path.Combine("docs", "benchmarks.md");

    public bool KeepData { get; init; }

    /// <summary>Parses <paramref name="args"/>; returns null and writes the reason when they are invalid or help was asked.</summary>
    public static ScaleBenchOptions? ParseOrNull(string[] args, TextWriter error)
    {
        var options = new ScaleBenchOptions();
        var serverArgs = new List<string>();
        var connectionOptions = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                error.WriteLine(Usage);
                return null;
            }

            if (name is "--keep-data" or "--skip-scale" or "--skip-sqlite-scale")
            {
                options = name switch
                {
                    "--keep-data" => options with { KeepData = true },
                    "--skip-scale" => options with { SkipScale = true },
                    _ => options with { SkipSqliteScale = true },
                };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error.WriteLine($"Missing value after {name}.\n\n{Usage}");
                return null;
            }

            var value = args[++i];
            try
            {
                options = name switch
                {
                    "--server-dll" => options with { ServerDll = value },
                    "--dotnet" => options with { DotnetHost = value },
                    "--pg-bin" => options with { PgBin = value },
                    "--duration" => options with { Duration = Seconds(value, 1, 3600) },
                    "--rounds" => options with { Rounds = Int(value, 1, 20) },
                    "--warmup" => options with { Warmup = Seconds(value, 0, 600) },
                    "--instance-warmup" => options with { InstanceWarmup = Seconds(value, 0, 600) },
                    "--concurrency" => options with { Concurrency = Int(value, 1, 256) },
                    "--seed-concurrency" => options with { SeedConcurrency = Int(value, 1, 256) },
                    "--jobs-small" => options with { JobsSmall = Int(value, 1, 100_000) },
                    "--scale-jobs" => options with { ScaleJobs = Int(value, 2, 9_000_000) },
                    "--page-size" => options with { PageSize = Int(value, 1, 1000) },
                    "--max-requests" => options with { MaxRequestsPerSlice = Int(value, 1, int.MaxValue) },
                    "--seed-timeout" => options with { SeedTimeout = Seconds(value, 1, 24 * 3600) },
                    "--bulk-timeout" => options with { BulkTimeout = Seconds(value, 1, 24 * 3600) },
                    "--server-arg" => AddTo(serverArgs, value, options),
                    "--pg-connection-option" => value.Contains('=', StringComparison.Ordinal) ? AddTo(connectionOptions, value, options) : throw new FormatException("expected KEY=VALUE."),
                    "--out" => options with { OutFile = value == "-" ? null : value },
                    _ => throw new FormatException($"Unknown option {name}."),
                };
            }
            catch (FormatException e)
            {
                error.WriteLine($"{name} {value}: {e.Message}\n\n{Usage}");
                return null;
            }
        }

        if (options.ScaleJobs <= options.JobsSmall)
        {
            error.WriteLine("--scale-jobs must be greater than --jobs-small.");
            return null;
        }

        return options with { ServerArgs = serverArgs, PgConnectionOptions = connectionOptions };
    }

    private static ScaleBenchOptions AddTo(List<string> list, string value, ScaleBenchOptions options)
    {
        list.Add(value);
        return options;
    }

    private static int Int(string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            throw new FormatException($"expected an integer from {min} to {max}.");
        }

        return n;
    }

    private static TimeSpan Seconds(string value, double min, double max)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || s < min || s > max)
        {
            throw new FormatException($"expected a number of seconds from {min} to {max}.");
        }

        return TimeSpan.FromSeconds(s);
    }
}
