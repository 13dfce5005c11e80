using Ferry.Benchmarks;

// Exit codes: 0 every target met; 2 the run completed but a target was missed or a request failed; 1 the run failed.
var options = BenchOptions.ParseOrNull(args, Console.Error);
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
BenchReport report;
try
{
    report = await new ClassicLoadBenchmark(options).RunAsync(cancel.Token);
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

// run-classic-load.sh passes the command as the user typed it, and the commit it built.
var command = Environment.GetEnvironmentVariable("FERRY_BENCH_COMMAND") is { Length: > 0 } typed
    ? typed
    : "dotnet " + string.Join(' ', Environment.GetCommandLineArgs());
var commit = Environment.GetEnvironmentVariable("FERRY_BENCH_COMMIT") is { Length: > 0 } c ? c : null;
var section = MarkdownReport.Render(report, command, commit, started);
Console.WriteLine();
Console.WriteLine(section);
if (options.OutFile is { } outFile)
{
    MarkdownReport.UpdateFile(outFile, section);
    Console.WriteLine($"Wrote the section to {Path.GetFullPath(outFile)}.");
}

return report.AllTargetsMet ? 0 : 2;
