using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;
using Ferry.Server.Hosting;

namespace Ferry.IntegrationTests.Classic;

/// <summary>
/// The real server as an OS process: what it acknowledged survives SIGKILL, and a second process cannot open the
/// same data directory (docs/architecture.md §1, deployment shapes).
/// </summary>
public sealed class DurabilityTests
{
    private const string Account = "xttest";
    private const int Jobs = 5;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "ferry-tests", Guid.NewGuid().ToString("N"));

    private static HttpRequestMessage Request(DevCredentials credentials, HttpMethod method, string path, JsonNode? body = null)
    {
        var request = new HttpRequestMessage(method, $"{credentials.SubscriptionId}/services/importexport/{path}");
        request.Headers.Add("x-ms-version", ClassicRequests.V2);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return request;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, DevCredentials credentials, HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = Request(credentials, method, path, body);
        return await client.SendAsync(request, Ct);
    }

    private static string ETagOf(HttpResponseMessage response) => response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("No ETag.");

    [Fact]
    public async Task Every_acknowledged_job_and_update_survives_a_SIGKILL_with_the_same_ETag()
    {
        var dataDirectory = NewDataDirectory();
        try
        {
            var acknowledged = new Dictionary<string, string>();
            DevCredentials credentials;
            await using (var first = await FerryProcess.StartHealthyAsync(dataDirectory, Ct))
            {
                credentials = DevCredentials.ReadOrNull(dataDirectory) ?? throw new InvalidOperationException("No dev credentials were written.");
                using var certificate = CertificateFactory.LoadPem(credentials.ManagementCertificate, credentials.ManagementKey);
                using var client = first.CreateClient(certificate);
                for (var i = 0; i < Jobs; i++)
                {
                    var name = $"DurableJob{i}";
                    using var put = await SendAsync(client, credentials, HttpMethod.Put, $"storageaccounts/{Account}/jobs/{name}", ClassicRequests.ImportJob(name, drives: 2));
                    Assert.Equal(HttpStatusCode.Created, put.StatusCode);
                    acknowledged[name] = ETagOf(put);
                }

                using var patch = await SendAsync(client, credentials, HttpMethod.Patch, $"storageaccounts/{Account}/jobs/DurableJob{Jobs - 1}", ClassicRequests.ShippingUpdate());
                Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
                await first.KillAsync(Ct);
                acknowledged[$"DurableJob{Jobs - 1}"] = ETagOf(patch);
            }

            await using var second = await FerryProcess.StartHealthyAsync(dataDirectory, Ct);
            using var secondCertificate = CertificateFactory.LoadPem(credentials.ManagementCertificate, credentials.ManagementKey);
            using var secondClient = second.CreateClient(secondCertificate);
            foreach (var (name, etag) in acknowledged)
            {
                using var get = await SendAsync(secondClient, credentials, HttpMethod.Get, $"storageaccounts/{Account}/jobs/{name}");
                Assert.Equal(HttpStatusCode.OK, get.StatusCode);
                Assert.Equal(etag, ETagOf(get));
                var job = JsonNode.Parse(await get.Content.ReadAsStringAsync(Ct))!;
                Assert.Equal(name == $"DurableJob{Jobs - 1}" ? "Shipping" : "Creating", job["Properties"]!["State"]!.GetValue<string>());
                Assert.Equal(2, job["DriveList"]!.AsArray().Count);
            }

            using var list = await SendAsync(secondClient, credentials, HttpMethod.Get, $"storageaccounts/{Account}/jobs");
            var listed = JsonNode.Parse(await list.Content.ReadAsStringAsync(Ct))!;
            Assert.Equal(Jobs.ToString(System.Globalization.CultureInfo.InvariantCulture), listed["odata.count"]!.GetValue<string>());
        }
        finally
        {
            DeleteQuietly(dataDirectory);
        }
    }

    /// <summary>
    /// Creates and deletes sent concurrently share commits (docs/architecture.md §11.1): each is acknowledged only once
    /// its batch is durable, so every acknowledged create is there after SIGKILL with its ETag and no acknowledged
    /// delete is back.
    /// </summary>
    [Fact]
    public async Task Every_acknowledged_concurrent_create_and_delete_survives_a_SIGKILL()
    {
        const int workers = 6; // 18 creates: under the default limit of 20 active jobs
        const int perWorker = 3;
        var dataDirectory = NewDataDirectory();
        try
        {
            var created = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
            var deleted = new System.Collections.Concurrent.ConcurrentBag<string>();
            DevCredentials credentials;
            await using (var first = await FerryProcess.StartHealthyAsync(dataDirectory, Ct))
            {
                credentials = DevCredentials.ReadOrNull(dataDirectory) ?? throw new InvalidOperationException("No dev credentials were written.");
                using var certificate = CertificateFactory.LoadPem(credentials.ManagementCertificate, credentials.ManagementKey);
                using var client = first.CreateClient(certificate);
                await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
                {
                    for (var i = 0; i < perWorker; i++)
                    {
                        var name = $"GroupJob{w}x{i}";
                        using var put = await SendAsync(client, credentials, HttpMethod.Put, $"storageaccounts/{Account}/jobs/{name}", ClassicRequests.ImportJob(name, drives: 1));
                        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
                        created[name] = ETagOf(put);
                    }

                    var doomed = $"GroupJob{w}x0";
                    using var delete = await SendAsync(client, credentials, HttpMethod.Delete, $"storageaccounts/{Account}/jobs/{doomed}");
                    Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
                    created.TryRemove(doomed, out _);
                    deleted.Add(doomed);
                }));
                await first.KillAsync(Ct);
            }

            await using var second = await FerryProcess.StartHealthyAsync(dataDirectory, Ct);
            using var secondCertificate = CertificateFactory.LoadPem(credentials.ManagementCertificate, credentials.ManagementKey);
            using var secondClient = second.CreateClient(secondCertificate);
            Assert.Equal(workers * (perWorker - 1), created.Count);
            foreach (var (name, etag) in created)
            {
                using var get = await SendAsync(secondClient, credentials, HttpMethod.Get, $"storageaccounts/{Account}/jobs/{name}");
                Assert.Equal(HttpStatusCode.OK, get.StatusCode);
                Assert.Equal(etag, ETagOf(get));
            }

            foreach (var name in deleted)
            {
                using var get = await SendAsync(secondClient, credentials, HttpMethod.Get, $"storageaccounts/{Account}/jobs/{name}");
                Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            }

            using var list = await SendAsync(secondClient, credentials, HttpMethod.Get, $"storageaccounts/{Account}/jobs");
            var listed = JsonNode.Parse(await list.Content.ReadAsStringAsync(Ct))!;
            Assert.Equal(created.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), listed["odata.count"]!.GetValue<string>());
        }
        finally
        {
            DeleteQuietly(dataDirectory);
        }
    }

    /// <summary>The data directory lock guards the SQLite file, so this runs on SQLite on every backend run (PostgreSQL instances share a database, not a lock).</summary>
    [Fact]
    public async Task A_second_server_on_the_same_data_directory_fails_to_start_and_says_the_directory_is_in_use()
    {
        var dataDirectory = NewDataDirectory();
        string[] sqlite = ["--Ferry:Database:Provider", "Sqlite"];
        try
        {
            await using var first = await FerryProcess.StartHealthyAsync(dataDirectory, Ct, sqlite);
            await using var second = await FerryProcess.StartAsync(dataDirectory, sqlite);

            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            bounded.CancelAfter(TimeSpan.FromMinutes(2));
            var exitCode = await second.WaitForExitAsync(bounded.Token);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("in use", second.Output, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(dataDirectory, second.Output, StringComparison.Ordinal);
            Assert.False(first.HasExited);
            using var client = first.CreateClient(clientCertificate: null);
            using var health = await client.GetAsync("healthz", Ct);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        finally
        {
            DeleteQuietly(dataDirectory);
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the OS; the temp folder is cleaned later.
        }
    }
}
