using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Conformance;

/// <summary>
/// Runs <c>Conformance/python/arm_sdk.py</c> with Debian's system Python (<c>/usr/bin/python3</c>): Microsoft's Python
/// SDK <c>azure-mgmt-storageimportexport</c> (Debian's <c>python3-azure</c>, installed by the test command when missing)
/// against a <see cref="FerryTestServer"/>, one scenario per Python process. The SDK trusts the server certificate through
/// its <c>connection_verify</c> option. Outside CI a machine without the interpreter or the SDK skips the test; under
/// <c>CI=true</c> it fails.
/// </summary>
public static class ArmPythonSdk
{
    private const string Python = "/usr/bin/python3";
    private const string ScriptPath = "tests/Ferry.IntegrationTests/Conformance/python/arm_sdk.py";
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The api-versions the installed SDK supports (its versioned modules, or its single default), each one the server
    /// serves; skips (or fails under CI) when Python or the SDK is missing.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ApiVersionsAsync()
    {
        var (exitCode, output, errors) = await RunProcessAsync("versions", new Dictionary<string, string>());
        if (exitCode != 0 && errors.Contains("No module named 'azure", StringComparison.Ordinal))
        {
            Unavailable($"Microsoft's Python SDK is not installed for {Python}: install Debian's python3-azure (the test command does). {errors}");
        }

        Assert.True(exitCode == 0, $"The Python SDK's api-versions could not be read (exit {exitCode}). Stderr:\n{errors}\nStdout:\n{output}");
        var versions = JsonNode.Parse(output)!["apiVersions"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        Assert.NotEmpty(versions);
        var served = ArmRequests.Versions.Select(row => row.Data).ToList();
        Assert.All(versions, v => Assert.Contains(v, served));
        return versions;
    }

    /// <summary>
    /// Runs <paramref name="scenario"/> at <paramref name="apiVersion"/> with the server's development ARM token, and
    /// <paramref name="environment"/> added to Python's environment; fails on a crash, a timeout or unreadable output.
    /// </summary>
    public static async Task<ArmClientRun> RunAsync(FerryTestServer server, string apiVersion, string scenario, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["FERRY_ARM_CA_FILE"] = Path.GetFullPath(server.Credentials.ServerCertificate, server.DataDirectory),
            ["FERRY_ARM_ENDPOINT"] = server.BaseAddress.ToString(),
            ["FERRY_ARM_SUBSCRIPTION"] = server.SubscriptionId,
            ["FERRY_ARM_TOKEN"] = server.ArmToken,
            ["FERRY_ARM_API_VERSION"] = apiVersion,
        };
        var (exitCode, output, errors) = await RunProcessAsync(scenario, variables);
        Assert.True(exitCode == 0, $"The Python SDK's scenario '{scenario}' exited with {exitCode}. Stderr:\n{errors}\nStdout:\n{output}");
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(output);
        }
        catch (System.Text.Json.JsonException e)
        {
            Assert.Fail($"The Python SDK's scenario '{scenario}' printed no JSON document ({e.Message}). Stdout:\n{output}\nStderr:\n{errors}");
            throw;
        }

        Assert.Equal(apiVersion, document!["apiVersion"]!.GetValue<string>());
        return new ArmClientRun(scenario, document["steps"]!.AsArray(), errors);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunProcessAsync(string scenario, Dictionary<string, string> environment)
    {
        var root = RepositoryRootOrNull();
        if (root is null)
        {
            Unavailable($"{ScriptPath} was not found above {AppContext.BaseDirectory}.");
        }

        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        info.ArgumentList.Add(Path.Combine(root!, ScriptPath));
        info.ArgumentList.Add(scenario);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        // The SDK's transport honours proxy and CA-bundle variables; the server is on the loopback interface and its
        // certificate is passed explicitly. No byte-code files are written into the repository.
        foreach (var variable in new[] { "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "PYTHONPATH", "PYTHONHOME" })
        {
            info.Environment.Remove(variable);
        }

        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        info.Environment["PYTHONIOENCODING"] = "utf-8";

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            Unavailable($"{Python} could not be started ({e.Message}); install Debian's python3 and python3-azure.");
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
            Assert.Fail($"The Python SDK's scenario '{scenario}' did not finish within {_timeout.TotalSeconds} s; it was killed. Stderr:\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
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
