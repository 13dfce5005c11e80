using System.Net;
using System.Text;

namespace Ferry.UnitTests.Client;

/// <summary>An HTTP handler that records each request (method, URI, headers, body) and answers from a function.</summary>
internal sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>A handler that answers every request with <paramref name="status"/> and a JSON body.</summary>
    public static StubHandler Json(HttpStatusCode status, string? body = null, string contentType = "application/json") =>
        new(_ => Respond(status, body, contentType));

    public static HttpResponseMessage Respond(HttpStatusCode status, string? body = null, string contentType = "application/json") =>
        new(status) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, contentType) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        Requests.Add(new RecordedRequest(request.Method.Method, request.RequestUri!.AbsoluteUri, headers, string.IsNullOrEmpty(body) ? null : body));
        return respond(request);
    }
}

internal sealed record RecordedRequest(string Method, string Uri, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
