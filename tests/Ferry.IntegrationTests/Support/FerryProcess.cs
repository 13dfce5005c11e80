using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ferry.Server.Hosting;

namespace Ferry.IntegrationTests.Support;

/// <summary>
/// The real server as a separate OS process (<c>dotnet Ferry.Server.dll --data-dir … --urls https://127.0.0.1:port</c>),
/// for tests that must kill it or run two at once. Output is captured for failure messages. Under
/// <c>FERRY_TEST_DATABASE=postgresql</c> it runs on the data directory's PostgreSQL database (<see cref="ServerDatabases"/>),
/// the same one for every process on that directory.
/// </summary>
public sealed class FerryProcess : IAsyncDisposable
{
    private const int HealthAttempts = 60;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FerryProcess(Process process, string dataDirectory, Uri baseAddress)
    {
        _process = process;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    public string DataDirectory { get; }

    /// <summary><c>https://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The server's process id (for <c>/proc/&lt;pid&gt;</c>).</summary>
    public int ProcessId => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>The server's build output, next to this test project's: artifacts/bin/Ferry.Server/&lt;configuration&gt;/.</summary>
    public static string ServerDll
    {
        get
        {
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testOutput.Name;
            var bin = testOutput.Parent!.Parent!.FullName;
            var dll = Path.Combine(bin, "Ferry.Server", configuration, "Ferry.Server.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("The server is not built next to the tests.", dll);
        }
    }

    /// <summary>
    /// Starts the server on <paramref name="dataDirectory"/> and a free loopback port, without waiting for it;
    /// <paramref name="arguments"/> adds settings (<c>--Section:Key value</c>).
    /// </summary>
    public static async Task<FerryProcess> StartAsync(string dataDirectory, IReadOnlyList<string>? arguments = null)
    {
        arguments = [.. arguments ?? [], .. await ServerDatabases.ArgumentsAsync(dataDirectory, arguments)];
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ServerDll)!,
        };
        foreach (var argument in new[] { ServerDll, "--data-dir", dataDirectory, "--urls", $"https://127.0.0.1:{port}" }.Concat(arguments ?? []))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var started = new FerryProcess(process, dataDirectory, new Uri($"https://127.0.0.1:{port}/"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Starts the server and waits until <c>GET /healthz</c> answers 200.</summary>
    public static async Task<FerryProcess> StartHealthyAsync(string dataDirectory, CancellationToken cancellationToken, IReadOnlyList<string>? arguments = null)
    {
        var process = await StartAsync(dataDirectory, arguments);
        try
        {
            await process.WaitHealthyAsync(cancellationToken);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Polls <c>GET /healthz</c> a bounded number of times, backing off between attempts, and fails at once when the
    /// process exits.
    /// </summary>
    public async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var client = CreateClient(clientCertificate: null);
        client.Timeout = TimeSpan.FromSeconds(5);
        var backoff = TimeSpan.FromMilliseconds(50);
        for (var attempt = 0; attempt < HealthAttempts; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} before it was healthy:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("healthz", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.WhenAny(_process.WaitForExitAsync(cancellationToken), Task.Delay(backoff, TimeProvider.System, cancellationToken));
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
        }

        throw new TimeoutException($"The server was not healthy after {HealthAttempts} attempts:\n{Output}");
    }

    /// <summary>Waits for the process to exit on its own; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL for the process and its children: no shutdown code runs.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(cancellationToken);
    }

    /// <summary>
    /// A client that trusts only the data directory's server certificate and presents
    /// <paramref name="clientCertificate"/> when given.
    /// </summary>
    public HttpClient CreateClient(X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && IsServerCertificate(certificate),
            },
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private bool IsServerCertificate(X509Certificate certificate)
    {
        if (DevCredentials.ReadOrNull(DataDirectory)?.ServerCertificate is not { } path)
        {
            return false;
        }

        using var expected = X509Certificate2.CreateFromPem(File.ReadAllText(path));
        return certificate.GetCertHashString() == expected.GetCertHashString();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        TaskCompletionSource appended;
        lock (_output)
        {
            _output.AppendLine(line);
            appended = _appended;
            _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        appended.TrySetResult();
    }

    /// <summary>
    /// Waits until a line of the output satisfies <paramref name="match"/>, re-checking on every line the process
    /// writes; returns that line. Fails when the process exits first or <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            string output;
            lock (_output)
            {
                next = _appended.Task;
                output = _output.ToString();
            }

            if (output.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(match) is { } found)
            {
                return found;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited before writing the line; it wrote:\n{output}");
            }

#pragma warning disable VSTHRD003 // The output reader's signal, completed by this object.
            await Task.WhenAny(next, _process.WaitForExitAsync(cancellationToken)).WaitAsync(cancellationToken);
#pragma warning restore VSTHRD003
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
