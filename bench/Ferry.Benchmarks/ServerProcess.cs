using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ferry.Benchmarks;

/// <summary>
/// The Release server as a child process on a free loopback port with a fresh data directory. Its output goes to
/// a log file; its memory is read from <c>/proc/&lt;pid&gt;/status</c>.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();

    private ServerProcess(Process process, StreamWriter log, string logPath, int port, IReadOnlyList<string> arguments)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
        Port = port;
        Arguments = arguments;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public string LogPath { get; }

    public IReadOnlyList<string> Arguments { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet &lt;serverDll&gt;</c> with the classic load benchmark's switches; does not wait for readiness.</summary>
    public static ServerProcess Start(BenchOptions options, string dataDirectory, string logPath)
    {
        List<string> switches = ["--Ferry:Jobs:MaxActiveJobsPerSubscription", options.MaxActiveJobs.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        if (options.EffectiveServerPageSize > 0)
        {
            switches.AddRange(["--Ferry:Classic:MaxPageSize", options.EffectiveServerPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        switches.AddRange(options.ServerArgs);
        return Start(options.DotnetHost, options.ServerDll, switches, dataDirectory, logPath);
    }

    /// <summary>
    /// Starts <c>dotnet &lt;serverDll&gt; --data-dir &lt;dataDirectory&gt; --urls https://127.0.0.1:&lt;free port&gt;</c> followed by
    /// <paramref name="switches"/>, with <paramref name="environment"/> added to its environment; does not wait for readiness.
    /// </summary>
    public static ServerProcess Start(
        string dotnetHost, string serverDllPath, IReadOnlyList<string> switches, string dataDirectory, string logPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var serverDll = Path.GetFullPath(serverDllPath);
        if (!File.Exists(serverDll))
        {
            throw new BenchmarkFailedException(
                $"Server not found at {serverDll}. Build it first: dotnet build -c Release src/Ferry.Server (or use the bench/run-*.sh scripts).");
        }

        var port = FreeLoopbackPort();
        List<string> arguments = [serverDll, "--data-dir", dataDirectory, "--urls", $"https://127.0.0.1:{port}", .. switches];
        var startInfo = new ProcessStartInfo(dotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dataDirectory)!,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = startInfo };
        var server = new ServerProcess(process, log, logPath, port, arguments);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        if (!process.Start())
        {
            throw new BenchmarkFailedException($"Could not start {dotnetHost} {string.Join(' ', arguments)}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits until the credentials file exists and <c>/healthz</c> answers 200, or fails after <paramref name="timeout"/>.</summary>
    public async Task<ServerCredentials> WaitUntilReadyAsync(string dataDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        ServerCredentials? credentials = null;
        HttpClient? client = null;
        string lastProblem = "no answer yet";
        try
        {
            while (Stopwatch.GetElapsedTime(started) < timeout)
            {
                if (_process.HasExited)
                {
                    throw new BenchmarkFailedException($"The server exited with code {_process.ExitCode} during startup.");
                }

                credentials ??= ServerCredentials.ReadOrNull(dataDirectory);
                if (credentials is not null)
                {
                    client ??= ClassicClient.CreateHttpClient(credentials, maxConnections: 1, TimeSpan.FromSeconds(5));
                    try
                    {
                        using var response = await client.GetAsync(new Uri($"https://127.0.0.1:{Port}/healthz"), cancellationToken);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            return credentials;
                        }

                        lastProblem = $"GET /healthz answered {(int)response.StatusCode}";
                    }
                    catch (HttpRequestException e)
                    {
                        lastProblem = $"GET /healthz failed: {e.Message}";
                    }
                    catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        lastProblem = "GET /healthz timed out";
                    }
                }
                else
                {
                    lastProblem = $"{ServerCredentials.FileName} not written yet";
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, cancellationToken);
            }
        }
        finally
        {
            client?.Dispose();
        }

        throw new BenchmarkFailedException($"The server was not ready after {timeout.TotalSeconds:0} s ({lastProblem}).\n{LogTail()}");
    }

    /// <summary>Reads the server's memory counters; null once the process is gone.</summary>
    public MemorySample? ReadMemoryOrNull() => ProcStats.ReadMemoryOrNull(_process.Id);

    /// <summary>The first <c>fail:</c> or <c>crit:</c> entry of the server log with the lines after it (its exception), for failure reports.</summary>
    public string FirstErrorInLog(int lines = 30)
    {
        lock (_logLock)
        {
            _log.Flush();
        }

        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var found = new List<string>();
            while (reader.ReadLine() is { } line && found.Count < lines)
            {
                if (found.Count > 0 || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
                {
                    found.Add(line);
                }
            }

            return found.Count == 0 ? "(no fail: or crit: entry in the server log)" : $"--- first error in the server log ---\n{string.Join('\n', found)}";
        }
        catch (IOException e)
        {
            return $"(server log unreadable: {e.Message})";
        }
    }

    /// <summary>The last lines of the server log, for failure reports.</summary>
    public string LogTail(int lines = 40)
    {
        lock (_logLock)
        {
            _log.Flush();
        }

        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = new Queue<string>();
            while (reader.ReadLine() is { } line)
            {
                all.Enqueue(line);
                if (all.Count > lines)
                {
                    all.Dequeue();
                }
            }

            return $"--- last {all.Count} lines of the server log ({LogPath}) ---\n{string.Join('\n', all)}";
        }
        catch (IOException e)
        {
            return $"(server log unreadable: {e.Message})";
        }
    }

    /// <summary>Stops the server (only the process this benchmark started) and closes the log.</summary>
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
            await Console.Error.WriteLineAsync($"warning: server process {_process.Id} did not exit within 10 s of SIGKILL.");
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

    /// <summary>A loopback port that was free a moment ago.</summary>
    internal static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
