using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ferry.Server.Arm;

namespace Ferry.IntegrationTests.Support;

/// <summary>Raw HTTP requests to the ARM surface of a <see cref="FerryTestServer"/>.</summary>
public static class ArmRequests
{
    public const string Latest = "2021-01-01";

    public static readonly TheoryData<string> Versions = ["2016-11-01", "2020-08-01", "2021-01-01"];

    /// <summary><c>/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ImportExport/jobs/{job}</c>.</summary>
    public static string JobPath(string subscription, string group, string job) =>
        $"subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.ImportExport/jobs/{job}";

    /// <summary>An HTTP client without a client certificate that sends <paramref name="token"/> as a bearer token.</summary>
    public static HttpClient CreateArmHttpClient(this FerryTestServer server, string? token)
    {
        var client = server.CreateClient(anonymous: true);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>A development token from the server's signing key, on its clock, granting <paramref name="subscriptions"/>.</summary>
    public static string MintArmToken(this FerryTestServer server, IEnumerable<string> subscriptions, TimeSpan? lifetime = null, DateTimeOffset? notBefore = null) =>
        ArmTokens.Mint(
            ArmTokens.LoadSigningKey(ArmTokens.SigningKeyPath(server.DataDirectory)),
            ArmAuthenticationOptions.DevelopmentIssuer,
            ArmAuthenticationOptions.DevelopmentAudience,
            "test-principal",
            subscriptions,
            notBefore ?? server.Clock.GetUtcNow(),
            lifetime ?? TimeSpan.FromDays(30));

    /// <summary>An ARM client whose development token grants <paramref name="subscriptions"/>.</summary>
    public static Task<HttpClient> CreateArmClientForAsync(this FerryTestServer server, params string[] subscriptions) =>
        Task.FromResult(server.CreateArmHttpClient(server.MintArmToken(subscriptions)));

    /// <summary>Sends <paramref name="method"/> to <paramref name="path"/> with <c>api-version</c> appended (unless null).</summary>
    public static Task<HttpResponseMessage> ArmAsync(this HttpClient client, HttpMethod method, string path, string? apiVersion = Latest, JsonNode? body = null)
    {
        var uri = apiVersion is null ? path : path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "api-version=" + apiVersion;
        var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request);
    }

    /// <summary>Sends and asserts <paramref name="status"/>; returns the parsed body (null when empty).</summary>
    public static async Task<JsonNode?> ArmOkAsync(this HttpClient client, HttpMethod method, string path, HttpStatusCode status = HttpStatusCode.OK, string? apiVersion = Latest, JsonNode? body = null)
    {
        using var response = await client.ArmAsync(method, path, apiVersion, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{method} {path}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <summary>Asserts an ARM error envelope with this status and code; returns the <c>error</c> object.</summary>
    public static async Task<JsonNode> AssertArmErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? target = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var error = JsonNode.Parse(text)!["error"]!;
        Assert.Equal(code, error["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
        if (target is not null)
        {
            Assert.Equal(target, error["target"]?.GetValue<string>());
        }

        return error;
    }

    /// <summary>Sends and asserts an ARM error.</summary>
    public static async Task<JsonNode> ArmErrorAsync(this HttpClient client, HttpMethod method, string path, HttpStatusCode status, string code, string? target = null, string? apiVersion = Latest, JsonNode? body = null)
    {
        using var response = await client.ArmAsync(method, path, apiVersion, body);
        return await AssertArmErrorAsync(response, status, code, target);
    }
}
