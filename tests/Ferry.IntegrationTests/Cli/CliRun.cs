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

    /// <summary>
    /// Runs <c>ferry</c> with <c>--data-dir</c> as its only connection option: the endpoint, the server certificate, the
    /// management certificate and the operator token all come from the server's <c>dev-credentials.json</c>.
    /// </summary>
    public static Task<CliResult> DevAsync(FerryTestServer server, params string[] args) => DevAsync(server, new StringWriter(), args);

    /// <inheritdoc cref="DevAsync(FerryTestServer, string[])"/>
    public static async Task<CliResult> DevAsync(FerryTestServer server, TextWriter output, params string[] args)
    {
        var error = new StringWriter();
        var code = await FerryCli.RunAsync([.. args, "--data-dir", server.DataDirectory], output, error);
        return new CliResult(code, output.ToString()!, error.ToString());
    }

    /// <summary>A writer a command may write to while the test reads what it wrote so far.</summary>
    public static (TextWriter Writer, Func<string> Read) SharedOutput()
    {
        var inner = new StringWriter();
        var writer = TextWriter.Synchronized(inner);

        // The synchronized writer locks on itself for every write.
        return (writer, () =>
        {
            lock (writer)
            {
                return inner.ToString();
            }
        }
        );
    }

    /// <summary>Waits until <paramref name="condition"/> holds (re-checked every 20 ms), failing after 30 seconds.</summary>
    public static Task UntilAsync(Func<bool> condition, CancellationToken cancellationToken) => UntilAsync(() => Task.FromResult(condition()), cancellationToken);

    /// <inheritdoc cref="UntilAsync(Func{bool}, CancellationToken)"/>
    public static async Task UntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
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

    /// <summary>The rows of the tables printed: each line with cell borders, as its trimmed cells (header rows included).</summary>
    public IReadOnlyList<string[]> Rows() =>
    [
        .. Output.Split('\n')
            .Where(line => line.Contains('│', StringComparison.Ordinal))
            .Select(line => line.Split('│').Select(cell => cell.Trim()).ToArray()[1..^1]),
    ];

    /// <summary>The value of a property table's row named <paramref name="name"/>.</summary>
    public string Property(string name) => Rows().First(r => r.Length == 2 && r[0] == name)[1];

    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
