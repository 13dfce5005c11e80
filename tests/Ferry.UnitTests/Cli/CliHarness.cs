using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Azure.Core.Pipeline;
using Ferry.Cli;
using Ferry.UnitTests.Client;

namespace Ferry.UnitTests.Cli;

/// <summary>
/// Runs <c>ferry</c> in-process with its clients on a stub HTTP handler, a private set of environment variables and a
/// temporary folder holding a management certificate (PEM) for the customer commands.
/// </summary>
internal sealed class CliHarness : IDisposable
{
    public const string Endpoint = "https://ferry.example/";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ferry-cli-unit");

    public CliHarness(Func<HttpRequestMessage, HttpResponseMessage> respond)
    {
        Handler = new StubHandler(respond);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=cli unit", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        CertificatePath = Path.Combine(_folder.FullName, "management.pem");
        KeyPath = Path.Combine(_folder.FullName, "management.key");
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
    }

    public StubHandler Handler { get; }

    public Dictionary<string, string> Variables { get; } = [];

    /// <summary>What the command reads from standard input.</summary>
    public string Input { get; set; } = "";

    public string CertificatePath { get; }

    public string KeyPath { get; }

    /// <summary>An empty data directory inside the temporary folder, so the current directory's ./ferry-data never leaks in.</summary>
    public string DataDirectory => Path.Combine(_folder.FullName, "data");

    public static CliHarness Json(HttpStatusCode status, string? body = null, string contentType = "application/json") =>
        new(_ => StubHandler.Respond(status, body, contentType));

    /// <summary>Writes <c>dev-credentials.json</c> into <see cref="DataDirectory"/>.</summary>
    public void WriteCredentials(object credentials)
    {
        Directory.CreateDirectory(DataDirectory);
        File.WriteAllText(Path.Combine(DataDirectory, "dev-credentials.json"), JsonSerializer.Serialize(credentials));
    }

    /// <summary>Runs the arguments as they are (with the data directory unless one is given).</summary>
    public Task<CliRunResult> RunAsync(params string[] args) =>
        RunLocalAsync(args.Contains("--data-dir") ? args : [.. args, "--data-dir", DataDirectory]);

    /// <summary>Runs the arguments exactly as given: for commands without server options, such as <c>ferry drive …</c>.</summary>
    public async Task<CliRunResult> RunLocalAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var env = new CliEnvironment(output, error, Interactive: false)
        {
            Transport = new HttpClientTransport(new HttpClient(Handler)),
            GetEnvironmentVariable = name => Variables.GetValueOrDefault(name),
            Input = new StringReader(Input),
        };
        var code = await FerryCli.RunAsync(args, env);
        return new CliRunResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs an operator command with explicit endpoint, subscription and token.</summary>
    public Task<CliRunResult> OperatorAsync(params string[] args) =>
        RunAsync(["operator", .. args, "--endpoint", Endpoint, "--subscription", "sub-1", "--operator-token", "tok-123"]);

    /// <summary>Runs a customer command (job, webhook, location) with explicit endpoint, subscription and certificate.</summary>
    public Task<CliRunResult> CustomerAsync(params string[] args) =>
        RunAsync([.. args, "--endpoint", Endpoint, "--subscription", "sub-1", "--certificate", CertificatePath, "--key", KeyPath]);

    public void Dispose() => _folder.Delete(recursive: true);
}

internal sealed record CliRunResult(int ExitCode, string Output, string Error)
{
    public JsonElement Json() => JsonDocument.Parse(Output).RootElement;

    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
