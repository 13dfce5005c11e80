using System.Text.Json;
using Ferry.Server.Hosting;
using Ferry.Server.Operator;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Net.Http.Headers;

namespace Ferry.Server.Health;

/// <summary>
/// The health endpoints (docs/operator-api.md §4): <c>/healthz/live</c> (the process answers), <c>/healthz/ready</c>
/// and its alias <c>/healthz</c> (the database is reachable, writable and at this build's schema, the data directory
/// is writable, the key ring protects and unprotects, and the role's loops are alive). 200 <c>ok</c> or 503
/// <c>unavailable</c>, never cached, to anyone; the operator token adds each check's status, description and duration
/// as JSON.
/// </summary>
internal static class FerryHealth
{
    /// <summary>The tag of the readiness checks.</summary>
    public const string Ready = "ready";

    /// <summary>How long one check may take before it counts as unhealthy (on the injected clock).</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Registers the readiness checks; <paramref name="dataDirectory"/> is the server's data directory.</summary>
    public static IServiceCollection AddFerryHealthChecks(this IServiceCollection services, DatabaseOptions database, string dataDirectory)
    {
        services.AddSingleton(new DatabaseHealthCheck.Settings(database.Provider));
        services.AddSingleton(new DataDirectoryHealthCheck.Settings(dataDirectory));
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<DataDirectoryHealthCheck>("data-directory", tags: [Ready])
            .AddCheck<KeyRingHealthCheck>("key-ring", tags: [Ready])
            .AddCheck<LoopsHealthCheck>("loops", tags: [Ready]);
        return services;
    }

    /// <summary>Maps <c>/healthz/live</c>, <c>/healthz/ready</c> and <c>/healthz</c> (= ready), anonymous.</summary>
    public static IEndpointRouteBuilder MapFerryHealth(this IEndpointRouteBuilder app)
    {
        var live = new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync };
        var ready = new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync };
        app.MapHealthChecks("/healthz/live", live).AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", ready).AllowAnonymous();
        app.MapHealthChecks("/healthz", ready).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Runs <paramref name="check"/> with <see cref="CheckTimeout"/> on <paramref name="time"/>; a timeout is unhealthy.
    /// The answer does not wait for a check that ignores its token (a driver stuck in a busy wait): the check is
    /// cancelled and left to end by itself.
    /// </summary>
    public static async Task<HealthCheckResult> WithTimeoutAsync(TimeProvider time, string what, Func<CancellationToken, Task<HealthCheckResult>> check, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(CheckTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await check(linked.Token).WaitAsync(CheckTimeout, time, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            return HealthCheckResult.Unhealthy($"{what} did not answer within {CheckTimeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>
    /// The body: <c>ok</c> or <c>unavailable</c> as text, or with the operator token the report as JSON (no exception
    /// text beyond each check's own description, which never holds a secret).
    /// </summary>
    private static async Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.Headers[HeaderNames.CacheControl] = "no-store";
        var healthy = report.Status != HealthStatus.Unhealthy;
        if (http.RequestServices.GetService<OperatorAuthenticator>() is not { } authenticator
            || !http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || authenticator.Authenticate(http.Request) is not null)
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync(healthy ? "ok" : "unavailable", http.RequestAborted);
            return;
        }

        http.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(http.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("description", entry.Description);
            json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(http.RequestAborted);
    }
}
