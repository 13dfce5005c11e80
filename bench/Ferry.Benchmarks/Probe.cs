using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Ferry.Benchmarks;

/// <summary>
/// Single checked requests: before an operation goes under load, one request of it must answer as the contract
/// says. A wrong answer stops the run with the full request and response in the message.
/// </summary>
internal static class Probe
{
    /// <summary>Sends <paramref name="request"/>; returns the body (parsed when JSON) and the latency, or throws with details.</summary>
    public static async Task<ProbeResponse> SendAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        var requestText = $"{request.Method} {request.RequestUri}";
        var sent = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new BenchmarkFailedException($"{requestText} failed: {e.Message}", e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var latency = Stopwatch.GetElapsedTime(sent);
            if (response.StatusCode != expected)
            {
                throw new BenchmarkFailedException(
                    $"{requestText} answered {(int)response.StatusCode} {response.ReasonPhrase}, expected {(int)expected}.\n{Describe(response, body)}");
            }

            JsonDocument? json = null;
            if (body.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json")
            {
                try
                {
                    json = JsonDocument.Parse(body);
                }
                catch (JsonException e)
                {
                    throw new BenchmarkFailedException($"{requestText} returned invalid JSON: {e.Message}\n{Describe(response, body)}", e);
                }
            }

            return new ProbeResponse(requestText, json, body, latency, Describe(response, body));
        }
    }

    /// <summary>Reads the account's job count from List Jobs' <c>odata.count</c>.</summary>
    public static async Task<long> CountJobsAsync(HttpClient client, ClassicClient classic, CancellationToken cancellationToken)
    {
        using var request = ClassicClient.Get(new Uri(classic.JobsCollection + "?$top=1"));
        using var response = await SendAsync(client, request, HttpStatusCode.OK, cancellationToken);
        return response.Count();
    }

    private static string Describe(HttpResponseMessage response, string body)
    {
        var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => $"  {h.Key}: {string.Join(", ", h.Value)}"));
        var shown = body.Length <= 2000 ? body : body[..2000] + "…";
        return $"HTTP/{response.Version} {(int)response.StatusCode} {response.ReasonPhrase}\n{headers}\n\n{shown}";
    }
}
