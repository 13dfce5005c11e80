using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ferry.Benchmarks.Transfer;

/// <summary>
/// One import through the server's HTTP surfaces, as a customer and the data centre would do it: classic Put Job
/// (import, one prepared drive, the Azurite account's key) and Update Job Properties to <c>Shipping</c>, then the
/// operator surface receives the package with the drive's folder and the benchmark polls the operator view of the job
/// until the drive has finished copying.
/// </summary>
internal sealed class FerryImport(HttpClient client, ServerCredentials credentials, int port)
{
    private static readonly TimeSpan _pollInterval = TimeSpan.FromMilliseconds(100);

    private readonly ClassicClient _classic = new(new Uri($"https://127.0.0.1:{port}/{credentials.SubscriptionId}/services/importexport"), AzuriteProcess.AccountName);

    private readonly string _operatorToken = credentials.OperatorToken
        ?? throw new BenchmarkFailedException($"{ServerCredentials.FileName} has no operatorToken; the operator surface cannot be reached.");

    private Uri OperatorJob(string job) => new($"https://127.0.0.1:{port}/operator/subscriptions/{credentials.SubscriptionId}/jobs/{job}");

    /// <summary>Creates the job and ships it (both untimed); the drive is then ready to be received.</summary>
    public async Task CreateAndShipAsync(string job, PreparedDrive drive, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["Name"] = job,
            ["Properties"] = new JsonObject
            {
                ["StorageAccountKey"] = AzuriteProcess.AccountKey,
                ["Location"] = "West US",
                ["Type"] = "Import",
                ["ReturnAddress"] = ReturnAddress(),
            },
            ["DriveList"] = new JsonArray(new JsonObject
            {
                ["DriveId"] = drive.DriveId,
                ["BitLockerKey"] = drive.BitLockerKey,
                ["ManifestFile"] = drive.ManifestFile,
                ["ManifestHash"] = drive.ManifestHash,
            }),
        };
        await SendAsync(Classic(HttpMethod.Put, _classic.Job(job), body), HttpStatusCode.Created, "Put Job", cancellationToken);

        var ship = new JsonObject
        {
            ["Properties"] = new JsonObject
            {
                ["State"] = "Shipping",
                ["ReturnAddress"] = ReturnAddress(),
                ["DeliveryPackage"] = new JsonObject { ["CarrierName"] = "FedEx", ["TrackingNumber"] = "999999999999", ["DriveCount"] = 1, ["ShipDate"] = "4/30/2014 12:25:40 AM" },
            },
        };
        await SendAsync(Classic(HttpMethod.Patch, _classic.Job(job), ship), HttpStatusCode.OK, "Update Job Properties (Shipping)", cancellationToken);
    }

    /// <summary>
    /// Creates an export job of every blob under <c>/{container}/{prefix}</c> (classic Put Job, Azurite's account key)
    /// and ships it with one drive (both untimed); the blank drive is then ready to be received.
    /// </summary>
    public async Task CreateExportAndShipAsync(string job, string container, string prefix, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["Name"] = job,
            ["Properties"] = new JsonObject
            {
                ["StorageAccountKey"] = AzuriteProcess.AccountKey,
                ["Location"] = "West US",
                ["Type"] = "Export",
                ["ReturnAddress"] = ReturnAddress(),
            },
            ["Export"] = new JsonObject { ["BlobList"] = new JsonObject { ["BlobPathPrefix"] = new JsonArray($"/{container}/{prefix}") } },
        };
        await SendAsync(Classic(HttpMethod.Put, _classic.Job(job), body), HttpStatusCode.Created, "Put Job (export)", cancellationToken);

        var ship = new JsonObject
        {
            ["Properties"] = new JsonObject
            {
                ["State"] = "Shipping",
                ["ReturnAddress"] = ReturnAddress(),
                ["DeliveryPackage"] = new JsonObject { ["CarrierName"] = "FedEx", ["TrackingNumber"] = "999999999999", ["DriveCount"] = 1, ["ShipDate"] = "4/30/2014 12:25:40 AM" },
            },
        };
        await SendAsync(Classic(HttpMethod.Patch, _classic.Job(job), ship), HttpStatusCode.OK, "Update Job Properties (Shipping, export)", cancellationToken);
    }

    /// <summary>
    /// Receives the package with the drive at <paramref name="contentPath"/> and waits until the drive is
    /// <c>Completed</c> or <c>CompletedMoreInfo</c> (polling every 100 ms). The time runs from just before the receive
    /// request to the first poll that sees the drive finished.
    /// </summary>
    public async Task<ImportOutcome> ReceiveAndWaitAsync(string job, string driveId, string contentPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var receive = new JsonObject { ["drives"] = new JsonArray(new JsonObject { ["driveId"] = driveId, ["contentPath"] = contentPath }) };
        var started = Stopwatch.GetTimestamp();
        await SendAsync(Operator(HttpMethod.Post, new Uri(OperatorJob(job) + "/receive"), receive), HttpStatusCode.OK, "operator receive", cancellationToken);
        var lastState = "";
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            using var view = await SendAsync(Operator(HttpMethod.Get, OperatorJob(job), null), HttpStatusCode.OK, "operator get job", cancellationToken);
            var drive = view.RootElement.GetProperty("drives").EnumerateArray().FirstOrDefault(d => string.Equals(d.GetProperty("driveId").GetString(), driveId, StringComparison.OrdinalIgnoreCase));
            if (drive.ValueKind != JsonValueKind.Object)
            {
                throw new BenchmarkFailedException($"The operator view of job {job} has no drive {driveId}: {view.RootElement}");
            }

            lastState = drive.GetProperty("state").GetString() ?? "";
            if (lastState is "Completed" or "CompletedMoreInfo" or "ShippedBack")
            {
                var elapsed = Stopwatch.GetElapsedTime(started);
                return new ImportOutcome(
                    elapsed,
                    lastState,
                    drive.TryGetProperty("copyStatus", out var copyStatus) ? copyStatus.GetString() ?? "" : "",
                    drive.TryGetProperty("bytesSucceeded", out var bytes) && bytes.ValueKind == JsonValueKind.Number ? bytes.GetInt64() : 0);
            }

            await Task.Delay(_pollInterval, TimeProvider.System, cancellationToken);
        }

        throw new BenchmarkFailedException($"Drive {driveId} of job {job} was still {lastState} after {timeout.TotalSeconds:0} s.");
    }

    /// <summary>Ships the drives back (operator step S1): a job whose drives all completed ends <c>Completed</c>.</summary>
    public async Task ShipBackAsync(string job, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["carrierName"] = "FedEx", ["trackingNumber"] = "888888888888" };
        using var view = await SendAsync(Operator(HttpMethod.Post, new Uri(OperatorJob(job) + "/ship-back"), body), HttpStatusCode.OK, "operator ship-back", cancellationToken);
        var state = view.RootElement.TryGetProperty("state", out var s) ? s.GetString() : null;
        if (state != "Completed")
        {
            throw new BenchmarkFailedException($"After ship-back, job {job} is {state}, expected Completed: {view.RootElement}");
        }
    }

    /// <summary>Delete Job (classic): the job's name is free again.</summary>
    public async Task DeleteAsync(string job, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, _classic.Job(job)) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var _ = await SendAsync(request, HttpStatusCode.OK, "Delete Job", cancellationToken);
    }

    private static JsonObject ReturnAddress() => new()
    {
        ["Name"] = "John Doe",
        ["Address"] = "One Microsoft Way, Redmond, WA 98052",
        ["Phone"] = "1-800-000-0000",
        ["Email"] = "johndoe@outlook.com",
    };

    private static HttpRequestMessage Classic(HttpMethod method, Uri uri, JsonNode body) => new(method, uri)
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Content = Json(body),
    };

    private HttpRequestMessage Operator(HttpMethod method, Uri uri, JsonNode? body)
    {
        var request = new HttpRequestMessage(method, uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = body is null ? null : Json(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _operatorToken);
        return request;
    }

    private static ByteArrayContent Json(JsonNode body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>Sends <paramref name="request"/> (and disposes it); fails the run unless the answer is <paramref name="expected"/>. Returns the JSON body.</summary>
    private async Task<JsonDocument> SendAsync(HttpRequestMessage request, HttpStatusCode expected, string what, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                using var response = await client.SendAsync(request, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode != expected)
                {
                    throw new BenchmarkFailedException($"{what} ({request.Method} {request.RequestUri}) answered {(int)response.StatusCode}, expected {(int)expected}: {text}");
                }

                return text.Length == 0 ? JsonDocument.Parse("{}") : JsonDocument.Parse(text);
            }
            catch (HttpRequestException e)
            {
                throw new BenchmarkFailedException($"{what} ({request.Method} {request.RequestUri}) failed: {e.Message}", e);
            }
        }
    }
}
