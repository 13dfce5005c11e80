using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Ferry.Client.Classic;
using Ferry.Client.Models;
using Ferry.Client.Operator;
using Ferry.Core.Drives;
using Ferry.Data.PostgreSql;
using Ferry.Data.Sqlite;
using Ferry.IntegrationTests.Support;
using Ferry.IntegrationTests.Transfer;
using Ferry.Server.Hosting;
using Ferry.TestSupport;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ferry.IntegrationTests.Classic;

/// <summary>
/// Crash loops on the run's backend. The real server process is killed with SIGKILL at seeded random points while
/// workers create, replace, update and delete jobs through the classic API and an import copies a drive into
/// Azurite; after every restart each acknowledged write is there exactly as acknowledged, no acknowledged delete is
/// back, the database passes its integrity check, and in the end the import completes byte-identical. On PostgreSQL,
/// PostgreSQL itself is killed (immediate shutdown) and started again under a running instance, which must answer
/// 503 with Retry-After meanwhile (docs/architecture.md §8.5) and recover by itself; and under an api-only and a
/// worker-only instance, whose readiness and every surface answer 503 meanwhile.
/// </summary>
/// <remarks>
/// <para>
/// The seed is printed in the test output; <c>FERRY_CRASH_SEED</c> runs the same plan again (which operations, how
/// many acknowledged operations and how much copied before each kill). Each worker owns its job names, so the
/// operations on a name are sequential and the expected state of every name is known: the last acknowledged one, or,
/// when the kill cut a request off (no response arrived), either that or what the cut-off request would have made.
/// </para>
/// <para>
/// The integrity check: on SQLite, <c>PRAGMA integrity_check</c> and <c>PRAGMA foreign_key_check</c> on the data
/// directory's file, opened read-only beside the restarted server. On PostgreSQL, <c>amcheck</c>: <c>bt_index_check</c>
/// with <c>heapallindexed</c> on every B-tree index of the schema (each index is consistent and holds every row of its
/// table) and <c>verify_heapam</c> on every table. A server the fixture starts always has <c>amcheck</c> (a contrib
/// module of the server packages, created by its superuser); only on a server of <c>FERRY_TEST_POSTGRES</c> that
/// cannot create it, and outside CI, the check falls back to reading every row of every table, and says so.
/// </para>
/// </remarks>
public sealed class CrashLoopTests(Azurite azurite)
{
    private const string Account = "crashacct";
    private const string SeedVariable = "FERRY_CRASH_SEED";
    private const int Kills = 5;
    private const int PostgreSqlKills = 2;
    private const int MidCopyKills = 4;
    private const int Workers = 4;
    private const int NamesPerWorker = 6;
    private const int Files = 12;
    private const int FileSize = 1024 * 1024;
    private const long TotalBytes = (long)Files * FileSize;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private enum Operation
    {
        Create,
        Update,
        Delete,
    }

    [Fact]
    public async Task Acknowledged_writes_and_deletes_survive_repeated_SIGKILLs_and_the_transfer_resumes_byte_identical()
    {
        azurite.EnsureAvailable();
        var seed = Seed(nameof(Acknowledged_writes_and_deletes_survive_repeated_SIGKILLs_and_the_transfer_resumes_byte_identical));
        var plan = new Random(seed);
        await using var transfer = await TransferSetup.PrepareAsync(azurite, Ct);
        var jobs = NewModels();
        var settings = Settings(azurite);
        var thresholds = MidCopyThresholds(plan, MidCopyKills);
        var midCopy = 0;
        try
        {
            for (var round = 0; round <= Kills; round++)
            {
                await using var process = await FerryProcess.StartHealthyAsync(transfer.DataDirectory, Ct, settings);
                var ferry = new Connection(process);
                if (round == 0)
                {
                    await transfer.StartAsync(ferry);
                }
                else
                {
                    await VerifyAsync(ferry, jobs, seed, round);
                    await CheckIntegrityAsync(process.DataDirectory, await ConnectionStringOrNullAsync(process.DataDirectory));
                }

                if (round == Kills)
                {
                    // The resumes are what this checks: at least the first kill (with no restart before it) cut the copy.
                    Assert.True(midCopy > 0, "No kill landed while the drive was being copied.");
                    await transfer.CompleteAsync(ferry, process);
                    await CheckIntegrityAsync(process.DataDirectory, await ConnectionStringOrNullAsync(process.DataDirectory));
                    break;
                }

                var killAfter = plan.Next(20, 150);
                var workerSeeds = Enumerable.Range(0, Workers).Select(_ => plan.Next()).ToArray();
                var workload = new Workload(ferry, jobs, workerSeeds, round, killAfter, outage: null);
                await workload.AcknowledgedAsync();
                var copied = round < thresholds.Length
                    ? await TransferSetup.CopiedAtLeastAsync(ferry, thresholds[round], process, workload)
                    : await TransferSetup.BytesSucceededAsync(ferry);
                await process.KillAsync(Ct);
                await workload.EndedAsync();
                midCopy += copied < TotalBytes ? 1 : 0;
                Log($"round {round}: SIGKILL after {workload.Acknowledged} acknowledged operations (plan: at least {killAfter}), {workload.CutOff} cut off; transfer at {copied} of {TotalBytes} bytes");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"Crash loop failed (seed {seed}; {SeedVariable}={seed} runs it again): {e.Message}", e);
        }
    }

    [Fact]
    public async Task A_running_instance_answers_503_while_PostgreSQL_is_killed_and_recovers_by_itself_when_it_is_back()
    {
        if (!TestDatabase.IsPostgreSql)
        {
            Log("Runs on the PostgreSQL pass only (FERRY_TEST_DATABASE=postgresql): this run is on SQLite, where there is no database server to kill.");
            return;
        }

        azurite.EnsureAvailable();
        var seed = Seed(nameof(A_running_instance_answers_503_while_PostgreSQL_is_killed_and_recovers_by_itself_when_it_is_back));
        var plan = new Random(seed);
        await using var postgres = await PostgreSqlServer.StartPrivateAsync();
        postgres.EnsureAvailable();
        var connectionString = await postgres.CreateDatabaseAsync(PostgreSqlJobStoreExtensions.MigrateAsync, Ct);
        await using var transfer = await TransferSetup.PrepareAsync(azurite, Ct);
        var jobs = NewModels();
        string[] settings = [.. Settings(azurite), "--Ferry:Database:Provider", "PostgreSql", "--Ferry:Database:ConnectionString", connectionString];
        var thresholds = MidCopyThresholds(plan, PostgreSqlKills);
        try
        {
            await using var process = await FerryProcess.StartHealthyAsync(transfer.DataDirectory, Ct, settings);
            var ferry = new Connection(process);
            await transfer.StartAsync(ferry);
            for (var kill = 0; kill < PostgreSqlKills; kill++)
            {
                var killAfter = plan.Next(20, 150);
                var workerSeeds = Enumerable.Range(0, Workers).Select(_ => plan.Next()).ToArray();
                var outage = new Outage();
                var workload = new Workload(ferry, jobs, workerSeeds, kill, killAfter, outage);
                await workload.AcknowledgedAsync();
                var copied = await TransferSetup.CopiedAtLeastAsync(ferry, thresholds[kill], process, workload);
                outage.Begin();
                await postgres.KillAsync();
                await workload.EndedAsync();
                Log($"PostgreSQL kill {kill}: after {workload.Acknowledged} acknowledged operations (plan: at least {killAfter}), {workload.CutOff} cut off; transfer at {copied} of {TotalBytes} bytes");

                // Down: every request gets 503 ServerBusy with Retry-After in bounded time, and the process stays up.
                for (var probe = 0; probe < 3; probe++)
                {
                    using var response = await ProbeAsync(ferry, jobs[0].Name, "while PostgreSQL was down");
                    await OutageAssert.ClassicAsync(response);
                }

                await postgres.RestartAsync();
                await WaitRecoveredAsync(ferry, process);
                await VerifyAsync(ferry, jobs, seed, kill + 1);
                await CheckIntegrityAsync(transfer.DataDirectory, connectionString);
            }

            await transfer.CompleteAsync(ferry, process);
            await CheckIntegrityAsync(transfer.DataDirectory, connectionString);
            Assert.False(process.HasExited, $"The server exited:\n{process.Output}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"PostgreSQL crash loop failed (seed {seed}; {SeedVariable}={seed} runs it again): {e.Message}", e);
        }
    }

    [Fact]
    public async Task Readiness_and_every_surface_answer_503_while_PostgreSQL_is_down_under_an_api_and_a_worker_instance_which_recover_and_finish_the_copy_byte_identical()
    {
        if (!TestDatabase.IsPostgreSql)
        {
            Log("Runs on the PostgreSQL pass only (FERRY_TEST_DATABASE=postgresql): this run is on SQLite, where there is no database server to stop.");
            return;
        }

        azurite.EnsureAvailable();
        await using var postgres = await PostgreSqlServer.StartPrivateAsync();
        postgres.EnsureAvailable();
        var connectionString = await postgres.CreateDatabaseAsync(PostgreSqlJobStoreExtensions.MigrateAsync, Ct);
        await using var transfer = await TransferSetup.PrepareAsync(azurite, Ct);
        string[] settings = [.. Settings(azurite), "--Ferry:Database:Provider", "PostgreSql", "--Ferry:Database:ConnectionString", connectionString];

        // Two instances on one database and one data directory (PostgreSQL instances share the database, not a directory lock).
        await using var api = await FerryProcess.StartHealthyAsync(transfer.DataDirectory, Ct, [.. settings, "--Ferry:Roles", "api"]);
        await using var worker = await FerryProcess.StartHealthyAsync(transfer.DataDirectory, Ct, [.. settings, "--Ferry:Roles", "worker"]);
        string Outputs() => $"api:\n{api.Output}\nworker:\n{worker.Output}";
        var ferry = new Connection(api);
        var operatorToken = ferry.Credentials.OperatorToken ?? throw new InvalidOperationException("No operator token was written.");
        using var anonymousApi = api.CreateClient(clientCertificate: null);
        using var anonymousWorker = worker.CreateClient(clientCertificate: null);
        using var armClient = api.CreateClient(clientCertificate: null);
        armClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ferry.Credentials.ArmToken ?? throw new InvalidOperationException("No ARM token was written."));
        using var operatorClient = api.CreateClient(clientCertificate: null);
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        using var customer = api.CreateClient(ferry.Certificate);
        var subscription = ferry.Credentials.SubscriptionId;
        var armJob = $"{ArmRequests.JobPath(subscription, "outage-rg", "outagearm")}?api-version={ArmRequests.Latest}";

        await transfer.StartAsync(ferry);
        var copied = await TransferSetup.CopiedAtLeastAsync(ferry, 2L * FileSize, worker, workload: null);
        foreach (var client in new[] { anonymousApi, anonymousWorker })
        {
            Assert.Equal(HttpStatusCode.OK, await OutageAssert.BareHealthAsync(client, "healthz/ready", Ct));
        }

        var (upStatus, upReport) = await OutageAssert.DetailedHealthAsync(anonymousWorker, operatorToken, Ct);
        Assert.Equal(HttpStatusCode.OK, upStatus);
        Assert.Equal(["data-directory", "database", "key-ring", "loops"], upReport["checks"]!.AsObject().Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.All(upReport["checks"]!.AsObject(), c => Assert.Equal("Healthy", c.Value!["status"]!.GetValue<string>()));

        await postgres.KillAsync();
        Log($"PostgreSQL stopped with the transfer at {copied} of {TotalBytes} bytes");

        // Readiness pages the operator: 503 on both instances, the details (token only) name the database; liveness stays 200.
        await OutageAssert.WaitHealthAsync(anonymousApi, "healthz/ready", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), Outputs, Ct);
        await OutageAssert.WaitHealthAsync(anonymousWorker, "healthz", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), Outputs, Ct);
        using (var live = await anonymousApi.GetAsync("healthz/live", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        var (downStatus, downReport) = await OutageAssert.DetailedHealthAsync(anonymousApi, operatorToken, Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, downStatus);
        var database = downReport["checks"]!["database"]!;
        Assert.Equal("Unhealthy", database["status"]!.GetValue<string>());
        Assert.Contains("PostgreSQL", database["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Password ?? "no password", downReport.ToJsonString(), StringComparison.Ordinal);

        // Every surface: 503 in its own envelope with Retry-After, never 500; a write changes nothing.
        using (var get = await ferry.SendAsync(Operation.Create, "outage-get", "", get: true))
        {
            await OutageAssert.ClassicAsync(get);
        }

        using (var put = await ferry.SendAsync(Operation.Create, "outage-put", "written during the outage"))
        {
            await OutageAssert.ClassicAsync(put);
        }

        using (var list = await ferry.ListAsync())
        {
            await OutageAssert.ClassicAsync(list);
        }

        using (var armGet = await armClient.GetAsync(armJob, Ct))
        {
            await OutageAssert.ArmAsync(armGet);
        }

        using (var armPut = await armClient.PutAsync(armJob, JsonContent(Arm.ArmExamples.CreateImportBody()), Ct))
        {
            await OutageAssert.ArmAsync(armPut);
        }

        using (var operatorView = await operatorClient.GetAsync($"operator/subscriptions/{subscription}/jobs/{TransferSetup.JobName}", Ct))
        {
            await OutageAssert.ProblemAsync(operatorView);
        }

        using (var webhooks = await customer.GetAsync($"{subscription}/services/ferry/webhooks", Ct))
        {
            await OutageAssert.ProblemAsync(webhooks);
        }

        Assert.False(api.HasExited, $"The api instance exited during the outage:\n{Outputs()}");
        Assert.False(worker.HasExited, $"The worker instance exited during the outage:\n{Outputs()}");

        // Back: both instances are ready again without a restart, the 503'd writes left nothing, and the copy resumes.
        await postgres.RestartAsync();
        await OutageAssert.WaitHealthAsync(anonymousApi, "healthz/ready", HttpStatusCode.OK, TimeSpan.FromSeconds(90), Outputs, Ct);
        await OutageAssert.WaitHealthAsync(anonymousWorker, "healthz/ready", HttpStatusCode.OK, TimeSpan.FromSeconds(90), Outputs, Ct);
        using (var absent = await ferry.SendAsync(Operation.Create, "outage-put", "", get: true))
        {
            Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        }

        using (var armAbsent = await armClient.GetAsync(armJob, Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, armAbsent.StatusCode);
        }

        await transfer.CompleteAsync(ferry, worker);
        await CheckIntegrityAsync(transfer.DataDirectory, connectionString);
        Assert.False(api.HasExited, $"The api instance exited:\n{Outputs()}");
        Assert.False(worker.HasExited, $"The worker instance exited:\n{Outputs()}");
    }

    private static StringContent JsonContent(JsonNode body)
    {
        var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static int Seed(string test)
    {
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } text
            ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        Log($"{test}: seed {seed} ({SeedVariable}={seed} runs the same plan again)");
        return seed;
    }

    /// <summary>
    /// How much of the drive must be copied before each of the first <paramref name="kills"/> kills: distinct whole
    /// files (progress is reported as files finish, about one a second at the rate limit), in rising order, and never
    /// the last three, so those kills land mid-copy and each after more progress than the one before.
    /// </summary>
    private static long[] MidCopyThresholds(Random plan, int kills) =>
        [.. Enumerable.Range(1, Files - 3).OrderBy(_ => plan.Next()).Take(kills).Order().Select(files => (long)files * FileSize)];

    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    private static string[] Settings(Azurite azurite) =>
    [
        "--Ferry:Transfer:BlobEndpoint", azurite.EndpointTemplate,
        "--Ferry:Transfer:LeaseDuration", "00:00:05",
        "--Ferry:Transfer:ProgressInterval", "00:00:00.500",
        "--Ferry:Transfer:PollInterval", "00:00:00.500",
        "--Ferry:Transfer:BlobConcurrency", "1",
        "--Ferry:Transfer:MaxBytesPerSecond", "1000000",
        "--Ferry:Jobs:MaxActiveJobsPerSubscription", "1000",
    ];

    private static List<JobModel> NewModels() =>
        [.. Enumerable.Range(0, Workers * NamesPerWorker).Select(i => new JobModel($"crash-w{i / NamesPerWorker}-{i % NamesPerWorker}"))];

    /// <summary>Get Job, which must be answered (an error answer is fine): no hang past the client's timeout, no exit.</summary>
    private static async Task<HttpResponseMessage> ProbeAsync(Connection ferry, string name, string when)
    {
        try
        {
            return await ferry.SendAsync(Operation.Create, name, "", get: true);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !Ct.IsCancellationRequested)
        {
            var state = ferry.Process.HasExited ? $"exited with code {ferry.Process.ExitCode}" : "is running";
            throw new InvalidOperationException($"Get Job got no answer {when} ({e.Message}); the server {state}:\n{ferry.Process.Output}", e);
        }
    }

    /// <summary>Polls Get Job (a real process: no signal to wait on) until the instance answers 200 again after PostgreSQL came back.</summary>
    private static async Task WaitRecoveredAsync(Connection ferry, FerryProcess process)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(90);
        var errors = 0;
        while (true)
        {
            Assert.False(process.HasExited, $"The server exited after PostgreSQL came back:\n{process.Output}");
            using (var response = await ProbeAsync(ferry, "crash-probe", "after PostgreSQL came back"))
            {
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    Log($"recovered after {errors} error answers");
                    return;
                }

                errors++;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"The server did not recover within 90 s of PostgreSQL's restart:\n{process.Output}");
            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, Ct);
        }
    }

    /// <summary>
    /// Every job name against the model: the last acknowledged state, or what a cut-off request would have made; then
    /// the listing against what Get Job found. The model then takes what was found (a cut-off request settled).
    /// </summary>
    private static async Task VerifyAsync(Connection ferry, List<JobModel> jobs, int seed, int round)
    {
        var present = new List<string>();
        foreach (var job in jobs)
        {
            using var response = await ferry.SendAsync(Operation.Create, job.Name, "", get: true);
            string? etag = null;
            string? description = null;
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"Get Job {job.Name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
                etag = response.Headers.ETag?.ToString();
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
                description = body["Properties"]!["Description"]?.GetValue<string>();
                Assert.Equal("Creating", body["Properties"]!["State"]!.GetValue<string>());
                present.Add(job.Name);
            }

            var found = etag is null ? "absent" : $"{etag} '{description}'";
            var asAcknowledged = job.Exists ? etag == job.ETag && description == job.Description : etag is null;
            var asCutOff = job.CutOff is { } sent && (sent.Kind == Operation.Delete ? etag is null : etag is not null && description == sent.Description);
            Assert.True(asAcknowledged || asCutOff,
                $"Seed {seed}, after restart {round}: job {job.Name} is {found}, but its last acknowledged state is {(job.Exists ? $"{job.ETag} '{job.Description}'" : "deleted or never created")}"
                + (job.CutOff is { } cut ? $" and the cut-off {cut.Kind} would have made it {(cut.Kind == Operation.Delete ? "absent" : $"'{cut.Description}'")}." : "."));
            job.Exists = etag is not null;
            job.ETag = etag;
            job.Description = description;
            job.CutOff = null;
        }

        using var list = await ferry.ListAsync();
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var listed = JsonNode.Parse(await list.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(present.Order(StringComparer.OrdinalIgnoreCase), listed["value"]!.AsArray().Select(j => j!["Name"]!.GetValue<string>()));
        Assert.Equal(present.Count.ToString(CultureInfo.InvariantCulture), listed["odata.count"]!.GetValue<string>());
    }

    /// <summary>The data directory's PostgreSQL connection string on a PostgreSQL run; null on SQLite.</summary>
    private static async Task<string?> ConnectionStringOrNullAsync(string dataDirectory)
    {
        var arguments = await ServerDatabases.ArgumentsAsync(dataDirectory);
        var index = arguments.ToList().IndexOf("--Ferry:Database:ConnectionString");
        return index < 0 ? null : arguments[index + 1];
    }

    /// <summary>The integrity check of the class remarks: the data directory's SQLite file when <paramref name="postgreSql"/> is null, else that database.</summary>
    private static async Task CheckIntegrityAsync(string dataDirectory, string? postgreSql)
    {
        if (postgreSql is not null)
        {
            await CheckPostgreSqlAsync(postgreSql);
            return;
        }

        var path = Path.Combine(dataDirectory, SqliteJobStoreExtensions.FileName);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 60 }.ToString());
        await connection.OpenAsync(Ct);
        Assert.Equal(["ok"], await ReadAsync(connection, "PRAGMA integrity_check"));
        Assert.Empty(await ReadAsync(connection, "PRAGMA foreign_key_check"));
    }

    private static async Task CheckPostgreSqlAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, CommandTimeout = 120 }.ToString());
        await connection.OpenAsync(Ct);
        try
        {
            await ReadAsync(connection, "CREATE EXTENSION IF NOT EXISTS amcheck");
        }
        catch (PostgresException e) when (Environment.GetEnvironmentVariable("CI") != "true" && Environment.GetEnvironmentVariable("FERRY_TEST_POSTGRES") is { Length: > 0 })
        {
            Log($"amcheck is not available on FERRY_TEST_POSTGRES's server ({e.SqlState}: {e.MessageText}); reading every row of every table instead.");
            foreach (var table in await ReadAsync(connection, "SELECT quote_ident(relname) FROM pg_class WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace"))
            {
                await ReadAsync(connection, $"SELECT * FROM {table}");
            }

            return;
        }

        var indexes = await ReadAsync(connection, """
            SELECT c.relname || ':' || bt_index_check(c.oid, true)::text
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_am a ON a.oid = c.relam
            WHERE a.amname = 'btree' AND c.relnamespace = current_schema()::regnamespace
            """);
        Assert.NotEmpty(indexes);
        var corruption = await ReadAsync(connection, """
            SELECT t.relname || ' block ' || coalesce(v.blkno::text, '?') || ': ' || v.msg
            FROM pg_class t CROSS JOIN LATERAL verify_heapam(t.oid) v
            WHERE t.relkind = 'r' AND t.relnamespace = current_schema()::regnamespace
            """);
        Assert.Empty(corruption);
    }

    private static async Task<List<string>> ReadAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.FieldCount > 0 && !await reader.IsDBNullAsync(0, Ct) ? Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)! : "");
        }

        return rows;
    }

    /// <summary>What the test knows of one job name.</summary>
    private sealed class JobModel(string name)
    {
        public string Name { get; } = name;

        /// <summary>Whether the last acknowledged operation left the job in place.</summary>
        public bool Exists { get; set; }

        public string? ETag { get; set; }

        public string? Description { get; set; }

        /// <summary>The operation sent last without an acknowledgement: it may or may not have happened.</summary>
        public (Operation Kind, string Description)? CutOff { get; set; }
    }

    /// <summary>Set just before PostgreSQL is killed: from then on an error answer means "not acknowledged", not a failure.</summary>
    private sealed class Outage
    {
        private volatile bool _begun;

        public bool Begun => _begun;

        public void Begin() => _begun = true;
    }

    /// <summary>One process's classic API, with the data directory's management certificate.</summary>
    private sealed class Connection
    {
        private readonly HttpClient _client;

        public Connection(FerryProcess process)
        {
            Process = process;
            Credentials = DevCredentials.ReadOrNull(process.DataDirectory) ?? throw new InvalidOperationException("No dev credentials were written.");
            Certificate = CertificateFactory.LoadPem(Credentials.ManagementCertificate, Credentials.ManagementKey);
            ServerCertificate = X509Certificate2.CreateFromPem(File.ReadAllText(Credentials.ServerCertificate));
            _client = process.CreateClient(Certificate);
            _client.Timeout = TimeSpan.FromSeconds(60);
        }

        public FerryProcess Process { get; }

        public DevCredentials Credentials { get; }

        public X509Certificate2 Certificate { get; }

        public X509Certificate2 ServerCertificate { get; }

        public ClassicImportExportClient Customer() =>
            new(Process.BaseAddress, Credentials.SubscriptionId, Certificate, new ClassicImportExportClientOptions { ServerCertificate = ServerCertificate });

        public FerryOperatorClient Operator() =>
            new(Process.BaseAddress, Credentials.OperatorToken!, new FerryOperatorClientOptions { ServerCertificate = ServerCertificate });

        /// <summary>The request of <paramref name="operation"/> on <paramref name="name"/> (Get Job instead when <paramref name="get"/>).</summary>
        public async Task<HttpResponseMessage> SendAsync(Operation operation, string name, string description, bool get = false)
        {
            var (method, body) = get ? (HttpMethod.Get, null) : operation switch
            {
                Operation.Create => (HttpMethod.Put, (JsonNode?)WithDescription(ClassicRequests.ImportJob(name), description)),
                Operation.Update => (HttpMethod.Patch, new JsonObject { ["Properties"] = new JsonObject { ["Description"] = description } }),
                _ => (HttpMethod.Delete, null),
            };
            using var request = Request(method, $"storageaccounts/{Account}/jobs/{name}", body);
            return await _client.SendAsync(request, Ct);
        }

        public async Task<HttpResponseMessage> ListAsync()
        {
            using var request = Request(HttpMethod.Get, $"storageaccounts/{Account}/jobs");
            return await _client.SendAsync(request, Ct);
        }

        private static JsonObject WithDescription(JsonObject job, string description)
        {
            job["Properties"]!["Description"] = description;
            return job;
        }

        private HttpRequestMessage Request(HttpMethod method, string path, JsonNode? body = null)
        {
            var request = new HttpRequestMessage(method, $"{Credentials.SubscriptionId}/services/importexport/{path}");
            request.Headers.Add("x-ms-version", ClassicRequests.V2);
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            return request;
        }
    }

    /// <summary>
    /// Concurrent workers, one per slice of the job names, each with its own seeded random: create (or replace) a
    /// missing or present job, update its description, or delete it, recording only acknowledged outcomes. A worker
    /// ends at its first request without an answer (the server was killed) or, during an <see cref="Outage"/>, with an
    /// error answer; any other unexpected answer fails the test.
    /// </summary>
    private sealed class Workload
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _workers;
        private readonly int _target;
        private int _acknowledged;
        private int _cutOff;

        public Workload(Connection ferry, List<JobModel> jobs, int[] seeds, int round, int target, Outage? outage)
        {
            _target = target;
            _workers = Task.WhenAll(seeds.Select((seed, worker) => Task.Run(() =>
                RunAsync(ferry, jobs.Skip(worker * NamesPerWorker).Take(NamesPerWorker).ToList(), new Random(seed), $"r{round}w{worker}", outage))));
        }

        public int Acknowledged => Volatile.Read(ref _acknowledged);

        public int CutOff => Volatile.Read(ref _cutOff);

        /// <summary>Whether a worker ended (before the kill: it failed).</summary>
        public bool AnyEnded => _workers.IsCompleted;

#pragma warning disable VSTHRD003 // The workers' own tasks, started here on the thread pool.
        /// <summary>Waits until the planned number of operations is acknowledged; fails at once when a worker failed.</summary>
        public async Task AcknowledgedAsync()
        {
            await Task.WhenAny(_reached.Task, _workers);
            if (!_reached.Task.IsCompleted)
            {
                await _workers;
                throw new InvalidOperationException("The workers ended before the server was killed.");
            }
        }

        /// <summary>Waits for every worker to end after the kill, failing with the first worker's failure.</summary>
        public Task EndedAsync() => _workers;
#pragma warning restore VSTHRD003

        private async Task RunAsync(Connection ferry, List<JobModel> names, Random random, string prefix, Outage? outage)
        {
            for (var sequence = 0; ; sequence++)
            {
                var job = names[random.Next(names.Count)];
                var roll = random.Next(10);
                var operation = !job.Exists ? Operation.Create : roll < 5 ? Operation.Update : roll < 7 ? Operation.Delete : Operation.Create;
                var description = $"{prefix}s{sequence}";
                job.CutOff = (operation, description);
                HttpResponseMessage response;
                try
                {
                    response = await ferry.SendAsync(operation, job.Name, description);
                }
                catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !Ct.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _cutOff);
                    return;
                }

                using (response)
                {
                    var expected = operation == Operation.Create ? HttpStatusCode.Created : HttpStatusCode.OK;
                    if (response.StatusCode != expected)
                    {
                        if (outage is { Begun: true } && response.StatusCode == HttpStatusCode.ServiceUnavailable)
                        {
                            Interlocked.Increment(ref _cutOff);
                            return;
                        }

                        throw new InvalidOperationException($"{operation} of {job.Name} answered {(int)response.StatusCode}, not {(int)expected}: {await response.Content.ReadAsStringAsync(Ct)}\nServer output:\n{ferry.Process.Output}");
                    }

                    job.Exists = operation != Operation.Delete;
                    job.ETag = job.Exists ? response.Headers.ETag?.ToString() ?? throw new InvalidOperationException($"{operation} of {job.Name} answered no ETag.") : null;
                    job.Description = job.Exists ? description : null;
                    job.CutOff = null;
                }

                if (Interlocked.Increment(ref _acknowledged) >= _target)
                {
                    _reached.TrySetResult();
                }
            }
        }
    }

    /// <summary>
    /// The import that runs through the crash loop: a drive of <see cref="Files"/> random files prepared in a scratch
    /// folder (which also holds the server's data directory), its job created, shipped and received, then copied by the
    /// engine under a byte-rate limit so that kills land mid-copy.
    /// </summary>
    private sealed class TransferSetup : IAsyncDisposable
    {
        public const string JobName = "crashimport";

        private readonly string _work;
        private readonly string _container;
        private readonly string _source;
        private readonly PreparedDrive _drive;
        private readonly Azurite _azurite;

        private TransferSetup(string work, string container, string source, PreparedDrive drive, Azurite azurite)
        {
            _work = work;
            _container = container;
            _source = source;
            _drive = drive;
            _azurite = azurite;
        }

        public string DataDirectory => Path.Combine(_work, "data");

        public static async Task<TransferSetup> PrepareAsync(Azurite azurite, CancellationToken cancellationToken)
        {
            var work = Directory.CreateTempSubdirectory("ferry-crash-").FullName;
            var container = TransferHarness.NewContainer();
            var source = Path.Combine(work, "src");
            Directory.CreateDirectory(source);
            for (var i = 0; i < Files; i++)
            {
                var bytes = new byte[FileSize];
                new Random(i).NextBytes(bytes);
                await File.WriteAllBytesAsync(Path.Combine(source, $"f{i}.bin"), bytes, cancellationToken);
            }

            var drive = Assert.Single(await new DrivePreparer().PrepareAsync(new PrepareRequest(
                Path.Combine(work, "journal.jrn"), "session1",
                [new DatasetEntry(source + "/", $"{container}/crash/", BlobKind.BlockBlob, ImportDisposition.Rename, null, null)],
                [new PrepareDrive(Path.Combine(work, "drive"))], Azurite.AccountKey, BlockSize: 512 * 1024), null, cancellationToken));
            return new TransferSetup(work, container, source, drive, azurite);
        }

        /// <summary>Creates the import job, ships it and receives its drive: the engine starts copying.</summary>
        public async Task StartAsync(Connection ferry)
        {
            var customer = ferry.Customer();
            await customer.PutJobAsync(Azurite.AccountName, TransferHarness.ImportJob(JobName, [TransferHarness.DriveOf(_drive)]), Ct);
            await customer.UpdateJobAsync(Azurite.AccountName, JobName, new JobUpdate { State = "Shipping", DeliveryPackage = new PackageInfo("FedEx", "1234567890") { DriveCount = 1 } }, cancellationToken: Ct);
            await ferry.Operator().ReceivePackageAsync(Reference(ferry), [new ReceivedDrive(_drive.DriveId, _drive.Root)], Ct);
        }

        public static async Task<long> BytesSucceededAsync(Connection ferry) =>
            (await ferry.Operator().GetJobAsync(Reference(ferry), Ct)).Value.Drives.Single().BytesSucceeded;

        /// <summary>
        /// Polls the operator view (a real process: no signal to wait on) until the drive reported at least
        /// <paramref name="bytes"/> copied or finished; the workers keep running meanwhile and must not fail.
        /// </summary>
        public static async Task<long> CopiedAtLeastAsync(Connection ferry, long bytes, FerryProcess process, Workload? workload)
        {
            var client = ferry.Operator();
            var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(120);
            while (true)
            {
                var drive = (await client.GetJobAsync(Reference(ferry), Ct)).Value.Drives.Single();
                if (drive.BytesSucceeded >= bytes || drive.State is not (DriveState.Received or DriveState.Transferring))
                {
                    return drive.BytesSucceeded;
                }

                if (workload is { AnyEnded: true })
                {
                    await workload.EndedAsync();
                    throw new InvalidOperationException("A worker ended before the server was killed.");
                }

                Assert.False(process.HasExited, $"The server exited:\n{process.Output}");
                Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"The copy did not reach {bytes} bytes in time (at {drive.BytesSucceeded}):\n{process.Output}");
                await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, Ct);
            }
        }

        /// <summary>Waits for the drive to complete and compares every blob with its source file.</summary>
        public async Task CompleteAsync(Connection ferry, FerryProcess process)
        {
            var client = ferry.Operator();
            var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(120);
            OperatorDrive drive;
            while (true)
            {
                drive = (await client.GetJobAsync(Reference(ferry), Ct)).Value.Drives.Single();
                if (drive.State is not (DriveState.Received or DriveState.Transferring))
                {
                    break;
                }

                Assert.False(process.HasExited, $"The server exited:\n{process.Output}");
                Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"The copy did not complete in time:\n{process.Output}");
                await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, Ct);
            }

            Assert.True(drive is { State: DriveState.Completed, CopyStatus: CopyStatus.Completed, BytesSucceeded: TotalBytes },
                $"The drive ended {drive.State}, {drive.CopyStatus}, {drive.BytesSucceeded} of {TotalBytes} bytes, not Completed with every byte:\n{process.Output}");
            var blobs = _azurite.CreateServiceClient().GetBlobContainerClient(_container);
            var names = new List<string>();
            await foreach (var item in blobs.GetBlobsAsync(cancellationToken: Ct))
            {
                names.Add(item.Name);
            }

            // No stray renamed copies: a resumed blob keeps the name decided before its first write.
            Assert.Equal(Enumerable.Range(0, Files).Select(i => $"crash/f{i}.bin").Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
            for (var i = 0; i < Files; i++)
            {
                Assert.Equal(await TransferHarness.FileMd5Async(Path.Combine(_source, $"f{i}.bin")), await TransferHarness.BlobMd5Async(blobs.GetBlobClient($"crash/f{i}.bin")));
            }
        }

        public async ValueTask DisposeAsync()
        {
            await ServerDatabases.ReleaseAsync(DataDirectory);
            try
            {
                Directory.Delete(_work, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS's temp cleanup.
            }
        }

        private static OperatorJobReference Reference(Connection ferry) => new(ferry.Credentials.SubscriptionId, JobName);
    }
}
