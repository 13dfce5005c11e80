using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Webhooks;

/// <summary>Raw requests to the customer extensions (docs/operator-api.md §3) and their problem-details errors.</summary>
internal static class FerryExtensionsRequests
{
    /// <summary><c>https://127.0.0.1:port/{subscription}/services/ferry</c>; the server's development subscription by default.</summary>
    public static string Base(FerryTestServer server, string? subscriptionId = null) =>
        $"{server.BaseAddress}{subscriptionId ?? server.SubscriptionId}/services/ferry";

    /// <summary>POSTs <paramref name="json"/> as it is, with <paramref name="contentType"/>.</summary>
    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string json, string contentType = "application/json")
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return client.PostAsync(url, content);
    }

    /// <summary>Adds a webhook and asserts 201; returns the creation response (with the secret).</summary>
    public static async Task<JsonObject> AddWebhookAsync(this HttpClient client, FerryTestServer server, Uri url, string? secret = null)
    {
        var body = new JsonObject { ["url"] = url.ToString() };
        if (secret is not null)
        {
            body["secret"] = secret;
        }

        using var response = await client.PostRawAsync(Base(server) + "/webhooks", body.ToJsonString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Add webhook: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>GETs <paramref name="url"/>, asserts a 200 JSON answer and returns its <c>value</c> array.</summary>
    public static async Task<JsonArray> GetValueAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["value"], json.Select(p => p.Key));
        return json["value"]!.AsArray();
    }

    /// <summary>
    /// Asserts an RFC 9457 problem: the status, <c>application/problem+json</c>, <c>type</c>
    /// <c>https://ferry.dev/errors/&lt;code&gt;</c>, <c>title</c>, <c>status</c>, a <c>detail</c>, <c>code</c>, and
    /// <c>target</c> exactly when one is expected.
    /// </summary>
    public static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? target = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("https://ferry.dev/errors/" + code, problem["type"]!.GetValue<string>());
        Assert.Equal(code, problem["title"]!.GetValue<string>());
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]!.GetValue<string>()));
        Assert.Equal(code, problem["code"]!.GetValue<string>());
        Assert.Equal(target, problem["target"]?.GetValue<string>());
        Assert.Equal(target is null, !problem.ContainsKey("target"));
        return problem;
    }
}
