using System.Globalization;

namespace Ferry.Benchmarks.Telemetry;

/// <summary>Options of the telemetry cost benchmark (issue 14): <c>Ferry.Benchmarks telemetry [options]</c>.</summary>
internal sealed record TelemetryBenchOptions
{
    public string ServerDll { get; init; } = "artifacts/bin/Ferry.Server/release/Ferry.Server.dll";

    public string DotnetHost { get; init; } = "dotnet";

    /// <summary>Rounds; each measures Get Job and Put Job on both servers, in ABBA order.</summary>
    public int Rounds { get; init; } = 4;

    public TimeSpan Slice { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    public int Concurrency { get; init; } = 8;

    /// <summary>Jobs seeded in each server before measuring Get Job.</summary>
    public int Jobs { get; init; } = 1000;

    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(1);

    public string? OutFile { get; init; } = "docs/benchmarks.md";

    /// <summary>Parses the options; null (after writing why, or the help) when they are not valid.</summary>
    public static TelemetryBenchOptions? ParseOrNull(string[] args, TextWriter error)
    {
        var options = new TelemetryBenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            try
            {
                options = args[i] switch
                {
                    "--server-dll" => options with { ServerDll = Next() },
                    "--dotnet" => options with { DotnetHost = Next() },
                    "--rounds" => options with { Rounds = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--slice-seconds" => options with { Slice = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                    "--warmup-seconds" => options with { Warmup = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                    "--concurrency" => options with { Concurrency = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--jobs" => options with { Jobs = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--out" => options with { OutFile = Next() },
                    "--no-out" => options with { OutFile = null },
                    "-h" or "--help" => throw new HelpException(),
                    _ => throw new ArgumentException($"Unknown option {args[i]}."),
                };
            }
            catch (HelpException)
            {
                Console.WriteLine("""
                    Ferry.Benchmarks telemetry: Get Job and Put Job throughput with telemetry on (Prometheus scraped every second) vs off.
                      --server-dll PATH     the Release server (default artifacts/bin/Ferry.Server/release/Ferry.Server.dll)
                      --rounds N            rounds, each Get Job and Put Job on both servers in ABBA order (default 4)
                      --slice-seconds S     one measured slice (default 5)
                      --warmup-seconds S    unrecorded warm-up per server and operation (default 3)
                      --concurrency N       closed-loop workers (default 8)
                      --jobs N              jobs seeded in each server (default 1000)
                      --out FILE | --no-out where the section goes (default docs/benchmarks.md)
                    """);
                return null;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                error.WriteLine(e.Message);
                return null;
            }
        }

        return options;
    }

    private sealed class HelpException : Exception;
}
