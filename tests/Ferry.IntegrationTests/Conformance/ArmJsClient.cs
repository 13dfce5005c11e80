using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Conformance;

/// <summary>
/// Runs <c>Conformance/js/arm-client.js</c>: Microsoft's JS ARM client <c>@azure/arm-storageimportexport</c> (pinned in
/// the repository's <c>package.json</c>, installed by <c>npm ci</c>) against a <see cref="FerryTestServer"/>, one
/// scenario per Node process. Node trusts the server certificate through <c>NODE_EXTRA_CA_CERTS</c>. Outside CI a
/// machine without Node or the package skips the test; under <c>CI=true</c> it fails.
/// </summary>
public static class ArmJsClient
{
    private const string ScriptPath = "tests/Ferry.IntegrationTests/Conformance/js/arm-client.js";
    private const string PackagePath = "node_modules/@azure/arm-storageimportexport/package.json";
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Runs <paramref name="scenario"/> at <paramref name="apiVersion"/> with the server's development ARM token, and
    /// <paramref name="environment"/> added to Node's environment; fails on a crash, a timeout or unreadable output.
    /// </summary>
    public static async Task<ArmClientRun> RunAsync(FerryTestServer server, string apiVersion, string scenario, IReadOnlyDictionary<string, string>? environment = null)
    {
        var root = RepositoryRootOrNull();
        if (root is null)
        {
            Unavailable($"{ScriptPath} was not found above {AppContext.BaseDirectory}.");
        }

        if (!File.Exists(Path.Combine(root!, PackagePath)))
        {
            Unavailable("@azure/arm-storageimportexport is not installed: run `npm ci` in the repository root (the test command does).");
        }

        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        info.ArgumentList.Add(Path.Combine(root!, ScriptPath));
        info.ArgumentList.Add(scenario);
        info.Environment["NODE_EXTRA_CA_CERTS"] = Path.GetFullPath(server.Credentials.ServerCertificate, server.DataDirectory);
        info.Environment["FERRY_ARM_ENDPOINT"] = server.BaseAddress.ToString();
        info.Environment["FERRY_ARM_SUBSCRIPTION"] = server.SubscriptionId;
        info.Environment["FERRY_ARM_TOKEN"] = server.ArmToken;
        info.Environment["FERRY_ARM_API_VERSION"] = apiVersion;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        // The client's pipeline honours proxy variables; the server is on the loopback interface.
        foreach (var proxy in new[] { "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy" })
        {
            info.Environment.Remove(proxy);
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            Unavailable($"Node could not be started ({e.Message}); install Node 20 or later.");
        }

        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"The JS client's scenario '{scenario}' did not finish within {_timeout.TotalSeconds} s; it was killed. Stderr:\n{await stderr}");
        }

        var output = await stdout;
        var errors = await stderr;
        Assert.True(process.ExitCode == 0, $"The JS client's scenario '{scenario}' exited with {process.ExitCode}. Stderr:\n{errors}\nStdout:\n{output}");
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(output);
        }
        catch (System.Text.Json.JsonException e)
        {
            Assert.Fail($"The JS client's scenario '{scenario}' printed no JSON document ({e.Message}). Stdout:\n{output}\nStderr:\n{errors}");
            throw;
        }

        return new ArmClientRun(scenario, document!["steps"]!.AsArray(), errors);
    }

    private static string? RepositoryRootOrNull()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, ScriptPath)))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    private static void Unavailable(string reason)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason);
        }

        Assert.Skip(reason);
    }
}
