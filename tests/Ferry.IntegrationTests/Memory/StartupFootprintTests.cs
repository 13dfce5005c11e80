using Ferry.IntegrationTests.Support;
using Ferry.TestSupport;

namespace Ferry.IntegrationTests.Memory;

/// <summary>
/// What a freshly started server has loaded (docs/architecture.md §11.3): the PostgreSQL driver only when PostgreSQL is
/// the store, and the OTLP exporter only when an OTLP endpoint is configured. Read from the real process's
/// <c>/proc/&lt;pid&gt;/maps</c>, where every loaded assembly is a mapped file.
/// </summary>
public sealed class StartupFootprintTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_fresh_server_loads_Npgsql_only_on_PostgreSQL_and_no_OTLP_exporter_without_an_endpoint()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Reads /proc/<pid>/maps.");
        Assert.SkipWhen(Environment.GetEnvironmentVariables().Keys.Cast<string>().Any(k => k.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.Ordinal)),
            "An OTLP endpoint is configured in the test's environment, which the server inherits.");
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ferry-tests", Guid.NewGuid().ToString("N"));
        try
        {
            string[] loaded;
            await using (var server = await FerryProcess.StartHealthyAsync(dataDirectory, Ct))
            {
                var maps = await File.ReadAllLinesAsync($"/proc/{server.ProcessId}/maps", Ct);
                loaded = [.. maps.Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    .Where(fields => fields.Length >= 6 && fields[5].EndsWith(".dll", StringComparison.Ordinal))
                    .Select(fields => Path.GetFileName(fields[5]))
                    .Distinct(StringComparer.Ordinal)];
            }

            // The check reads something real: the server's own assemblies and its SQLite or PostgreSQL store are there.
            Assert.Contains("Ferry.Server.dll", loaded);
            Assert.Contains("OpenTelemetry.dll", loaded);
            Assert.DoesNotContain("OpenTelemetry.Exporter.OpenTelemetryProtocol.dll", loaded);
            if (TestDatabase.IsPostgreSql)
            {
                Assert.Contains("Npgsql.dll", loaded);
            }
            else
            {
                Assert.Contains("Microsoft.Data.Sqlite.dll", loaded);
                Assert.DoesNotContain("Npgsql.dll", loaded);
            }
        }
        finally
        {
            await ServerDatabases.ReleaseAsync(dataDirectory);
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }
}
