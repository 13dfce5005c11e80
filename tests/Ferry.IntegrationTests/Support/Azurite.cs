using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Storage;
using Azure.Storage.Blobs;

[assembly: AssemblyFixture(typeof(Ferry.IntegrationTests.Support.Azurite))]

namespace Ferry.IntegrationTests.Support;

/// <summary>
/// A real Azurite blob service for the whole test run: the npm package pinned in the repository's
/// <c>package.json</c> (installed by <c>npm ci</c> in the test command), started on a free loopback port with in-memory
/// persistence and stopped at the end. <c>FERRY_TEST_BLOB</c> (a blob endpoint template such as
/// <c>http://127.0.0.1:10000/{account}</c>) points the suite at a running one instead. Outside CI a machine without
/// Node or the package skips the tests that need it; under <c>CI=true</c> they fail.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development key (public, documented by Azurite).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process? _process;
    private readonly StringBuilder _output = new();
    private readonly string? _unavailable;

    public Azurite()
    {
        if (Environment.GetEnvironmentVariable("FERRY_TEST_BLOB") is { Length: > 0 } template)
        {
            EndpointTemplate = template;
            return;
        }

        var script = FindScriptOrNull();
        if (script is null)
        {
            _unavailable = "Azurite is not installed: run `npm ci` in the repository root (the test command does).";
            EndpointTemplate = "";
            return;
        }

        var port = FreePort();
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { script, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl" })
        {
            info.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        EndpointTemplate = $"http://127.0.0.1:{port}/{{account}}";
        WaitForPort(port);
    }

    /// <summary>The blob endpoint template to give Ferry (<c>Ferry:Storage:BlobEndpoint</c>).</summary>
    public string EndpointTemplate { get; }

    /// <summary>The development account's blob endpoint.</summary>
    public Uri AccountEndpoint => new(EndpointTemplate.Replace("{account}", AccountName, StringComparison.Ordinal));

    /// <summary>A client of the development account; skips (or fails under CI) when Azurite is unavailable.</summary>
    public BlobServiceClient CreateServiceClient()
    {
        EnsureAvailable();
        return new BlobServiceClient(AccountEndpoint, new StorageSharedKeyCredential(AccountName, AccountKey));
    }

    /// <summary>Skips the test (outside CI) or fails it (under CI) when Azurite could not be started.</summary>
    public void EnsureAvailable()
    {
        if (_unavailable is null)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(_unavailable);
        }

        Assert.Skip(_unavailable);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private static string? FindScriptOrNull()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "node_modules", "azurite", "dist", "src", "blob", "main.js");
            if (File.Exists(script))
            {
                return script;
            }
        }

        return null;
    }

    private void WaitForPort(int port)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited at start:\n{Output}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet: Azurite's start is a blocking wait of the fixture, once per run.
                _process.WaitForExit(100);
            }
        }

        throw new InvalidOperationException($"Azurite did not listen on {port} in time:\n{Output}");
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
