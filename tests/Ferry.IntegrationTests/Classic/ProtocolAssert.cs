using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Classic;

/// <summary>Assertions and request helpers shared by the classic protocol tests (no state).</summary>
internal static partial class ProtocolAssert
{
    /// <summary>Asserts the documented <c>odata.error</c> envelope exactly, and its headers; returns the ExtendedInformation.</summary>
    public static async Task<string> ErrorAsync(HttpResponseMessage response, int status, string extendedCode)
    {
        var raw = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {raw}");
        Assert.Equal("application/json", ContentType(response));
        var root = Assert.IsType<JsonObject>(JsonNode.Parse(raw));
        Assert.Equal(["odata.error"], root.Select(p => p.Key));
        var error = Assert.IsType<JsonObject>(root["odata.error"]);
        Assert.Equal(["code", "message", "azure.values"], error.Select(p => p.Key));
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error["code"]!.GetValue<string>());
        var message = Assert.IsType<JsonObject>(error["message"]);
        Assert.Equal(["lang", "value"], message.Select(p => p.Key));
        Assert.Equal("en-US", message["lang"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(message["value"]!.GetValue<string>()));
        var values = Assert.IsType<JsonArray>(error["azure.values"]);
        Assert.Equal(2, values.Count);
        var code = Assert.IsType<JsonObject>(values[0]);
        Assert.Equal(["ExtendedCode"], code.Select(p => p.Key));
        Assert.Equal(extendedCode, code["ExtendedCode"]!.GetValue<string>());
        var information = Assert.IsType<JsonObject>(values[1]);
        Assert.Equal(["ExtendedInformation"], information.Select(p => p.Key));
        var text = information["ExtendedInformation"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(text));
        return text;
    }

    /// <summary>Asserts the headers every classic response carries (docs/classic-api.md §2.8).</summary>
    public static void StandardHeaders(HttpResponseMessage response, string expectedVersion)
    {
        Assert.NotNull(response.Headers.Date);
        Assert.Matches(RequestId(), Assert.Single(response.Headers.GetValues("x-ms-request-id")));
        Assert.Equal(expectedVersion, Assert.Single(response.Headers.GetValues("x-ms-version")));
        Assert.Equal(["identity"], response.Content.Headers.ContentEncoding);
        Assert.True(response.Headers.CacheControl?.NoCache, "Cache-Control: no-cache expected");
        Assert.Equal(["en-us"], response.Content.Headers.ContentLanguage);
    }

    /// <summary>The response Content-Type of a JSON Light body at <paramref name="level"/>.</summary>
    public static string JsonContentType(string level) => $"application/json;odata={level};streaming=true;charset=utf-8";

    /// <summary>
    /// The raw Content-Type header value as sent. Call it before reading the body: once the client parsed the
    /// header (reading a string body does), it re-formats the value with spaces after the semicolons.
    /// </summary>
    public static string? ContentType(HttpResponseMessage response) =>
        response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : null;

    /// <summary>A request to an absolute URL with an x-ms-version.</summary>
    public static HttpRequestMessage Absolute(HttpMethod method, string url, string? version = ClassicRequests.V2)
    {
        var request = new HttpRequestMessage(method, url);
        if (version is not null)
        {
            request.Headers.Add("x-ms-version", version);
        }

        return request;
    }

    /// <summary>A classic request with a raw Accept header (added without validation).</summary>
    public static HttpRequestMessage WithAccept(this HttpRequestMessage request, string accept)
    {
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }

    /// <summary>Replaces the content type of the request body with a raw value.</summary>
    public static HttpRequestMessage WithContentType(this HttpRequestMessage request, string contentType)
    {
        request.Content ??= new ByteArrayContent([]);
        request.Content.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return request;
    }

    /// <summary>Parses a JSON object body.</summary>
    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response)
    {
        var raw = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Expected success, got {(int)response.StatusCode}: {raw}");
        return Assert.IsType<JsonObject>(JsonNode.Parse(raw));
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex RequestId();
}
