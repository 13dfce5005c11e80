using System.Diagnostics;
using Ferry.Server.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace Ferry.Server.Telemetry;

/// <summary>
/// Runs around every routed request (docs/architecture.md §9): gives it a <see cref="RequestTelemetry"/> (surface and
/// request id) and a log scope with <c>RequestId</c>; afterwards adds <c>ferry.surface</c> and <c>ferry.operation</c>
/// to ASP.NET Core's request metrics and span, and writes the one log line per request (category
/// <c>Ferry.Requests</c>, Information): method, route template, status, duration, request id and subscription. The
/// line never holds a query string, a header or a body, so no SAS token, key or bearer token can reach it.
/// </summary>
internal sealed partial class RequestTelemetryMiddleware(RequestDelegate next, TimeProvider time, ILoggerFactory loggers)
{
    /// <summary>The log category of the request lines.</summary>
    public const string Category = "Ferry.Requests";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext http)
    {
        var started = time.GetTimestamp();
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        var surface = RequestTelemetry.SurfaceOf(route);
        var id = Guid.NewGuid();
        var telemetry = new RequestTelemetry(surface, surface == "classic" ? id.ToString("N") : id.ToString());
        http.Features.Set(telemetry);
        var failed = false;
        using (_logger.BeginScope(new RequestScope(telemetry.RequestId)))
        {
            try
            {
                await next(http);
            }
            catch
            {
                failed = true;
                throw;
            }
            finally
            {
                var status = failed ? StatusCodes.Status500InternalServerError : http.Response.StatusCode;
                var operation = telemetry.Operation ?? RequestTelemetry.DefaultOperation(http.Request.Method, route);
                RequestTags.Add(http.Features.Get<IHttpMetricsTagsFeature>(), surface, operation);
                if (Activity.Current is { IsAllDataRequested: true } span)
                {
                    span.SetTag("ferry.surface", surface);
                    span.SetTag("ferry.operation", operation);
                    span.SetTag("ferry.request_id", telemetry.RequestId);
                }

                if (_logger.IsEnabled(LogLevel.Information))
                {
                    var subscription = http.GetRouteValue("subscriptionId") is string s && Guid.TryParse(s, out var guid) ? guid.ToString() : "-";
                    var durationMs = time.GetElapsedTime(started).TotalMilliseconds;
                    LogRequest(http.Request.Method, route ?? "-", status, durationMs, telemetry.RequestId, subscription, surface, operation);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Route} {Status} in {DurationMs:0.0} ms (request {RequestId}, subscription {SubscriptionId}, {Surface} {Operation})")]
    private partial void LogRequest(string method, string route, int status, double durationMs, string requestId, string subscriptionId, string surface, string operation);
}
