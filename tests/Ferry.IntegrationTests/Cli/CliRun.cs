using System.Text.Json;
using Ferry.Cli;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Cli;

/// <summary>Runs <c>ferry</c> in-process against a test server: its data directory's credentials, its address as <c>--endpoint</c>.</summary>
internal static class CliRun
{
    public const string AccountKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";
    public const string BitLockerKey = "259358-100188-581471-154165-090552-296406-410091-426844";

    public static Task<CliResult> RunAsync(FerryTestServer server, params string[] args) => RunAsync(server, new StringWriter(), args);

    public static async Task<CliResult> RunAsync(FerryTestServer server, TextWriter output, params string[] args)
    {
        var error = new StringWriter();
        string[] all = [.. args, "--data-dir", server.DataDirectory, "--endpoint", server.BaseAddress.AbsoluteUri];
        var code = await FerryCli.RunAsync(all, output, error);
        return new CliResult(code, output.ToString()!, error.ToString());
    }

    /// <summary><c>job create</c> of an import job with one drive, returning the result.</summary>
    public static Task<CliResult> CreateImportJobAsync(FerryTestServer server, string name, string account = "cliacct", params string[] extra) =>
        RunAsync(server, [
            "job", "create", name, "--account", account, "--type", "import", "--location", "West US", "--account-key", AccountKey,
            "--drive", $"DRIVE-{name},{BitLockerKey},\\DriveManifest.xml,B306C4B34DAA0E99957A4B9C779D2FA2",
            "--return-name", "John Doe", "--return-address", "One Microsoft Way, Redmond", "--return-phone", "1-800-000-0000", "--return-email", "john@example.com",
            .. extra,
        ]);
}

internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public JsonElement Json() => JsonDocument.Parse(Output).RootElement;

    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
