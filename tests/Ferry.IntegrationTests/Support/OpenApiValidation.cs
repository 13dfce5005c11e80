using System.Collections.Concurrent;
using Ferry.Server.Hosting;
using Ferry.TestSupport;

namespace Ferry.IntegrationTests.Support;

/// <summary>
/// Checks every response of a test client against the OpenAPI document of its surface (docs/architecture.md §10):
/// classic, ARM, operator and customer extensions. A response the document does not describe throws
/// <see cref="OpenApiViolationException"/> from the request, so the test that made it fails and names the
/// exchange. The documents are read once per process: the hand-written ones from the server assembly, the generated
/// ones from the first server that is asked.
/// </summary>
public sealed class OpenApiValidatingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private static readonly ConcurrentDictionary<string, OpenApiContract> _contracts = new(StringComparer.Ordinal);

    /// <summary>The document describing <paramref name="path"/>, or null for paths outside the four surfaces.</summary>
    public static string? DocumentFor(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return null;
        }

        if (segments[0].Equals("operator", StringComparison.OrdinalIgnoreCase))
        {
            return ApiDescriptions.Operator;
        }

        if (segments.Length >= 3 && segments[1].Equals("services", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.UnescapeDataString(segments[2]).ToUpperInvariant() switch
            {
                "IMPORTEXPORT" => ApiDescriptions.Classic,
                "FERRY" => ApiDescriptions.Extensions,
                _ => null,
            };
        }

        return segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) || segments[0].Equals("providers", StringComparison.OrdinalIgnoreCase)
            ? ApiDescriptions.Arm
            : null;
    }

    /// <summary>The contract of a document: hand-written ones from the server assembly, generated ones fetched with <paramref name="fetch"/>.</summary>
    public static async Task<OpenApiContract> ContractAsync(string name, Func<string, Task<string>> fetch)
    {
        if (_contracts.TryGetValue(name, out var known))
        {
            return known;
        }

        // Two first requests may both read the document; the first parsed one is kept.
        var text = name is ApiDescriptions.Classic or ApiDescriptions.Arm ? ApiDescriptions.ReadEmbedded(name) : await fetch(ApiDescriptions.PathOf(name));
        return _contracts.GetOrAdd(name, OpenApiContract.Parse(name, text));
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var uri = request.RequestUri!;
        if (DocumentFor(uri.AbsolutePath) is not { } name)
        {
            return response;
        }

        var contract = await ContractAsync(name, async path =>
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(uri, path));
            using var answer = await base.SendAsync(get, cancellationToken);
            answer.EnsureSuccessStatusCode();
            return await answer.Content.ReadAsStringAsync(cancellationToken);
        });
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        // Bytes, not ReadAsStringAsync: that parses Content-Type for its charset, and a parsed header is re-serialised.
        var body = System.Text.Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        var method = request.Method.Method;

        // Method tunnelling on the classic surface (docs/classic-api.md §2.7): a GET handled as PUT, PATCH or DELETE.
        if (name == ApiDescriptions.Classic && method == "GET" && request.Headers.TryGetValues("X-HTTP-Method", out var tunnel)
            && tunnel.SingleOrDefault()?.ToUpperInvariant() is "PUT" or "PATCH" or "DELETE")
        {
            method = tunnel.Single().ToUpperInvariant();
        }

        // Read without parsing: a parsed Content-Type header is written back normalised, and tests compare the raw text.
        var mediaType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var types)
            ? types.FirstOrDefault()?.Split(';')[0].Trim()
            : null;
        var violations = contract.Check(method, uri.AbsolutePath, (int)response.StatusCode, mediaType, body);
        if (violations.Count > 0)
        {
            response.Dispose();
            throw new OpenApiViolationException(string.Join("\n", violations));
        }

        return response;
    }
}

/// <summary>A response that its surface's OpenAPI document does not describe.</summary>
public sealed class OpenApiViolationException(string message) : Exception("OpenAPI contract violation: " + message);
