using System.Diagnostics;
using System.Globalization;

namespace Ferry.Benchmarks.Transfer;

/// <summary>
/// Runs a command to completion and times it. When <c>/usr/bin/time</c> exists the command runs under it, so the CPU
/// time of the command and of every process it waited for (cp, md5sum, the ferry tool) is known too.
/// </summary>
internal static class ChildCommand
{
    private const string GnuTime = "/usr/bin/time";

    /// <summary>Runs <paramref name="command"/> with <paramref name="arguments"/>; standard output goes to <paramref name="outputFile"/> when given.</summary>
    public static async Task<CommandResult> RunAsync(string command, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken, string? outputFile = null)
    {
        var timeFile = File.Exists(GnuTime) ? Path.Combine(Path.GetTempPath(), $"ferry-bench-time-{Guid.NewGuid():N}.txt") : null;
        var info = new ProcessStartInfo(timeFile is null ? command : GnuTime)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        if (timeFile is not null)
        {
            foreach (var argument in new[] { "-f", "%U %S", "-o", timeFile, command })
            {
                info.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        if (!process.Start())
        {
            throw new BenchmarkFailedException($"Could not start {command}.");
        }

        Task<string> output;
        if (outputFile is null)
        {
            output = process.StandardOutput.ReadToEndAsync(timer.Token);
        }
        else
        {
            output = CopyToFileAsync(process.StandardOutput, outputFile, timer.Token);
        }

        var error = process.StandardError.ReadToEndAsync(timer.Token);
        try
        {
            await process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            // Only the process this benchmark started (and what it started) is stopped.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new BenchmarkFailedException($"{command} did not finish within {timeout.TotalSeconds:0} s.");
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return new CommandResult(process.ExitCode, elapsed, ReadCpuOrNull(timeFile), await output, await error);
    }

    private static async Task<string> CopyToFileAsync(StreamReader reader, string path, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        await reader.BaseStream.CopyToAsync(file, cancellationToken);
        return "";
    }

    private static TimeSpan? ReadCpuOrNull(string? timeFile)
    {
        if (timeFile is null || !File.Exists(timeFile))
        {
            return null;
        }

        try
        {
            // The last line is "<user> <system>"; earlier lines, if any, say the command failed.
            var parts = File.ReadAllLines(timeFile).Last(l => l.Length > 0).Split(' ');
            return TimeSpan.FromSeconds(double.Parse(parts[0], CultureInfo.InvariantCulture) + double.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or InvalidOperationException)
        {
            return null;
        }
        finally
        {
            File.Delete(timeFile);
        }
    }
}
