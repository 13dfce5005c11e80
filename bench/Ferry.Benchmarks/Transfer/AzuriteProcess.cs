using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ferry.Benchmarks.Transfer;

/// <summary>
/// Azurite's blob service (the npm package pinned in the repository's <c>package.json</c>) as a child process on a
/// loopback port, with in-memory persistence; its output goes to a log file. The benchmark starts a fresh one on the
/// same port for every run, so that no run pays for the blobs of an earlier one (in-memory Azurite keeps the extents of
/// deleted blobs for a while) and memory stays bounded by one run's data.
/// </summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development key (public, documented by Azurite).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();

    private AzuriteProcess(Process process, StreamWriter log, int port, IReadOnlyList<string> arguments)
    {
        _process = process;
        _log = log;
        Port = port;
        Arguments = arguments;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    /// <summary>The arguments after <c>node</c>.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The endpoint template the server is given: <c>http://127.0.0.1:PORT/{account}</c>.</summary>
    public string EndpointTemplate => $"http://127.0.0.1:{Port}/{{account}}";

    public Uri AccountEndpoint => new($"http://127.0.0.1:{Port}/{AccountName}");

    /// <summary>Starts Azurite on <paramref name="port"/> and waits until it listens, or fails after <paramref name="timeout"/>.</summary>
    public static async Task<AzuriteProcess> StartAsync(TransferBenchOptions options, int port, string logPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var script = Path.GetFullPath(options.AzuriteScript);
        if (!File.Exists(script))
        {
            throw new BenchmarkFailedException($"Azurite not found at {script}. Install it first: npm ci (in the repository root).");
        }

        List<string> arguments =
        [
            script, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture),
            "--inMemoryPersistence", "--skipApiVersionCheck", "--silent", .. options.AzuriteArgs,
        ];
        var info = new ProcessStartInfo(options.NodeHost) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        var azurite = new AzuriteProcess(process, log, port, arguments);
        process.OutputDataReceived += (_, e) => azurite.Append(e.Data);
        process.ErrorDataReceived += (_, e) => azurite.Append(e.Data);
        if (!process.Start())
        {
            throw new BenchmarkFailedException($"Could not start {options.NodeHost} {string.Join(' ', arguments)}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            if (process.HasExited)
            {
                var code = process.ExitCode;
                await azurite.DisposeAsync();
                throw new BenchmarkFailedException($"Azurite exited with code {code} at start; see {logPath}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return azurite;
            }
            catch (SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, cancellationToken);
            }
        }

        await azurite.DisposeAsync();
        throw new BenchmarkFailedException($"Azurite did not listen on {port} within {timeout.TotalSeconds:0} s; see {logPath}.");
    }

    /// <summary>Azurite's memory counters now; null once it is gone.</summary>
    public MemorySample? ReadMemoryOrNull() => ProcStats.ReadMemoryOrNull(_process.Id);

    /// <summary>Azurite's CPU time so far; null once it is gone.</summary>
    public TimeSpan? ReadCpuOrNull() => ProcStats.ReadCpuOrNull(_process.Id);

    /// <summary>Stops Azurite (only the process this benchmark started) and closes the log.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: false);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"warning: Azurite process {_process.Id} did not exit within 10 s of SIGKILL.");
        }

        _process.Dispose();
        lock (_logLock)
        {
            _log.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after shutdown is dropped.
            }
        }
    }
}
