using System.Net;
using System.Text.Json.Nodes;

namespace Ferry.IntegrationTests.Support;

/// <summary>
/// What every surface answers while the database is unavailable (docs/architecture.md §8.5): 503 with a
/// <c>Retry-After</c> in seconds, in the surface's own envelope; and what the health endpoints answer.
/// </summary>
public static class OutageAssert
{
    /// <summary>503, <c>Retry-After</c>, classic <c>odata.error</c> with ExtendedCode <c>ServerBusy</c>.</summary>
    public static async Task ClassicAsync(HttpResponseMessage response)
    {
        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable, "ServerBusy");
        RetryAfter(response);
    }

    /// <summary>503, <c>Retry-After</c>, ARM <c>error</c> with code <c>ServiceUnavailable</c>.</summary>
    public static async Task ArmAsync(HttpResponseMessage response)
    {
        await ArmRequests.AssertArmErrorAsync(response, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
        RetryAfter(response);
    }

    /// <summary>503, <c>Retry-After</c>, problem details with code <c>ServiceUnavailable</c> (operator, extensions).</summary>
    public static async Task ProblemAsync(HttpResponseMessage response)
    {
        await OperatorRequests.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
        RetryAfter(response);
    }

    /// <summary>
    /// The readiness answer of <paramref name="path"/> (<c>healthz</c>, <c>healthz/ready</c>): its status, never
    /// cached; without a token a bare <c>ok</c>/<c>unavailable</c>. Returns the status.
    /// </summary>
    public static async Task<HttpStatusCode> BareHealthAsync(HttpClient anonymous, string path, CancellationToken cancellationToken)
    {
        using var response = await anonymous.GetAsync(path, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{path} answered {(int)response.StatusCode}: {text}");
        Assert.Equal(response.StatusCode == HttpStatusCode.OK ? "ok" : "unavailable", text);
        Assert.True(response.Headers.CacheControl?.NoStore, $"{path} may be cached: {response.Headers.CacheControl}");
        return response.StatusCode;
    }

    /// <summary>The readiness report as the operator sees it (with the operator token): status and each check.</summary>
    public static async Task<(HttpStatusCode Status, JsonNode Report)> DetailedHealthAsync(HttpClient client, string operatorToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "healthz/ready");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", operatorToken);
        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonNode.Parse(text)!);
    }

    /// <summary>
    /// Polls <paramref name="path"/> without a token (a real process: no signal to wait on) until it answers
    /// <paramref name="wanted"/>, for at most <paramref name="limit"/>; fails naming the last answer otherwise.
    /// </summary>
    public static async Task WaitHealthAsync(HttpClient anonymous, string path, HttpStatusCode wanted, TimeSpan limit, Func<string> context, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetUtcNow() + limit;
        while (true)
        {
            HttpStatusCode? status = null;
            try
            {
                status = await BareHealthAsync(anonymous, path, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // No answer this time (a probe timed out); try again.
            }

            if (status == wanted)
            {
                return;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"{path} did not answer {(int)wanted} within {limit.TotalSeconds} s (last: {(status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer")}):\n{context()}");
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, cancellationToken);
        }
    }

    private static void RetryAfter(HttpResponseMessage response)
    {
        var delta = response.Headers.RetryAfter?.Delta;
        Assert.True(delta is { TotalSeconds: > 0 and <= 60 }, $"Retry-After is '{response.Headers.RetryAfter}', not a number of seconds.");
    }
}
