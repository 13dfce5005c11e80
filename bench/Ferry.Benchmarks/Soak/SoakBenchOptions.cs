using System.Globalization;

namespace Ferry.Benchmarks.Soak;

/// <summary>Command-line settings of the soak benchmark (<c>Ferry.Benchmarks soak …</c>). Every wait it makes is bounded by these.</summary>
internal sealed record SoakBenchOptions
{
    public const string Usage = """
        Ferry soak benchmark (issue 13; run on demand; see docs/benchmarks.md).

        Usage: Ferry.Benchmarks soak [options]

        Durations are a number with a unit: 90s, 3m, 1h (a bare number is seconds).

        Options:
          --duration D             measured time of mixed load, after the warm-up (default 30m)
          --warmup D               mixed load before the measurement starts; its samples are reported but not
                                   compared (default 2m)
          --window D               length of the first and the last window whose mean RSS is compared (default 10m;
                                   at most half the duration)
          --sample-interval D      how often the server's RSS is read (default 10s)
          --rate N                 classic requests per second, all workers together (default 60)
          --workers N              concurrent workers, one keep-alive connection each (default 4)
          --base-jobs N            jobs created before the load starts, read and listed throughout (default 500)
          --list-top N             List Jobs $top (default 50)
          --transfer-every D       one import job, from Put Job to Delete Job through Azurite, this often; 0 for none
                                   (default 1m)
          --transfer-mib N         size of the transfer's prepared drive, 1 to 1024 MiB (default 8)
          --transfer-timeout D     a transfer that has not finished after this long is an error (default 5m)
          --no-webhook             register no webhook (deliveries are otherwise received and counted)
          --drain-timeout D        after the load, how long to wait for the last webhook deliveries (default 2m)
          --server-dll PATH        Release server (default artifacts/bin/Ferry.Server/release/Ferry.Server.dll)
          --cli-dll PATH           Release ferry tool, to prepare the drive (default artifacts/bin/Ferry.Cli/release/ferry.dll)
          --dotnet PATH            dotnet host for the server and the tool (default dotnet)
          --azurite PATH           Azurite's blob entry point (default node_modules/azurite/dist/src/blob/main.js)
          --node PATH              Node.js (default node)
          --server-arg ARG         extra argument for the server (repeatable)
          --server-env NAME=VALUE  extra environment variable for the server (repeatable), e.g. DOTNET_gcServer=0
          --work-dir DIR           parent of the run's temporary folder (default the system temp folder)
          --out PATH               markdown file to update (default docs/benchmarks.md; "-" prints only)
          --keep-data              keep the temporary folder (data directory, drive, logs)
        """;

    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(30);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(10);

    public int Rate { get; init; } = 60;

    public int Workers { get; init; } = 4;

    public int BaseJobs { get; init; } = 500;

    public int ListTop { get; init; } = 50;

    /// <summary>Zero: no transfers.</summary>
    public TimeSpan TransferEvery { get; init; } = TimeSpan.FromMinutes(1);

    public int TransferMiB { get; init; } = 8;

    public TimeSpan TransferTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public bool Webhook { get; init; } = true;

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public string ServerDll { get; init; } = Path.Combine("artifacts", "bin", "Ferry.Server", "release", "Ferry.Server.dll");

    public string CliDll { get; init; } = Path.Combine("artifacts", "bin", "Ferry.Cli", "release", "ferry.dll");

    public string DotnetHost { get; init; } = "dotnet";

    public string AzuriteScript { get; init; } = Path.Combine("node_modules", "azurite", "dist", "src", "blob", "main.js");

    public string NodeHost { get; init; } = "node";

    public IReadOnlyList<string> ServerArgs { get; init; } = [];

    public IReadOnlyDictionary<string, string> ServerEnvironment { get; init; } = new Dictionary<string, string>();

    public string? WorkDirectory { get; init; }

    public string? OutFile { get; init; } = Path.Combine("docs", "benchmarks.md");

    public bool KeepData { get; init; }

    /// <summary>The compared window: <see cref="Window"/>, at most half of <see cref="Duration"/>.</summary>
    public TimeSpan EffectiveWindow => Window < Duration / 2 ? Window : Duration / 2;

    /// <summary>Parses <paramref name="args"/> (after the <c>soak</c> word); returns null and writes the reason when they are invalid or help was asked.</summary>
    public static SoakBenchOptions? ParseOrNull(IReadOnlyList<string> args, TextWriter error)
    {
        var options = new SoakBenchOptions();
        var serverArgs = new List<string>();
        var serverEnvironment = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                error.WriteLine(Usage);
                return null;
            }

            if (name is "--keep-data" or "--no-webhook")
            {
                options = name == "--keep-data" ? options with { KeepData = true } : options with { Webhook = false };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                error.WriteLine($"Missing value after {name}.\n\n{Usage}");
                return null;
            }

            var value = args[++i];
            try
            {
                options = name switch
                {
                    "--duration" => options with { Duration = ParseDuration(value, TimeSpan.FromSeconds(20), TimeSpan.FromHours(24)) },
                    "--warmup" => options with { Warmup = ParseDuration(value, TimeSpan.Zero, TimeSpan.FromHours(1)) },
                    "--window" => options with { Window = ParseDuration(value, TimeSpan.FromSeconds(10), TimeSpan.FromHours(12)) },
                    "--sample-interval" => options with { SampleInterval = ParseDuration(value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)) },
                    "--rate" => options with { Rate = Int(value, 1, 10_000) },
                    "--workers" => options with { Workers = Int(value, 1, 256) },
                    "--base-jobs" => options with { BaseJobs = Int(value, 1, 1_000_000) },
                    "--list-top" => options with { ListTop = Int(value, 1, 1000) },
                    "--transfer-every" => options with { TransferEvery = ParseDuration(value, TimeSpan.Zero, TimeSpan.FromHours(1)) },
                    "--transfer-mib" => options with { TransferMiB = Int(value, 1, 1024) },
                    "--transfer-timeout" => options with { TransferTimeout = ParseDuration(value, TimeSpan.FromSeconds(10), TimeSpan.FromHours(2)) },
                    "--drain-timeout" => options with { DrainTimeout = ParseDuration(value, TimeSpan.Zero, TimeSpan.FromHours(1)) },
                    "--server-dll" => options with { ServerDll = value },
                    "--cli-dll" => options with { CliDll = value },
                    "--dotnet" => options with { DotnetHost = value },
                    "--azurite" => options with { AzuriteScript = value },
                    "--node" => options with { NodeHost = value },
                    "--server-arg" => Add(serverArgs, value, options),
                    "--server-env" => AddEnvironment(serverEnvironment, value, options),
                    "--work-dir" => options with { WorkDirectory = value },
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

        return options with { ServerArgs = serverArgs, ServerEnvironment = serverEnvironment };
    }

    /// <summary>A duration as <c>90</c>, <c>90s</c>, <c>3m</c> or <c>1h</c>, within the bounds.</summary>
    internal static TimeSpan ParseDuration(string value, TimeSpan min, TimeSpan max)
    {
        var (digits, unit) = value.Length > 0 && char.IsLetter(value[^1]) ? (value[..^1], value[^1]) : (value, 's');
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < 0)
        {
            throw new FormatException("expected a duration such as 90s, 3m or 1h.");
        }

        var span = unit switch
        {
            's' => TimeSpan.FromSeconds(number),
            'm' => TimeSpan.FromMinutes(number),
            'h' => TimeSpan.FromHours(number),
            _ => throw new FormatException("expected a duration such as 90s, 3m or 1h."),
        };
        return span >= min && span <= max ? span : throw new FormatException($"expected a duration from {min} to {max}.");
    }

    private static SoakBenchOptions Add(List<string> list, string value, SoakBenchOptions options)
    {
        list.Add(value);
        return options;
    }

    private static SoakBenchOptions AddEnvironment(Dictionary<string, string> environment, string value, SoakBenchOptions options)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException("expected NAME=VALUE.");
        }

        environment[value[..equals]] = value[(equals + 1)..];
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
}
