using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;
using Ferry.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ferry.IntegrationTests.Telemetry;

/// <summary>
/// Request telemetry (docs/architecture.md §9): ASP.NET Core's request duration carries Ferry's surface and operation,
/// one log line per request names what it should and no secret, <c>/metrics</c> wants the operator token unless open,
/// and the JSON console format carries the request id and the trace id.
/// </summary>
[Collection(TelemetryScrapeCollection.Name)]
public sealed class RequestTelemetryTests
{
    private const string Account = "telemetryacct";
    private const string RequestDuration = "http.server.request.duration";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Classic_and_ARM_requests_are_measured_by_surface_operation_and_status()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var recorder = new MeasurementRecorder(server.Services.GetRequiredService<IMeterFactory>(), RequestDuration);
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("measured"));
        using var get = await client.SendAsync(server, HttpMethod.Get, ClassicRequests.JobPath(Account, "measured"));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using var missing = await client.SendAsync(server, HttpMethod.Get, ClassicRequests.JobPath(Account, "absent"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var arm = server.CreateArmClient();
        using var operations = await arm.ArmAsync(HttpMethod.Get, "providers/Microsoft.ImportExport/operations");
        Assert.Equal(HttpStatusCode.OK, operations.StatusCode);
        using var armMissing = await arm.ArmAsync(HttpMethod.Get, ArmRequests.JobPath(server.SubscriptionId, "rg1", "absent"));
        Assert.Equal(HttpStatusCode.NotFound, armMissing.StatusCode);

        await Measured("classic", "Put Job", 201);
        await Measured("classic", "Get Job", 200);
        await Measured("classic", "Get Job", 404);
        await Measured("arm", "Operations_List", 200);
        var armGet = await Measured("arm", "Jobs_Get", 404);
        Assert.Equal("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ImportExport/jobs/{jobName}", armGet.Tag("http.route"));
        Assert.True(armGet.Value >= 0);

        Task<Recorded> Measured(string surface, string operation, int status) => recorder.Measurements.WaitForAsync(m =>
            m.Tag("ferry.surface") == surface && m.Tag("ferry.operation") == operation && m.Tag("http.response.status_code") == status.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task One_log_line_per_request_names_method_route_status_request_id_and_subscription_and_no_secret()
    {
        var logs = new LogRecorder("Ferry.Requests");
        await using var server = await FerryTestServer.StartAsync(new FerryTestServerOptions(new Dictionary<string, string> { ["Logging:LogLevel:Ferry.Requests"] = "Information" })
        {
            Configure = builder => builder.Logging.AddProvider(logs),
        });
        using var client = server.CreateClient();
        const string Sas = "sv=2019-12-12&sig=SecretSignatureValue0123456789%3D";
        using var get = await client.SendAsync(ClassicRequests.Create(server, HttpMethod.Get, $"storageaccounts/{Account}/jobs?{Sas}"), Ct);
        var requestId = Assert.Single(get.Headers.GetValues("x-ms-request-id"));
        var line = await logs.Entries.WaitForAsync(e => e.Value("RequestId") == requestId);

        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("GET", line.Value("Method"));
        Assert.Equal("/{subscriptionId}/services/importexport/{**rest}", line.Value("Route"));
        Assert.Equal(((int)get.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), line.Value("Status"));
        Assert.Equal(server.SubscriptionId, line.Value("SubscriptionId"));
        Assert.Equal("classic", line.Value("Surface"));
        Assert.Equal("List Jobs", line.Value("Operation"));
        Assert.True(double.Parse(line.Value("DurationMs")!, System.Globalization.CultureInfo.InvariantCulture) >= 0);
        Assert.Contains(line.Scopes, s => s.TryGetValue("RequestId", out var id) && (string?)id == requestId);
        Assert.DoesNotContain("Secret", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", line.Message, StringComparison.Ordinal);

        // The operator token and an account key in a body reach no line either.
        using var op = server.CreateOperatorClient();
        using var emulation = await op.GetAsync("operator/emulation", Ct);
        Assert.Equal(HttpStatusCode.OK, emulation.StatusCode);
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("logged"));
        var operatorLine = await logs.Entries.WaitForAsync(e => e.Value("Surface") == "operator");
        Assert.Equal("GET /operator/emulation", operatorLine.Value("Operation"));
        Assert.Equal("-", operatorLine.Value("SubscriptionId"));
        await logs.Entries.WaitForAsync(e => e.Value("Operation") == "Put Job" && e.Value("Status") == "201");
        foreach (var entry in logs.Entries.Items)
        {
            Assert.DoesNotContain(server.Credentials.OperatorToken!, entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(ClassicRequests.AccountKey, entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(ClassicRequests.SampleKey, entry.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Metrics_need_the_operator_token()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var anonymous = server.CreateClient(anonymous: true);
        using var refused = await anonymous.GetAsync("metrics", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(ProblemDetailsRenderer.ContentType, refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Unauthorized", JsonNode.Parse(await refused.Content.ReadAsStringAsync(Ct))!["code"]!.GetValue<string>());
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.ToString());

        using var wrong = server.CreateOperatorClient(new string('x', 40));
        using var wrongToken = await wrong.GetAsync("metrics", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);

        // A classic request, measured (the measurement is taken after the response went out), then the scrape.
        using var recorder = new MeasurementRecorder(server.Services.GetRequiredService<IMeterFactory>(), RequestDuration);
        using var client = server.CreateClient();
        using var locations = await client.SendAsync(server, HttpMethod.Get, "locations");
        Assert.Equal(HttpStatusCode.OK, locations.StatusCode);
        await recorder.Measurements.WaitForAsync(m => m.Tag("ferry.operation") == "List Locations");

        using var op = server.CreateOperatorClient();
        using var scraped = await op.GetAsync("metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Equal("text/plain", scraped.Content.Headers.ContentType?.MediaType);
        var text = await scraped.Content.ReadAsStringAsync(Ct);
        Assert.Contains("# TYPE ferry_jobs gauge", text, StringComparison.Ordinal);
        var count = Assert.Single(text.Split('\n'), l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
            && l.Contains("ferry_surface=\"classic\"", StringComparison.Ordinal) && l.Contains("ferry_operation=\"List Locations\"", StringComparison.Ordinal));
        Assert.Equal(1, PrometheusText.ValueOf(count));
        Assert.Contains("http_response_status_code=\"200\"", count, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_open_when_configured_and_absent_when_telemetry_is_off()
    {
        await using (var open = await FerryTestServer.StartAsync(new FerryTestServerOptions(new Dictionary<string, string> { ["Ferry:Telemetry:Metrics:Open"] = "true" })))
        {
            using var anonymous = open.CreateClient(anonymous: true);
            using var scraped = await anonymous.GetAsync("metrics", Ct);
            Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
            Assert.Contains("ferry_jobs", await scraped.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        await using var off = await FerryTestServer.StartAsync(new FerryTestServerOptions(new Dictionary<string, string> { ["Ferry:Telemetry:Enabled"] = "false" }));
        using var op = off.CreateOperatorClient();
        using var absent = await op.GetAsync("metrics", Ct);
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        using var client = off.CreateClient();
        using var document = await client.SendAsync(off, HttpMethod.Get, "");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
    }

    [Fact]
    public async Task The_json_console_format_carries_the_request_id_and_the_trace_id()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ferry-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using var process = await FerryProcess.StartHealthyAsync(dataDirectory, Ct, ["--Ferry:Logging:Format", "json"]);
            var credentials = DevCredentials.ReadOrNull(dataDirectory) ?? throw new InvalidOperationException("No dev credentials were written.");
            using var certificate = CertificateFactory.LoadPem(credentials.ManagementCertificate, credentials.ManagementKey);
            using var client = process.CreateClient(certificate);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{credentials.SubscriptionId}/services/importexport/locations");
            request.Headers.Add("x-ms-version", ClassicRequests.V2);
            using var response = await client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var requestId = Assert.Single(response.Headers.GetValues("x-ms-request-id"));

            var line = await process.WaitForLineAsync(l => l.Contains(requestId, StringComparison.Ordinal) && l.Contains("Ferry.Requests", StringComparison.Ordinal), Ct);
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            Assert.Equal("Ferry.Requests", root.GetProperty("Category").GetString());
            Assert.Equal("Information", root.GetProperty("LogLevel").GetString());
            Assert.Equal(requestId, root.GetProperty("State").GetProperty("RequestId").GetString());
            Assert.Equal("List Locations", root.GetProperty("State").GetProperty("Operation").GetString());
            var scopes = root.GetProperty("Scopes").EnumerateArray().ToList();
            Assert.Contains(scopes, s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestId", out var id) && id.GetString() == requestId);
            Assert.Contains(scopes, s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out var trace) && trace.GetString() is { Length: 32 } t && t.Trim('0').Length > 0);
        }
        finally
        {
            await ServerDatabases.ReleaseAsync(dataDirectory);
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by the OS; the temp folder is cleaned later.
            }
        }
    }
}
