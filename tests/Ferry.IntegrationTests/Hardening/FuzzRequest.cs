namespace Ferry.IntegrationTests.Hardening;

/// <summary>The surfaces the fuzzer aims at, each with its own credentials and error envelope.</summary>
public enum FuzzSurface
{
    /// <summary>The classic API: management certificate, OData error envelope.</summary>
    Classic,

    /// <summary>The ARM API: bearer token, ARM error envelope.</summary>
    Arm,

    /// <summary>The operator surface: operator token, problem details.</summary>
    Operator,

    /// <summary>The customer extensions (history, webhooks): management certificate, problem details.</summary>
    Extensions,
}

/// <summary>
/// One well-framed request the fuzzer sends through <see cref="HttpClient"/>: a method, a path and query as sent (no
/// canonicalisation), headers, an optional body and the HTTP version. <see cref="Description"/> says which mutations made it.
/// </summary>
public sealed record FuzzRequest(
    FuzzSurface Surface,
    string Method,
    string PathAndQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    string? ContentType,
    bool Http2,
    bool Anonymous,
    string Description)
{
    /// <summary>Whether the path still starts with the surface's own prefix, so an error must come in the surface's envelope.</summary>
    public bool KeepsPrefix { get; init; } = true;
}

/// <summary>A valid request of one surface that mutations start from.</summary>
public sealed record FuzzTemplate(string Method, string Path, string? Query, System.Text.Json.Nodes.JsonNode? Body);
