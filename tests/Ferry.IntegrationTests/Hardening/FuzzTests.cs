using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Arm;
using Ferry.IntegrationTests.Support;
using Ferry.IntegrationTests.Webhooks;
using Microsoft.Extensions.Logging;

namespace Ferry.IntegrationTests.Hardening;

/// <summary>
/// Seeded fuzzing of every surface on the run's backend (docs/architecture.md §8.2): a few thousand mutated requests per
/// surface, then malformed framing over raw TLS. No answer may be a 5xx, no well-framed request may lose its connection,
/// the server logs nothing at Warning or above and no exception, and it answers normally afterwards. <c>FERRY_FUZZ_SEED</c>
/// and <c>FERRY_FUZZ_REQUESTS</c> (per surface) change the run; <c>FERRY_FUZZ_REPORT</c> names a file that receives one
/// line of figures per surface (bench/run-fuzz.sh uses them for the long run).
/// </summary>
public sealed class FuzzTests
{
    private const int DefaultRequestsPerSurface = 1500;
    private const int Workers = 4;
    private const string Account = "fuzzaccount";
    private const string ArmGroup = "fuzzgroup";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("FERRY_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : 20261207;

    private static int RequestsPerSurface =>
        int.TryParse(Environment.GetEnvironmentVariable("FERRY_FUZZ_REQUESTS"), CultureInfo.InvariantCulture, out var count) && count > 0 ? count : DefaultRequestsPerSurface;

    [Theory]
    [InlineData(FuzzSurface.Classic)]
    [InlineData(FuzzSurface.Arm)]
    [InlineData(FuzzSurface.Operator)]
    [InlineData(FuzzSurface.Extensions)]
    public async Task Mutated_requests_never_get_a_5xx_or_a_dropped_connection_and_leave_the_server_quiet_and_answering(FuzzSurface surface)
    {
        var logs = new LogCapture();
        await using var server = await StartAsync(logs);
        var (templates, prefix) = await PrepareAsync(server, surface);
        var seed = Seed + (int)surface;
        var generator = new FuzzGenerator(seed, surface, templates, prefix);
        var requests = Enumerable.Range(0, RequestsPerSurface).Select(_ => generator.Next()).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"{surface}: seed {seed}, {requests.Count} requests (FERRY_FUZZ_SEED={Seed})");

        using var authenticated = CreateClient(server, surface, anonymous: false);
        using var anonymous = CreateClient(server, surface, anonymous: true);

        // Requests Kestrel finds malformed go on connections of their own: over HTTP/2 Kestrel may close the whole connection
        // for one (a header value outside ASCII), which would cut off the well-formed requests multiplexed beside it.
        using var isolated = CreateClient(server, surface, anonymous: false);
        using var isolatedAnonymous = CreateClient(server, surface, anonymous: true);
        var token = surface switch
        {
            FuzzSurface.Arm => server.ArmToken,
            FuzzSurface.Operator => server.Credentials.OperatorToken,
            _ => null,
        };
        var outcome = new FuzzOutcome();
        var next = -1;
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < requests.Count)
            {
                var request = requests[index];
                var client = KestrelMalformed(request)
                    ? request.Anonymous ? isolatedAnonymous : isolated
                    : request.Anonymous ? anonymous : authenticated;
                await SendAsync(client, server, request, request.Anonymous ? null : token, outcome);
            }
        }));
        started.Stop();

        await AssertAnsweringAsync(server, surface, token);
        var summary = outcome.Summary(surface, seed, started.Elapsed, logs.Entries.Count);
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Report(summary);
        Assert.True(outcome.Failures.IsEmpty, $"{outcome.Failures.Count} of {requests.Count} requests failed (seed {seed}):\n" + string.Join('\n', outcome.Failures.Take(15)));
        Assert.True(logs.Entries.Count == 0, $"The server logged {logs.Entries.Count} entries at Warning or above or with an exception (seed {seed}):\n" + string.Join('\n', logs.Entries.Take(10)));
    }

    [Fact]
    public async Task Malformed_framing_slow_and_aborted_bodies_get_a_4xx_or_a_closed_connection_and_leave_the_server_quiet()
    {
        var logs = new LogCapture();
        await using var server = await StartAsync(logs);
        foreach (var surface in Enum.GetValues<FuzzSurface>())
        {
            await PrepareAsync(server, surface);
        }

        var targets = Enum.GetValues<FuzzSurface>().Select(s => TargetOf(server, s)).ToList();
        var cases = new List<(FramingTarget Target, string Name, byte[] Payload, bool Abort)>();
        var random = new Random(Seed);
        foreach (var target in targets)
        {
            foreach (var (name, payload, abort) in FramingCases(target, random))
            {
                cases.Add((target, name, payload, abort));
            }
        }

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (c, ct) =>
        {
            var status = await RawExchangeAsync(server, c.Target, c.Payload, c.Abort, ct);
            statuses.AddOrUpdate(status?.ToString(CultureInfo.InvariantCulture) ?? "closed", 1, (_, n) => n + 1);
            if (status >= 500)
            {
                failures.Add($"{c.Target.Surface} {c.Name}: {status}");
            }
        });

        foreach (var surface in Enum.GetValues<FuzzSurface>())
        {
            await AssertAnsweringAsync(server, surface, surface switch
            {
                FuzzSurface.Arm => server.ArmToken,
                FuzzSurface.Operator => server.Credentials.OperatorToken,
                _ => null,
            });
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{cases.Count} framing cases (seed {Seed}): " + string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}")));
        Assert.True(failures.IsEmpty, string.Join('\n', failures));
        Assert.True(logs.Entries.Count == 0, $"The server logged {logs.Entries.Count} entries at Warning or above or with an exception:\n" + string.Join('\n', logs.Entries.Take(10)));
    }

    [Fact]
    public async Task A_body_that_stops_arriving_gets_408_in_the_surface_envelope_after_the_minimum_data_rate_grace()
    {
        var logs = new LogCapture();
        await using var server = await StartAsync(logs);
        var target = TargetOf(server, FuzzSurface.Classic);
        await PrepareAsync(server, FuzzSurface.Classic);

        // 10 of the announced 1,000 bytes, then nothing: Kestrel's minimum data rate (240 bytes/s after a 5 s grace) ends it.
        var payload = Encoding.ASCII.GetBytes(target.Head(("Content-Length", "1000")) + "{\"Name\":\"a");
        var (status, body) = await RawResponseAsync(server, target, payload, abort: false, Ct);

        Assert.Equal(408, status);
        var error = JsonNode.Parse(body)!["odata.error"]!;
        Assert.Equal("408", error["code"]!.GetValue<string>());
        Assert.Empty(logs.Entries);
    }

    /// <summary>A server whose log entries from the end of its start on go to <paramref name="logs"/>.</summary>
    private static async Task<FerryTestServer> StartAsync(LogCapture logs)
    {
        // The fuzzed webhooks point at a closed loopback port, which the server must be told to allow.
        var server = await FerryTestServer.StartAsync(new FerryTestServerOptions(WebhookReceiver.ServerSettings)
        {
            Configure = builder => builder.Logging.AddProvider(logs),
        });
        logs.Clear();
        return server;
    }

    /// <summary>Creates the jobs, webhook and account the templates aim at; returns the templates and the surface's path prefix.</summary>
    private static async Task<(IReadOnlyList<FuzzTemplate> Templates, string Prefix)> PrepareAsync(FerryTestServer server, FuzzSurface surface)
    {
        var sub = server.SubscriptionId;
        switch (surface)
        {
            case FuzzSurface.Classic:
                {
                    using var client = server.CreateClient();
                    await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("FuzzImport", drives: 2));
                    await client.PutJobAsync(server, Account, ClassicRequests.ExportJob("FuzzExport"));
                    var jobs = $"{sub}/services/importexport/storageaccounts/{Account}/jobs";
                    return ([
                        new("GET", $"{sub}/services/importexport", null, null),
                    new("GET", $"{sub}/services/importexport/$metadata", null, null),
                    new("GET", $"{sub}/services/importexport/locations", "originlocation=West%20US", null),
                    new("GET", $"{sub}/services/importexport/storageaccounts", null, null),
                    new("GET", jobs, "$top=5", null),
                    new("GET", jobs + "/FuzzImport", null, null),
                    new("PUT", jobs + "/FuzzImport", null, ClassicRequests.ImportJob("FuzzImport", drives: 2)),
                    new("PUT", jobs + "/FuzzNew", null, ClassicRequests.ImportJob("FuzzNew")),
                    new("PUT", jobs + "/FuzzNewExport", null, ClassicRequests.ExportJob("FuzzNewExport")),
                    new("PATCH", jobs + "/FuzzImport", null, ClassicRequests.ShippingUpdate()),
                    new("PATCH", jobs + "/FuzzExport", null, new JsonObject { ["Properties"] = new JsonObject { ["State"] = "Shipping", ["FriendlyName"] = "x" } }),
                    new("DELETE", jobs + "/FuzzNew", null, null),
                ], $"{sub}/services/importexport");
                }

            case FuzzSurface.Arm:
                {
                    using var client = server.CreateArmClient();
                    var job = ArmRequests.JobPath(sub, ArmGroup, "fuzzjob");
                    await client.ArmOkAsync(HttpMethod.Put, job, HttpStatusCode.Created, body: ArmExamples.CreateImportBody());
                    const string V = "api-version=2021-01-01";
                    return ([
                        new("GET", "providers/Microsoft.ImportExport/operations", V, null),
                    new("GET", "providers/Microsoft.ImportExport/locations", V, null),
                    new("GET", "providers/Microsoft.ImportExport/locations/westus", V, null),
                    new("GET", $"subscriptions/{sub}/providers/Microsoft.ImportExport/jobs", V + "&$top=5", null),
                    new("GET", $"subscriptions/{sub}/resourceGroups/{ArmGroup}/providers/Microsoft.ImportExport/jobs", V + "&$filter=Type%20eq%20%27Import%27", null),
                    new("GET", job, V, null),
                    new("PUT", job, V, ArmExamples.CreateImportBody()),
                    new("PUT", ArmRequests.JobPath(sub, ArmGroup, "fuzznew"), V, ArmExamples.CreateExportBody()),
                    new("PATCH", job, V, new JsonObject { ["properties"] = new JsonObject { ["state"] = "Shipping", ["deliveryPackage"] = new JsonObject { ["carrierName"] = "FedEx", ["trackingNumber"] = "123", ["driveCount"] = 1, ["shipDate"] = "2026-01-05" } } }),
                    new("PATCH", job, V, new JsonObject { ["tags"] = new JsonObject { ["a"] = "b" } }),
                    new("POST", job + "/listBitLockerKeys", V, null),
                    new("DELETE", ArmRequests.JobPath(sub, ArmGroup, "fuzznew"), V, null),
                ], "subscriptions/");
                }

            case FuzzSurface.Operator:
                {
                    await server.ShippedImportJobAsync("FuzzOperator", drives: 2);
                    var job = $"operator/subscriptions/{sub}/jobs/FuzzOperator";
                    var drive = job + "/drives/DRIVE0000";
                    return ([
                        new("GET", job, null, null),
                    new("GET", job + "/history", null, null),
                    new("POST", job + "/receive", null, OperatorRequests.Package("DRIVE0000", "DRIVE0001")),
                    new("POST", drive + "/receive", null, new JsonObject { ["contentPath"] = "drive0" }),
                    new("POST", drive + "/start", null, new JsonObject()),
                    new("POST", drive + "/progress", null, new JsonObject { ["percentComplete"] = 50, ["bytesSucceeded"] = 1024 }),
                    new("POST", drive + "/complete", null, new JsonObject { ["copyStatus"] = "Completed", ["bytesSucceeded"] = 2048 }),
                    new("POST", drive + "/fail", null, new JsonObject { ["copyStatus"] = "Failed" }),
                    new("POST", job + "/ship-back", null, new JsonObject { ["carrierName"] = "FedEx", ["trackingNumber"] = "1", ["driveCount"] = 2, ["shipDate"] = "2026-01-06" }),
                    new("POST", job + "/close", null, null),
                    new("GET", "operator/emulation", null, null),
                    new("PUT", "operator/emulation", null, new JsonObject { ["progression"] = "Manual" }),
                    new("GET", "operator/storage-accounts", null, null),
                    new("PUT", "operator/storage-accounts", null, new JsonObject { ["id"] = "fuzzstore", ["accountKey"] = ClassicRequests.AccountKey }),
                    new("GET", $"operator/subscriptions/{sub}/resourceGroups/{ArmGroup}/jobs/fuzzjob", null, null),
                ], "operator/");
                }

            default:
                {
                    using var client = server.CreateClient();
                    await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("FuzzHistory"));
                    var created = await client.AddWebhookAsync(server, new Uri("https://127.0.0.1:9/hook"));
                    var id = created["id"]!.GetValue<string>();
                    var root = $"{sub}/services/ferry";
                    return ([
                        new("GET", root + "/jobs/FuzzHistory/history", null, null),
                    new("GET", root + "/webhooks", null, null),
                    new("POST", root + "/webhooks", null, new JsonObject { ["url"] = "https://127.0.0.1:9/other", ["secret"] = "0123456789abcdef0123" }),
                    new("DELETE", root + "/webhooks/" + id, null, null),
                    new("GET", root + "/webhooks/" + id + "/deliveries", null, null),
                ], root);
                }
        }
    }

    private static HttpClient CreateClient(FerryTestServer server, FuzzSurface surface, bool anonymous)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == server.ServerCertificate.GetCertHashString(),
            },

            // Header values go out as the fuzzer wrote them (Latin-1), not refused on the client.
            RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (!anonymous && surface is FuzzSurface.Classic or FuzzSurface.Extensions)
        {
            handler.SslOptions.ClientCertificates = [server.ManagementCertificate];
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
    }

    private static async Task SendAsync(HttpClient client, FerryTestServer server, FuzzRequest fuzz, string? token, FuzzOutcome outcome)
    {
        var uri = new Uri($"https://{server.BaseAddress.Authority}{fuzz.PathAndQuery}", new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), uri);
        if (fuzz.Http2)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        if (fuzz.Surface == FuzzSurface.Classic)
        {
            request.Headers.TryAddWithoutValidation("x-ms-version", ClassicRequests.V2);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (fuzz.Body is not null)
        {
            request.Content = new ByteArrayContent(fuzz.Body);
            if (fuzz.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
            }
        }

        foreach (var (name, value) in fuzz.Headers)
        {
            if (name.Equals("x-ms-version", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Remove(name);
            }

            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        try
        {
            using var response = await client.SendAsync(request, Ct);
            var body = await response.Content.ReadAsByteArrayAsync(Ct);
            outcome.Record((int)response.StatusCode);
            if ((int)response.StatusCode >= 500)
            {
                outcome.Fail(fuzz, $"{(int)response.StatusCode} {Excerpt(body)}");
            }
            else if ((int)response.StatusCode >= 400 && body.Length > 0 && fuzz.KeepsPrefix && !fuzz.Anonymous && EnvelopeProblem(fuzz.Surface, response, body) is { } problem)
            {
                outcome.Fail(fuzz, $"{(int)response.StatusCode} not in the surface's envelope: {problem}: {Excerpt(body)}");
            }
        }
        catch (HttpRequestException) when (KestrelMalformed(fuzz))
        {
            // A request Kestrel itself finds malformed (a raw space in its target, a control character in its decoded path,
            // a header value outside ASCII) never reaches Ferry: over HTTP/2 Kestrel resets the stream with PROTOCOL_ERROR (RFC 9113 §8.1.1); over
            // HTTP/1.1 it answers 400 and closes the connection, which a client still sending a large body sees as a broken pipe.
            outcome.Record(-2);
        }
        catch (HttpRequestException e)
        {
            outcome.Record(0);
            outcome.Fail(fuzz, $"the connection failed: {e.Message} {e.InnerException?.Message}");
        }
        catch (TaskCanceledException) when (!Ct.IsCancellationRequested)
        {
            outcome.Record(0);
            outcome.Fail(fuzz, "no answer within 60 s");
        }
    }

    /// <summary>Kestrel's default limit of a request body: beyond it Kestrel answers 413 and closes the connection rather than drain it.</summary>
    private const long KestrelMaxRequestBodySize = 30_000_000;

    /// <summary>
    /// Whether a request is one Kestrel refuses on its own: a body over its size limit, a request target with a raw space or a character outside
    /// printable ASCII (RFC 9112 §3.2), a control character in its decoded path, or a header value outside printable ASCII.
    /// </summary>
    private static bool KestrelMalformed(FuzzRequest fuzz) =>
        fuzz.Body?.Length > KestrelMaxRequestBodySize
        || fuzz.PathAndQuery.Any(c => c is <= ' ' or > '~')
        || System.Text.RegularExpressions.Regex.IsMatch(fuzz.PathAndQuery.Split('?')[0], "%([01][0-9A-Fa-f]|7[Ff])")
        || fuzz.Headers.Any(h => h.Value.Any(c => c is < ' ' or > '~'));

    /// <summary>Why an error body is not the surface's own envelope, or null when it is.</summary>
    private static string? EnvelopeProblem(FuzzSurface surface, HttpResponseMessage response, byte[] body)
    {
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return response.Content.Headers.ContentType?.MediaType == "application/xml" ? null : "not JSON";
        }

        return surface switch
        {
            FuzzSurface.Classic => document?["odata.error"]?["code"]?.GetValue<string>() == ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture) ? null : "no odata.error with the status as its code",
            FuzzSurface.Arm => document?["error"]?["code"] is JsonValue ? null : "no error.code",
            _ => document?["status"]?.GetValue<int>() == (int)response.StatusCode && document["code"] is JsonValue ? null : "no problem details with status and code",
        };
    }

    /// <summary>After the storm: the surface still answers a plain read with 200.</summary>
    private static async Task AssertAnsweringAsync(FerryTestServer server, FuzzSurface surface, string? token)
    {
        using var client = CreateClient(server, surface, anonymous: false);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var sub = server.SubscriptionId;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, surface switch
        {
            FuzzSurface.Classic => $"{sub}/services/importexport/storageaccounts/{Account}/jobs",
            FuzzSurface.Arm => $"subscriptions/{sub}/providers/Microsoft.ImportExport/jobs?api-version=2021-01-01",
            FuzzSurface.Operator => "operator/emulation",
            _ => $"{sub}/services/ferry/webhooks",
        }));
        request.Headers.TryAddWithoutValidation("x-ms-version", ClassicRequests.V2);
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var health = await client.GetAsync(new Uri(server.BaseAddress, "healthz"), Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private sealed record FramingTarget(FuzzSurface Surface, string Method, string Path, string Authority, string? Token)
    {
        /// <summary>The request line and headers up to the blank line, with <paramref name="headers"/> added.</summary>
        public string Head(params (string Name, string Value)[] headers)
        {
            var text = new StringBuilder($"{Method} {Path} HTTP/1.1\r\nHost: {Authority}\r\nContent-Type: application/json\r\nx-ms-version: {ClassicRequests.V2}\r\n");
            if (Token is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"Authorization: Bearer {Token}\r\n");
            }

            foreach (var (name, value) in headers)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            }

            return text.Append("\r\n").ToString();
        }
    }

    private static FramingTarget TargetOf(FerryTestServer server, FuzzSurface surface)
    {
        var sub = server.SubscriptionId;
        return surface switch
        {
            FuzzSurface.Classic => new(surface, "PUT", $"/{sub}/services/importexport/storageaccounts/{Account}/jobs/FuzzFramed", server.BaseAddress.Authority, null),
            FuzzSurface.Arm => new(surface, "PUT", $"/{ArmRequests.JobPath(sub, ArmGroup, "fuzzframed")}?api-version=2021-01-01", server.BaseAddress.Authority, server.ArmToken),
            FuzzSurface.Operator => new(surface, "POST", $"/operator/subscriptions/{sub}/jobs/FuzzOperator/receive", server.BaseAddress.Authority, server.Credentials.OperatorToken),
            _ => new(surface, "POST", $"/{sub}/services/ferry/webhooks", server.BaseAddress.Authority, null),
        };
    }

    /// <summary>Fixed framing faults, then seeded corruptions of a chunked body.</summary>
    private static IEnumerable<(string Name, byte[] Payload, bool Abort)> FramingCases(FramingTarget t, Random random)
    {
        const string json = "{\"Name\":\"FuzzFramed\"}";
        var chunked = ("Transfer-Encoding", "chunked");
        static byte[] A(string text) => Encoding.Latin1.GetBytes(text);
        yield return ("chunk size zz", A(t.Head(chunked) + "zz\r\n" + json + "\r\n0\r\n\r\n"), false);
        yield return ("chunk size overflow", A(t.Head(chunked) + "FFFFFFFFFFFFFFFFFFFFFFFF\r\n" + json + "\r\n0\r\n\r\n"), false);
        yield return ("chunk size negative", A(t.Head(chunked) + "-5\r\nabcde\r\n0\r\n\r\n"), false);
        yield return ("chunk longer than its size", A(t.Head(chunked) + "3\r\n" + json + "\r\n0\r\n\r\n"), false);
        yield return ("chunk extension junk", A(t.Head(chunked) + "5;\u0001\u0002\r\nabcde\r\n0\r\n\r\n"), false);
        yield return ("no final chunk, then close", A(t.Head(chunked) + "5\r\nabcde\r\n"), true);
        yield return ("Content-Length and chunked", A(t.Head(chunked, ("Content-Length", "5")) + "5\r\nabcde\r\n0\r\n\r\n"), false);
        yield return ("two Content-Lengths", A(t.Head(("Content-Length", "5"), ("Content-Length", "7")) + "abcdefg"), false);
        yield return ("Content-Length not a number", A(t.Head(("Content-Length", "x5")) + "abcde"), false);
        yield return ("Content-Length overflow", A(t.Head(("Content-Length", "99999999999999999999999")) + "abcde"), false);
        yield return ("truncated body, then close", A(t.Head(("Content-Length", "500")) + json), true);
        yield return ("headers only, then reset", A(t.Head(("Content-Length", "10"))), true);
        yield return ("transfer-coding gzip", A(t.Head(("Transfer-Encoding", "gzip, chunked")) + "5\r\nabcde\r\n0\r\n\r\n"), false);
        yield return ("bare LF line ends", A(t.Head(chunked).Replace("\r\n", "\n", StringComparison.Ordinal) + "5\nabcde\n0\n\n"), false);
        for (var i = 0; i < 24; i++)
        {
            var body = Encoding.Latin1.GetBytes($"{json.Length:X}\r\n{json}\r\n0\r\n\r\n");
            var flips = 1 + random.Next(3);
            for (var f = 0; f < flips; f++)
            {
                body[random.Next(body.Length)] = (byte)random.Next(256);
            }

            yield return ($"corrupted chunked body {i}", [.. A(t.Head(chunked)), .. body], false);
        }
    }

    /// <summary>Sends <paramref name="payload"/> over a fresh TLS connection; the answer's status, or null when the server closed without one.</summary>
    private static async Task<int?> RawExchangeAsync(FerryTestServer server, FramingTarget target, byte[] payload, bool abort, CancellationToken ct) =>
        (await RawResponseAsync(server, target, payload, abort, ct)).Status;

    private static async Task<(int? Status, string Body)> RawResponseAsync(FerryTestServer server, FramingTarget target, byte[] payload, bool abort, CancellationToken ct)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port, ct);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = server.BaseAddress.Host,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == server.ServerCertificate.GetCertHashString(),
        };
        if (target.Surface is FuzzSurface.Classic or FuzzSurface.Extensions)
        {
            options.ClientCertificates = new X509CertificateCollection { server.ManagementCertificate };
        }

        await tls.AuthenticateAsClientAsync(options, ct);
        await tls.WriteAsync(payload, ct);
        await tls.FlushAsync(ct);
        if (abort)
        {
            tcp.Client.LingerState = new System.Net.Sockets.LingerOption(true, 0);
            tcp.Close();
            return (null, "");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await tls.ReadAsync(buffer, deadline.Token)) > 0)
            {
                await received.WriteAsync(buffer.AsMemory(0, read), deadline.Token);
                if (Complete(received.ToArray()))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // The server reset the connection: no answer.
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException("The server neither answered nor closed the connection within 30 s.");
        }

        var text = Encoding.Latin1.GetString(received.ToArray());
        if (!text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
        {
            return (null, "");
        }

        var status = int.Parse(text.AsSpan(9, 3), CultureInfo.InvariantCulture);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var body = split < 0 ? "" : text[(split + 4)..];
        if (text[..Math.Max(split, 0)].Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return (status, body);
    }

    /// <summary>Whether <paramref name="response"/> holds a whole HTTP/1.1 answer (by Content-Length or the last chunk).</summary>
    private static bool Complete(byte[] response)
    {
        var text = Encoding.Latin1.GetString(response);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return false;
        }

        var head = text[..split];
        var length = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return length is not null
            ? text.Length - split - 4 >= int.Parse(length["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture)
            : !head.Contains("chunked", StringComparison.OrdinalIgnoreCase) || text.EndsWith("0\r\n\r\n", StringComparison.Ordinal);
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var at = 0;
        while (at < body.Length)
        {
            var end = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            var size = int.Parse(body.AsSpan(at, end - at), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }

            result.Append(body, end + 2, size);
            at = end + 2 + size + 2;
        }

        return result.ToString();
    }

    private static void Report(string line)
    {
        if (Environment.GetEnvironmentVariable("FERRY_FUZZ_REPORT") is { Length: > 0 } file)
        {
            lock (typeof(FuzzTests))
            {
                File.AppendAllText(file, line + "\n");
            }
        }
    }

    private static string Excerpt(byte[] body) => body.Length == 0 ? "(empty)" : Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)));

    /// <summary>Counts by status and the failures of one run.</summary>
    private sealed class FuzzOutcome
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<int, int> _statuses = new();

        public System.Collections.Concurrent.ConcurrentQueue<string> Failures { get; } = new();

        public void Record(int status) => _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);

        public void Fail(FuzzRequest request, string what) => Failures.Enqueue($"{request.Description} -> {what}");

        public string Summary(FuzzSurface surface, int seed, TimeSpan elapsed, int logEntries) =>
            $"{surface} seed={seed} requests={_statuses.Values.Sum()} failures={Failures.Count} serverErrors={_statuses.Where(p => p.Key >= 500).Sum(p => p.Value)} " +
            $"dropped={_statuses.GetValueOrDefault(0)} refusedByKestrel={_statuses.GetValueOrDefault(-2)} logEntries={logEntries} seconds={elapsed.TotalSeconds:F1} statuses=" +
            string.Join(",", _statuses.Where(p => p.Key > 0).OrderBy(p => p.Key).Select(p => $"{p.Key}:{p.Value}"));
    }
}
