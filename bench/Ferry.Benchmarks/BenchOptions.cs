using System.Globalization;

namespace Ferry.Benchmarks;

/// <summary>Command-line settings of the classic load benchmark. Every loop the benchmark runs is bounded by these.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        Ferry classic API load benchmark (run on demand; see docs/benchmarks.md).

        Options:
          --server-dll PATH        Release server to start (default artifacts/bin/Ferry.Server/release/Ferry.Server.dll)
          --dotnet PATH            dotnet host used to start the server (default dotnet)
          --duration SECONDS       measured time per operation, split into rounds (default 10)
          --rounds N               ceiling/operation alternations per measurement (default 2)
          --warmup SECONDS         unrecorded warm-up of each operation and of the ceiling (default 2)
          --concurrency N          closed-loop workers, one keep-alive HTTP/1.1 connection each (default 8)
          --seed-concurrency N     concurrent Put Job requests while seeding (default 24)
          --jobs-small N           jobs in the account at the first scale (default 1000)
          --jobs-large N           jobs in the account at the second scale (default 100000)
          --page-size N            List Jobs $top (default 100)
          --server-page-size N     the server's Ferry:Classic:MaxPageSize, so a nextLink chain walks pages of
                                   this size (default: --page-size; 0 leaves the server default)
          --max-requests N         cap on requests per measured slice (default 2000000)
          --seed-timeout SECONDS   give up seeding after this long (default 1200)
          --max-active-jobs N      the server's Ferry:Jobs:MaxActiveJobsPerSubscription (default 1000000)
          --server-arg ARG         extra argument for the server (repeatable)
          --out PATH               markdown file to update (default docs/benchmarks.md; "-" prints only)
          --keep-data              keep the temporary data directory and server log
        """;

    public string ServerDll { get; init; } = Path.Combine("artifacts", "bin", "Ferry.Server", "release", "Ferry.Server.dll");

    public string DotnetHost { get; init; } = "dotnet";

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public int Rounds { get; init; } = 2;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public int Concurrency { get; init; } = 8;

    public int SeedConcurrency { get; init; } = 24;

    public int JobsSmall { get; init; } = 1000;

    public int JobsLarge { get; init; } = 100_000;

    public int PageSize { get; init; } = 100;

    public int? ServerPageSize { get; init; }

    public long MaxRequestsPerSlice { get; init; } = 2_000_000;

    public TimeSpan SeedTimeout { get; init; } = TimeSpan.FromSeconds(1200);

    public int MaxActiveJobs { get; init; } = 1_000_000;

    public IReadOnlyList<string> ServerArgs { get; init; } = [];

    public string? OutFile { get; init; } = Path.Combine("docs", "benchmarks.md");

    public bool KeepData { get; init; }

    /// <summary>The effective server page size; 0 means the server's own default.</summary>
    public int EffectiveServerPageSize => ServerPageSize ?? PageSize;

    /// <summary>Parses <paramref name="args"/>; returns null and writes the reason when they are invalid or help was asked.</summary>
    public static BenchOptions? ParseOrNull(string[] args, TextWriter error)
    {
        var options = new BenchOptions();
        var serverArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                error.WriteLine(Usage);
                return null;
            }

            if (name == "--keep-data")
            {
                options = options with { KeepData = true };
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
                    "--duration" => options with { Duration = Seconds(value, 1, 3600) },
                    "--rounds" => options with { Rounds = Int(value, 1, 20) },
                    "--warmup" => options with { Warmup = Seconds(value, 0, 600) },
                    "--concurrency" => options with { Concurrency = Int(value, 1, 256) },
                    "--seed-concurrency" => options with { SeedConcurrency = Int(value, 1, 256) },
                    "--jobs-small" => options with { JobsSmall = Int(value, 1, 1_000_000) },
                    "--jobs-large" => options with { JobsLarge = Int(value, 2, 1_000_000) },
                    "--page-size" => options with { PageSize = Int(value, 1, 1000) },
                    "--server-page-size" => options with { ServerPageSize = Int(value, 0, 1000) },
                    "--max-requests" => options with { MaxRequestsPerSlice = Int(value, 1, int.MaxValue) },
                    "--seed-timeout" => options with { SeedTimeout = Seconds(value, 1, 24 * 3600) },
                    "--max-active-jobs" => options with { MaxActiveJobs = Int(value, 1, int.MaxValue) },
                    "--server-arg" => AddTo(serverArgs, value, options),
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

        if (options.JobsLarge <= options.JobsSmall)
        {
            error.WriteLine("--jobs-large must be greater than --jobs-small.");
            return null;
        }

        return options with { ServerArgs = serverArgs };
    }

    private static BenchOptions AddTo(List<string> list, string value, BenchOptions options)
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
