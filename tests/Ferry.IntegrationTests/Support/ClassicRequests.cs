using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.IntegrationTests.Support;

/// <summary>Builders of classic API requests and sample bodies.</summary>
public static class ClassicRequests
{
    public const string V1 = "2014-05-01";
    public const string V2 = "2014-11-01";
    public const string SampleKey = "259358-100188-581471-154165-090552-296406-410091-426844";
    public const string AccountKey = "ZmVycnktdGVzdC1hY2NvdW50LWtleS0wMTIzNDU2Nzg5YWJjZGVm";

    /// <summary>A request to <paramref name="path"/> under the classic base (e.g. <c>storageaccounts/acc/jobs/j</c>).</summary>
    public static HttpRequestMessage Create(FerryTestServer server, HttpMethod method, string path, string? version = V2, string? json = null)
    {
        var request = new HttpRequestMessage(method, server.ClassicBase + "/" + path);
        if (version is not null)
        {
            request.Headers.Add("x-ms-version", version);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return request;
    }

    /// <summary>A valid import Put Job body.</summary>
    public static JsonObject ImportJob(string name, int drives = 1, string location = "West US")
    {
        var list = new JsonArray();
        for (var i = 0; i < drives; i++)
        {
            list.Add(new JsonObject
            {
                ["DriveId"] = $"DRIVE{i:D4}",
                ["BitLockerKey"] = SampleKey,
                ["ManifestFile"] = "\\DriveManifest.xml",
                ["ManifestHash"] = "B306C4B34DAA0E99957A4B9C779D2FA2",
            });
        }

        return new JsonObject
        {
            ["Name"] = name,
            ["Properties"] = new JsonObject
            {
                ["StorageAccountKey"] = AccountKey,
                ["Location"] = location,
                ["Type"] = "Import",
                ["ReturnAddress"] = ReturnAddress(),
            },
            ["DriveList"] = list,
        };
    }

    /// <summary>A valid export Put Job body.</summary>
    public static JsonObject ExportJob(string name) => new()
    {
        ["Name"] = name,
        ["Properties"] = new JsonObject
        {
            ["StorageAccountKey"] = AccountKey,
            ["Location"] = "West US",
            ["Type"] = "Export",
            ["ReturnAddress"] = ReturnAddress(),
        },
        ["Export"] = new JsonObject { ["BlobList"] = new JsonObject { ["BlobPathPrefix"] = new JsonArray("/photos") } },
    };

    public static JsonObject ReturnAddress() => new()
    {
        ["Name"] = "John Doe",
        ["Address"] = "One Microsoft Way, Redmond, WA 98052",
        ["Phone"] = "1-800-000-0000",
        ["Email"] = "johndoe@outlook.com",
    };

    public static JsonObject ShippingUpdate() => new()
    {
        ["Properties"] = new JsonObject
        {
            ["State"] = "Shipping",
            ["DeliveryPackage"] = new JsonObject { ["CarrierName"] = "FedEx", ["TrackingNumber"] = "999999999999", ["DriveCount"] = 1, ["ShipDate"] = "4/30/2014 12:25:40 AM" },
        },
    };

    /// <summary>Sends a request and returns the response.</summary>
    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, FerryTestServer server, HttpMethod method, string path, string? version = V2, JsonNode? body = null) =>
        client.SendAsync(Create(server, method, path, version, body?.ToJsonString()));

    /// <summary>Creates a job and asserts 201.</summary>
    public static async Task PutJobAsync(this HttpClient client, FerryTestServer server, string account, JsonObject body)
    {
        using var response = await client.SendAsync(server, HttpMethod.Put, $"storageaccounts/{account}/jobs/{body["Name"]}", body: body);
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"Put Job failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The ExtendedCode of an odata.error body.</summary>
    public static async Task<string?> ExtendedCodeAsync(HttpResponseMessage response)
    {
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return json?["odata.error"]?["azure.values"]?[0]?["ExtendedCode"]?.GetValue<string>();
    }

    /// <summary>The relative path of a job.</summary>
    public static string JobPath(string account, string job) => $"storageaccounts/{account}/jobs/{job}";

    /// <summary>Sends a request with a raw JSON text and extra headers (added without validation, as any client could send them).</summary>
    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, FerryTestServer server, HttpMethod method, string path, RawRequest? options = null)
    {
        options ??= new RawRequest();
        var request = Create(server, method, path, options.Version, options.Json);
        foreach (var (name, value) in options.Headers ?? new Dictionary<string, string>())
        {
            Assert.True(request.Headers.TryAddWithoutValidation(name, value), $"Header {name} was not added.");
        }

        return client.SendAsync(request);
    }

    /// <summary>Gets a job and asserts 200; returns its JSON.</summary>
    public static async Task<JsonNode> GetJobJsonAsync(this HttpClient client, FerryTestServer server, string account, string job)
    {
        using var response = await client.SendAsync(server, HttpMethod.Get, JobPath(account, job));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Get Job {job}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The status of Get Job.</summary>
    public static async Task<HttpStatusCode> GetJobStatusAsync(this HttpClient client, FerryTestServer server, string account, string job)
    {
        using var response = await client.SendAsync(server, HttpMethod.Get, JobPath(account, job));
        return response.StatusCode;
    }

    /// <summary>The ETag of a job as Get Job reports it.</summary>
    public static async Task<string> GetETagAsync(this HttpClient client, FerryTestServer server, string account, string job)
    {
        using var response = await client.SendAsync(server, HttpMethod.Get, JobPath(account, job));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("ETag").Single();
    }

    /// <summary>List Jobs for an account with a query string (without '?'); asserts 200 and returns the JSON.</summary>
    public static async Task<JsonNode> ListJobsAsync(this HttpClient client, FerryTestServer server, string account, string query = "")
    {
        using var response = await client.SendAsync(server, HttpMethod.Get, $"storageaccounts/{account}/jobs" + (query.Length > 0 ? "?" + query : ""));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"List Jobs ?{query}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The job names of a List Jobs page, in response order.</summary>
    public static List<string> Names(JsonNode list) => [.. list["value"]!.AsArray().Select(j => j!["Name"]!.GetValue<string>())];

    /// <summary>
    /// Asserts an error response: the status, the odata.error envelope (code, en-US message, two azure.values objects),
    /// the ExtendedCode, and that ExtendedInformation mentions <paramref name="mentions"/> (the field at fault).
    /// </summary>
    public static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string extendedCode, string? mentions = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonNode.Parse(text)!["odata.error"]!;
        Assert.Equal(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), error["code"]!.GetValue<string>());
        Assert.Equal("en-US", error["message"]!["lang"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!["value"]!.GetValue<string>()));
        var values = error["azure.values"]!.AsArray();
        Assert.Equal(2, values.Count);
        Assert.Equal(extendedCode, values[0]!["ExtendedCode"]!.GetValue<string>());
        var information = values[1]!["ExtendedInformation"]!.GetValue<string>();
        if (mentions is not null)
        {
            Assert.Contains(mentions, information, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Puts a job into <paramref name="state"/> through the store (later states are otherwise reached only through the
    /// operator surface); <paramref name="stateChangedAt"/> defaults to the server's clock. The ETag changes, as on
    /// any service-side change.
    /// </summary>
    public static async Task MoveJobAsync(this FerryTestServer server, string job, JobState state, DateTimeOffset? stateChangedAt = null)
    {
        var store = server.Services.GetRequiredService<IJobStore>();
        var subscription = Guid.Parse(server.SubscriptionId).ToString();
        var stored = await store.FindJobOrNullAsync(ApiSurface.Classic, subscription, "", job.ToUpperInvariant(), CancellationToken.None)
            ?? throw new InvalidOperationException($"Job {job} is not stored.");
        var expected = stored.LastModifiedAt;
        var now = server.Clock.GetUtcNow();
        stored.State = state;
        stored.StateChangedAt = stateChangedAt ?? now;
        stored.LastModifiedAt = JobETag.Next(now, expected);
        Assert.True(await store.UpdateJobAsync(stored, expected, [], CancellationToken.None), $"Job {job} could not be moved to {state}.");
    }
}

/// <summary>A raw request: JSON text (null for none), extra headers and the x-ms-version (null for none).</summary>
public sealed record RawRequest(string? Json = null, IReadOnlyDictionary<string, string>? Headers = null, string? Version = ClassicRequests.V2);
