using Microsoft.AspNetCore.Http.Features;

namespace Ferry.Server.Hosting;

/// <summary>
/// What Ferry knows about one request beyond ASP.NET Core: its surface, its operation and its request id
/// (docs/architecture.md §9). The telemetry middleware (Ferry.Server.Telemetry) sets it on every request; a surface's endpoint
/// names the operation; the classic and ARM surfaces answer <see cref="RequestId"/> as <c>x-ms-request-id</c>.
/// </summary>
internal sealed class RequestTelemetry(string surface, string requestId)
{
    /// <summary>Where the request landed: classic, arm, operator, extensions, health, other (e.g. <c>/metrics</c>), or none (no route).</summary>
    public string Surface { get; } = surface;

    /// <summary>The request's id: the log scope's <c>RequestId</c>, and the classic and ARM surfaces' <c>x-ms-request-id</c>.</summary>
    public string RequestId { get; } = requestId;

    /// <summary>The operation, when the surface named it (e.g. <c>Get Job</c>, <c>Jobs_Create</c>).</summary>
    public string? Operation { get; set; }

    /// <summary>The request id of <paramref name="http"/>, or a fresh one when the middleware did not run.</summary>
    public static string RequestIdOf(HttpContext http, string format) =>
        http.Features.Get<RequestTelemetry>()?.RequestId ?? Guid.NewGuid().ToString(format);

    /// <summary>Names the request's operation (for metrics, the span and the log line).</summary>
    public static void SetOperation(HttpContext http, string operation)
    {
        if (http.Features.Get<RequestTelemetry>() is { } telemetry)
        {
            telemetry.Operation = operation;
        }
    }

    /// <summary>The surface of a route pattern.</summary>
    public static string SurfaceOf(string? route) => route switch
    {
        null => "none",
        _ when route.StartsWith("/operator", StringComparison.Ordinal) => "operator",
        _ when route.Contains("/services/importexport", StringComparison.Ordinal) => "classic",
        _ when route.Contains("/services/ferry", StringComparison.Ordinal) => "extensions",
        _ when route.StartsWith("/subscriptions", StringComparison.Ordinal) || route.StartsWith("/providers", StringComparison.Ordinal) => "arm",
        _ when route.StartsWith("/healthz", StringComparison.Ordinal) => "health",
        _ => "other",
    };

    /// <summary>The operation of a request on a route its surface did not name: method and route template (the method only if standard, to bound the tag's values).</summary>
    public static string DefaultOperation(string method, string? route) => route is null
        ? "Unknown"
        : (HttpMethods.IsGet(method) || HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method)
            || HttpMethods.IsDelete(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) ? method : "OTHER") + " " + route;
}

/// <summary>The log scope of one request: <c>RequestId</c> (its <c>x-ms-request-id</c> on the classic and ARM surfaces).</summary>
internal sealed class RequestScope(string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new KeyValuePair<string, object?>("RequestId", requestId) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"RequestId:{requestId}";
}

/// <summary>The metrics tags the middleware adds to ASP.NET Core's <c>http.server.request.duration</c>.</summary>
internal static class RequestTags
{
    public static void Add(IHttpMetricsTagsFeature? feature, string surface, string operation)
    {
        if (feature is null)
        {
            return;
        }

        feature.Tags.Add(new KeyValuePair<string, object?>("ferry.surface", surface));
        feature.Tags.Add(new KeyValuePair<string, object?>("ferry.operation", operation));
    }
}
