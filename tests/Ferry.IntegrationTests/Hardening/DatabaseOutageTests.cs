using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ferry.Data.Sqlite;
using Ferry.IntegrationTests.Support;
using Ferry.Server;
using Ferry.Server.Hosting;
using Ferry.TestSupport;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ferry.IntegrationTests.Hardening;

/// <summary>
/// docs/architecture.md §8.5 with the real server process: a loop that cannot go on ends the process with exit code
/// 3 (so a supervisor restarts it), and a SQLite file that cannot be written makes the API and readiness answer 503
/// until it can again, without a restart. (PostgreSQL stopped under running instances: <c>CrashLoopTests</c>.)
/// </summary>
public sealed class DatabaseOutageTests
{
    private const string Account = "outageacct";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    private static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "ferry-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_loop_whose_table_is_gone_ends_the_process_with_exit_code_3()
    {
        var dataDirectory = NewDataDirectory();
        try
        {
            // A short leader lease: the loops renew it (a store write) every second.
            await using var process = await FerryProcess.StartHealthyAsync(dataDirectory, Ct, ["--Ferry:Workers:LeaderLeaseDuration", "00:00:02"]);
            using var anonymous = process.CreateClient(clientCertificate: null);
            Assert.Equal(HttpStatusCode.OK, await OutageAssert.BareHealthAsync(anonymous, "healthz/ready", Ct));

            // A fault no retry cures: the table of the leader leases is dropped under the running loops.
            if (await ConnectionStringOrNullAsync(dataDirectory) is { } postgreSql)
            {
                await using var connection = new NpgsqlConnection(postgreSql);
                await connection.OpenAsync(Ct);
                await using var drop = new NpgsqlCommand("DROP TABLE leader_leases", connection);
                await drop.ExecuteNonQueryAsync(Ct);
            }
            else
            {
                await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, SqliteJobStoreExtensions.FileName)};Pooling=False");
                await connection.OpenAsync(Ct);
                await using var drop = connection.CreateCommand();
                drop.CommandText = "DROP TABLE leader_leases";
                await drop.ExecuteNonQueryAsync(Ct);
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            limit.CancelAfter(TimeSpan.FromSeconds(60));
            int exitCode;
            try
            {
                exitCode = await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                throw new InvalidOperationException($"The server did not stop within 60 s of losing a table:\n{process.Output}");
            }

            Assert.True(exitCode == FerryServer.LoopFailedExitCode, $"The server exited with code {exitCode}, not {FerryServer.LoopFailedExitCode}:\n{process.Output}");
            Assert.Contains($"exit code {FerryServer.LoopFailedExitCode}", process.Output, StringComparison.Ordinal);
        }
        finally
        {
            await ServerDatabases.ReleaseAsync(dataDirectory);
            DeleteQuietly(dataDirectory);
        }
    }

    [Fact]
    public async Task A_SQLite_file_that_cannot_be_written_answers_503_and_readiness_503_until_it_can_again()
    {
        if (TestDatabase.IsPostgreSql)
        {
            Log("Runs on the SQLite pass only: on PostgreSQL the database is a server (CrashLoopTests stops it).");
            return;
        }

        var dataDirectory = NewDataDirectory();
        var files = new List<string>();
        try
        {
            await using var process = await FerryProcess.StartHealthyAsync(dataDirectory, Ct);
            var credentials = DevCredentials.ReadOrNull(dataDirectory) ?? throw new InvalidOperationException("No dev credentials were written.");
            using var certificate = CertificateFactory.LoadPem(credentials.ManagementCertificate, credentials.ManagementKey);
            using var client = process.CreateClient(certificate);
            using var anonymous = process.CreateClient(clientCertificate: null);
            client.Timeout = TimeSpan.FromSeconds(120);
            using (var before = await SendAsync(client, credentials, HttpMethod.Put, "before", ClassicRequests.ImportJob("before")))
            {
                Assert.Equal(HttpStatusCode.Created, before.StatusCode);
            }

            // The immutable attribute: not even root can write the database or its WAL. (Not the shared-memory file:
            // SQLite maps it, and a store into a mapping of an immutable file is a SIGBUS, not an error it can report.)
            var database = Path.Combine(dataDirectory, SqliteJobStoreExtensions.FileName);
            files.AddRange(new[] { database, database + "-wal" }.Where(File.Exists));
            if (!await ChattrAsync("+i", files))
            {
                Log("chattr +i is not available here (not root, or a file system without the attribute): nothing to test.");
                files.Clear();
                return;
            }

            await OutageAssert.WaitHealthAsync(anonymous, "healthz/ready", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60), () => process.Output, Ct);
            var (status, report) = await OutageAssert.DetailedHealthAsync(anonymous, credentials.OperatorToken!, Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("Unhealthy", report["checks"]!["database"]!["status"]!.GetValue<string>());
            Assert.Contains("SQLite", report["checks"]!["database"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);

            using (var put = await SendAsync(client, credentials, HttpMethod.Put, "during", ClassicRequests.ImportJob("during")))
            {
                await OutageAssert.ClassicAsync(put);
            }

            using (var patch = await SendAsync(client, credentials, HttpMethod.Patch, "before", ClassicRequests.ShippingUpdate()))
            {
                await OutageAssert.ClassicAsync(patch);
            }

            Assert.False(process.HasExited, $"The server exited while its file could not be written:\n{process.Output}");

            Assert.True(await ChattrAsync("-i", files), "chattr -i failed.");
            files.Clear();
            await OutageAssert.WaitHealthAsync(anonymous, "healthz/ready", HttpStatusCode.OK, TimeSpan.FromSeconds(60), () => process.Output, Ct);

            // Recovered without a restart; the refused writes left nothing behind.
            using (var absent = await SendAsync(client, credentials, HttpMethod.Get, "during"))
            {
                Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
            }

            using (var unchanged = await SendAsync(client, credentials, HttpMethod.Get, "before"))
            {
                Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);
                Assert.Equal("Creating", JsonNode.Parse(await unchanged.Content.ReadAsStringAsync(Ct))!["Properties"]!["State"]!.GetValue<string>());
            }

            using (var after = await SendAsync(client, credentials, HttpMethod.Put, "during", ClassicRequests.ImportJob("during")))
            {
                Assert.Equal(HttpStatusCode.Created, after.StatusCode);
            }

            Assert.False(process.HasExited, $"The server exited:\n{process.Output}");
        }
        finally
        {
            await ChattrAsync("-i", files);
            DeleteQuietly(dataDirectory);
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, DevCredentials credentials, HttpMethod method, string job, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, $"{credentials.SubscriptionId}/services/importexport/storageaccounts/{Account}/jobs/{job}");
        request.Headers.Add("x-ms-version", ClassicRequests.V2);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return await client.SendAsync(request, Ct);
    }

    /// <summary>Runs <c>chattr</c> on <paramref name="files"/>; false when it is missing or refuses.</summary>
    private static async Task<bool> ChattrAsync(string change, List<string> files)
    {
        if (files.Count == 0)
        {
            return true;
        }

        var info = new ProcessStartInfo("chattr") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(change);
        foreach (var file in files)
        {
            info.ArgumentList.Add(file);
        }

        try
        {
            using var chattr = Process.Start(info)!;
            var error = await chattr.StandardError.ReadToEndAsync(Ct);
            await chattr.WaitForExitAsync(Ct);
            if (chattr.ExitCode != 0)
            {
                Log($"chattr {change}: {error}");
            }

            return chattr.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Log($"chattr is not installed: {e.Message}");
            return false;
        }
    }

    private static async Task<string?> ConnectionStringOrNullAsync(string dataDirectory)
    {
        var arguments = await ServerDatabases.ArgumentsAsync(dataDirectory);
        var index = arguments.ToList().IndexOf("--Ferry:Database:ConnectionString");
        return index < 0 ? null : arguments[index + 1];
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the OS's temp cleanup.
        }
    }
}
