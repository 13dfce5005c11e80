using System.Diagnostics;
using System.Globalization;

namespace Ferry.Benchmarks.Api;

/// <summary>
/// <c>dotnet-trace collect</c> attached to a server for the length of one slice (<c>--trace</c>): started before the
/// slice, it records for the slice's length plus a margin (<c>--duration</c>) and writes a <c>.nettrace</c>.
/// </summary>
internal sealed class DotnetTrace
{
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _margin = TimeSpan.FromSeconds(1);

    private readonly Process _process;
    private volatile bool _recording;
    private readonly List<string> _output = [];

    private DotnetTrace(Process process, string file)
    {
        _process = process;
        File = file;
    }

    public string File { get; }

    /// <summary>dotnet-trace: <paramref name="given"/> (the tool or its folder), else on PATH, else in ~/.dotnet/tools.</summary>
    public static string FindTool(string? given)
    {
        if (given is not null)
        {
            var candidate = Directory.Exists(given) ? Path.Combine(given, "dotnet-trace") : given;
            return System.IO.File.Exists(candidate) ? Path.GetFullPath(candidate) : throw new BenchmarkFailedException($"dotnet-trace not found at {candidate} (--trace-tool).");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(home, ".dotnet", "tools"))
            .Select(d => Path.Combine(d, "dotnet-trace")).FirstOrDefault(System.IO.File.Exists)
            ?? throw new BenchmarkFailedException("dotnet-trace is not on PATH nor in ~/.dotnet/tools: install it (dotnet tool install --tool-path DIR dotnet-trace) and pass --trace-tool DIR.");
    }

    /// <summary>Starts tracing <paramref name="pid"/> for <paramref name="slice"/> and waits until the session records.</summary>
    public static async Task<DotnetTrace> StartAsync(string tool, string profile, int pid, TimeSpan slice, string file, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var length = slice + _margin;
        var duration = string.Create(CultureInfo.InvariantCulture, $"{length.Days:00}:{length.Hours:00}:{length.Minutes:00}:{Math.Ceiling(length.TotalSeconds % 60):00}");
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[] { "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--profile", profile, "--duration", duration, "-o", Path.GetFullPath(file) })
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var trace = new DotnetTrace(process, Path.GetFullPath(file));
        process.OutputDataReceived += (_, e) => trace.Seen(e.Data);
        process.ErrorDataReceived += (_, e) => trace.Seen(e.Data);
        if (!process.Start())
        {
            throw new BenchmarkFailedException($"Could not start {tool}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = Stopwatch.GetTimestamp();
        while (!trace._recording && !process.HasExited && Stopwatch.GetElapsedTime(started) < _startTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, cancellationToken);
        }

        if (!trace._recording)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            throw new BenchmarkFailedException($"dotnet-trace did not start recording within {_startTimeout.TotalSeconds:0} s:\n{trace.Output()}");
        }

        return trace;
    }

    /// <summary>Waits until dotnet-trace has written the file and exited; returns its size in bytes.</summary>
    public async Task<long> FinishAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _process.Kill();
            throw new BenchmarkFailedException($"dotnet-trace did not finish within 2 minutes:\n{Output()}");
        }

        var code = _process.ExitCode;
        _process.Dispose();
        return code == 0 && System.IO.File.Exists(File)
            ? new FileInfo(File).Length
            : throw new BenchmarkFailedException($"dotnet-trace exited with {code} and no {File}:\n{Output()}");
    }

    private void Seen(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        // dotnet-trace names its output file once the session is open (it shows "Recording trace" only on a terminal).
        if (line.StartsWith("Output File", StringComparison.Ordinal) || line.Contains("Recording trace", StringComparison.OrdinalIgnoreCase))
        {
            _recording = true;
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output.TakeLast(20));
        }
    }
}
