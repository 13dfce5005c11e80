using System.Globalization;

namespace Ferry.Benchmarks.Transfer;

/// <summary>Command-line settings of the transfer benchmark (<c>Ferry.Benchmarks transfer …</c>). Every wait it makes is bounded by these.</summary>
internal sealed record TransferBenchOptions
{
    public const string Usage = """
        Ferry transfer benchmark (issue 4; run on demand; see docs/benchmarks.md).

        Usage: Ferry.Benchmarks transfer [options]

        Options:
          --server-dll PATH        Release server (default artifacts/bin/Ferry.Server/release/Ferry.Server.dll)
          --cli-dll PATH           Release ferry tool (default artifacts/bin/Ferry.Cli/release/ferry.dll)
          --dotnet PATH            dotnet host for the server and the tool (default dotnet)
          --azurite PATH           Azurite's blob entry point (default node_modules/azurite/dist/src/blob/main.js)
          --node PATH              Node.js (default node)
          --azurite-arg ARG        extra argument for Azurite (repeatable), e.g. --azurite-arg --extentMemoryLimit
                                   --azurite-arg 4096
          --dataset-mib N          dataset size in MiB, 16 to 65536 (default 2048)
          --seed N                 seed of the dataset's random bytes (default 4)
          --warmup-mib N           size of a separate warm-up dataset, uploaded and imported once (untimed) before
                                   the measured runs so that both sides run JIT-compiled code; 0 for none (default 256)
          --rounds N               measured Ferry runs; each is bracketed by baseline runs, so N Ferry runs make
                                   N + 1 baseline runs (default 1)
          --upload-concurrency N   files the baseline upload sends at once (default 8)
          --verify MODE            what is checked after each import: full (every blob downloaded and its MD5
                                   compared) or sample:N (N blobs, spread over the sizes; count and sizes of all)
                                   (default full)
          --import-timeout SECONDS give up waiting for one import after this long (default 3600)
          --work-dir DIR           parent of the run's temporary folder (default the system temp folder)
          --server-arg ARG         extra argument for the server (repeatable)
          --out PATH               markdown file to update (default docs/benchmarks.md; "-" prints only)
          --keep-data              keep the temporary folder (dataset, drive, logs)
        """;

    public string ServerDll { get; init; } = Path.Combine("artifacts", "bin", "Ferry.Server", "release", "Ferry.Server.dll");

    public string CliDll { get; init; } = Path.Combine("artifacts", "bin", "Ferry.Cli", "release", "ferry.dll");

    public string DotnetHost { get; init; } = "dotnet";

    public string AzuriteScript { get; init; } = Path.Combine("node_modules", "azurite", "dist", "src", "blob", "main.js");

    public string NodeHost { get; init; } = "node";

    public IReadOnlyList<string> AzuriteArgs { get; init; } = [];

    public int DatasetMiB { get; init; } = 2048;

    public int Seed { get; init; } = 4;

    public int WarmupMiB { get; init; } = 256;

    public int Rounds { get; init; } = 1;

    public int UploadConcurrency { get; init; } = 8;

    /// <summary>Blobs whose content is downloaded and hashed after each import; null means every blob.</summary>
    public int? VerifySample { get; init; }

    public TimeSpan ImportTimeout { get; init; } = TimeSpan.FromSeconds(3600);

    public string? WorkDirectory { get; init; }

    public IReadOnlyList<string> ServerArgs { get; init; } = [];

    public string? OutFile { get; init; } = Path.Combine("docs", "benchmarks.md");

    public bool KeepData { get; init; }

    /// <summary>Parses <paramref name="args"/> (after the <c>transfer</c> word); returns null and writes the reason when they are invalid or help was asked.</summary>
    public static TransferBenchOptions? ParseOrNull(IReadOnlyList<string> args, TextWriter error)
    {
        var options = new TransferBenchOptions();
        var serverArgs = new List<string>();
        var azuriteArgs = new List<string>();
        for (var i = 0; i < args.Count; i++)
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
                    "--server-dll" => options with { ServerDll = value },
                    "--cli-dll" => options with { CliDll = value },
                    "--dotnet" => options with { DotnetHost = value },
                    "--azurite" => options with { AzuriteScript = value },
                    "--node" => options with { NodeHost = value },
                    "--azurite-arg" => Add(azuriteArgs, value, options),
                    "--dataset-mib" => options with { DatasetMiB = Int(value, 16, 65536) },
                    "--seed" => options with { Seed = Int(value, 0, int.MaxValue) },
                    "--warmup-mib" => options with { WarmupMiB = value == "0" ? 0 : Int(value, 16, 1024) },
                    "--rounds" => options with { Rounds = Int(value, 1, 10) },
                    "--upload-concurrency" => options with { UploadConcurrency = Int(value, 1, 64) },
                    "--verify" => options with { VerifySample = Verify(value) },
                    "--import-timeout" => options with { ImportTimeout = TimeSpan.FromSeconds(Int(value, 1, 24 * 3600)) },
                    "--work-dir" => options with { WorkDirectory = value },
                    "--server-arg" => Add(serverArgs, value, options),
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

        return options with { ServerArgs = serverArgs, AzuriteArgs = azuriteArgs };
    }

    /// <summary>How verification is described in the report.</summary>
    public string VerifyDescription => VerifySample is { } n
        ? $"the count and size of every blob, and the MD5 of a sample of {n} blobs (downloaded and hashed)"
        : "the count and size of every blob, and the MD5 of every blob (downloaded and hashed)";

    private static TransferBenchOptions Add(List<string> list, string value, TransferBenchOptions options)
    {
        list.Add(value);
        return options;
    }

    private static int? Verify(string value) => value switch
    {
        "full" => null,
        _ when value.StartsWith("sample:", StringComparison.Ordinal) => Int(value["sample:".Length..], 1, int.MaxValue),
        _ => throw new FormatException("expected full or sample:N."),
    };

    private static int Int(string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            throw new FormatException($"expected an integer from {min} to {max}.");
        }

        return n;
    }
}
