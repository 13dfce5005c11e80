using Ferry.Benchmarks;
using Ferry.Benchmarks.Api;
using Ferry.Benchmarks.Scale;
using Ferry.Benchmarks.Soak;
using Ferry.Benchmarks.Telemetry;
using Ferry.Benchmarks.Transfer;

// Three benchmarks: the classic API load benchmark (issue 2, the default); with "transfer" as the first argument,
// the drive import and preparation benchmark (issue 4); with "scale", PostgreSQL and several instances (issue 5); with
// "soak", 30 minutes of mixed load with the server's RSS sampled (issue 13); with "telemetry", Get Job and Put Job with
// telemetry on (Prometheus scraped every second) vs off (issue 14); with "api", every API figure beside Azurite (issue 15).
// Exit codes: 0 every target met; 2 the run completed but a target was missed or a request failed; 1 the run failed;
// 3 (api) the machine was busy, so nothing was reported.
var mode = args.Length > 0 ? args[0] : "";
object? options = mode switch
{
    "transfer" => TransferBenchOptions.ParseOrNull(args[1..], Console.Error),
    "scale" => ScaleBenchOptions.ParseOrNull(args[1..], Console.Error),
    "soak" => SoakBenchOptions.ParseOrNull(args[1..], Console.Error),
    "telemetry" => TelemetryBenchOptions.ParseOrNull(args[1..], Console.Error),
    "api" => ApiBenchOptions.ParseOrNull(args[1..], Console.Out, Console.Error),
    _ => BenchOptions.ParseOrNull(args, Console.Error),
};
if (options is null)
{
    return args.Any(a => a is "-h" or "--help") ? 0 : 1;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var started = TimeProvider.System.GetUtcNow();

// The run_*.sh scripts pass the command as the user typed it, and the commit they built.
var command = Environment.GetEnvironmentVariable("FERRY_BENCH_COMMAND") is { Length: > 0 } typed
    ? typed
    : "dotnet " + string.Join(' ', Environment.GetCommandLineArgs());
var commit = Environment.GetEnvironmentVariable("FERRY_BENCH_COMMIT") is { Length: > 0 } c ? c : null;
string section, heading;
string? outFile;
bool allTargetsMet;
try
{
    switch (options)
    {
        case TransferBenchOptions transferOptions:
            var transferReport = await new TransferBenchmark(transferOptions).RunAsync(cancel.Token);
            (section, heading, outFile, allTargetsMet) = (TransferMarkdown.Render(transferReport, command, commit, started), TransferMarkdown.Heading, transferOptions.OutFile, transferReport.AllTargetsMet);
            break;
        case ScaleBenchOptions scaleOptions:
            var scaleReport = await new ScaleBenchmark(scaleOptions).RunAsync(cancel.Token);
            (section, heading, outFile, allTargetsMet) = (ScaleMarkdown.Render(scaleReport, command, commit, started), ScaleMarkdown.Heading, scaleOptions.OutFile, scaleReport.AllTargetsMet);
            break;
        case SoakBenchOptions soakOptions:
            var soakReport = await new SoakBenchmark(soakOptions).RunAsync(cancel.Token);
            (section, heading, outFile, allTargetsMet) = (SoakMarkdown.Render(soakReport, command, commit, started), SoakMarkdown.Heading, soakOptions.OutFile, soakReport.AllTargetsMet);
            break;
        case TelemetryBenchOptions telemetryOptions:
            var telemetryReport = await new TelemetryBenchmark(telemetryOptions).RunAsync(cancel.Token);
            (section, heading, outFile, allTargetsMet) = (TelemetryMarkdown.Render(telemetryReport, command, commit, started), TelemetryMarkdown.Heading, telemetryOptions.OutFile, telemetryReport.AllTargetsMet);
            break;
        case ApiBenchOptions apiOptions:
            var apiReport = await new ApiBenchmark(apiOptions).RunAsync(cancel.Token);
            (section, heading, outFile, allTargetsMet) = (ApiMarkdown.Render(apiReport, command, commit, started), ApiMarkdown.Heading, apiOptions.OutFile, apiReport.AllTargetsMet);
            if (apiReport.Provisional && !apiOptions.AllowBusy)
            {
                // The machine became busy during the run: the figures are printed, never written.
                Console.WriteLine();
                Console.WriteLine(section);
                await Console.Error.WriteLineAsync($"\nMACHINE BUSY: {apiReport.AfterVerdict.Describe()}. Nothing was written; rerun on a quiet machine, or pass --allow-busy for a provisional report.");
                return 3;
            }

            break;
        case BenchOptions classicOptions:
            var report = await new ClassicLoadBenchmark(classicOptions).RunAsync(cancel.Token);
            (section, heading, outFile, allTargetsMet) = (MarkdownReport.Render(report, command, commit, started), MarkdownReport.Heading, classicOptions.OutFile, report.AllTargetsMet);
            break;
        default:
            throw new InvalidOperationException($"Unexpected options type {options.GetType()}.");
    }
}
catch (MachineBusyException e)
{
    await Console.Error.WriteLineAsync($"\nMACHINE BUSY: {e.Message}");
    return 3;
}
catch (BenchmarkFailedException e)
{
    await Console.Error.WriteLineAsync($"\nBENCHMARK FAILED: {e.Message}");
    return 1;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("Cancelled.");
    return 1;
}

Console.WriteLine();
Console.WriteLine(section);
if (outFile is not null)
{
    MarkdownReport.UpdateFile(outFile, heading, section);
    Console.WriteLine($"Wrote the section to {Path.GetFullPath(outFile)}.");
}

return allTargetsMet ? 0 : 2;
