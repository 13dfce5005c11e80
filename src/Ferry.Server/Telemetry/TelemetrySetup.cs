using System.Runtime.CompilerServices;
using Ferry.Core.Telemetry;
using Ferry.Server.Hosting;
using Ferry.Server.Operator;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ferry.Server.Telemetry;

/// <summary>
/// Telemetry and request logging (docs/architecture.md §9): OpenTelemetry metrics always (unless
/// <c>Ferry:Telemetry:Enabled=false</c>), scraped at <c>/metrics</c>; traces and logs exported over OTLP when the
/// standard <c>OTEL_EXPORTER_OTLP_*</c> variables name an endpoint; the JSON console log format by
/// <c>Ferry:Logging:Format=json</c>; and the per-request middleware.
/// </summary>
internal static class TelemetrySetup
{
    /// <summary>The variables any of which turns OTLP export on (the exporter reads them, and the protocol and headers, itself).</summary>
    internal static readonly string[] OtlpEndpointVariables =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"];

    public static void AddFerryTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var format = configuration["Ferry:Logging:Format"];
        if (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else if (!string.IsNullOrEmpty(format) && !string.Equals(format, "simple", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Ferry:Logging:Format: unknown format '{format}' (the formats are simple and json).");
        }

        builder.Logging.Configure(logging => logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section)
            .Validate(o => o.Metrics.Path.StartsWith('/'), "Ferry:Telemetry:Metrics:Path must start with '/'.")
            .ValidateOnStart();
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.Enabled)
        {
            return;
        }

        var otlp = OtlpEndpointVariables.Any(v => !string.IsNullOrWhiteSpace(configuration[v]));
        var serviceName = string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]) ? "ferry" : configuration["OTEL_SERVICE_NAME"]!;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics => metrics
                .AddMeter(FerryTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlMeter()
                .AddPrometheusExporter());
        if (otlp)
        {
            // Spans have no sink but OTLP: without it, no tracer provider (and no span is recorded for export).
            telemetry.WithTracing(tracing => tracing
                .AddSource(FerryTelemetry.Name)
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = http => !http.Request.Path.StartsWithSegments(options.Metrics.Path, StringComparison.OrdinalIgnoreCase))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation());
            UseOtlpExporter(telemetry);
        }
    }

    // The two below keep assemblies from loading at every start (docs/architecture.md §11.3): Npgsql on SQLite, and the
    // OTLP exporter when no endpoint is configured (a method of its own, so only calling it loads the exporter).

    /// <summary>
    /// Npgsql's metrics, on either provider (the meter reports nothing until Npgsql is used): its meter by name, which is
    /// all Npgsql.OpenTelemetry's <c>AddNpgsqlInstrumentation</c> does, since that method's signature loads Npgsql itself.
    /// </summary>
    private static MeterProviderBuilder AddNpgsqlMeter(this MeterProviderBuilder metrics) => metrics.AddMeter("Npgsql");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UseOtlpExporter(IOpenTelemetryBuilder telemetry) => telemetry.UseOtlpExporter();

    /// <summary>The per-request middleware; runs after routing, so it sees the endpoint.</summary>
    public static IApplicationBuilder UseRequestTelemetry(this IApplicationBuilder app) => app.UseMiddleware<RequestTelemetryMiddleware>();

    /// <summary>Maps the Prometheus scrape endpoint, behind the operator token unless <see cref="MetricsEndpointOptions.Open"/>.</summary>
    public static void MapMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value;
        if (!options.Enabled)
        {
            return;
        }

        // The gauges read from the store register on the meter when first resolved.
        app.Services.GetRequiredService<StoreGauges>();
        app.MapPrometheusScrapingEndpoint(options.Metrics.Path, meterProvider: null, configureBranchedPipeline: branch =>
        {
            if (!options.Metrics.Open)
            {
                branch.Use(AuthenticateAsync);
            }
        }, optionsName: null).AllowAnonymous();
    }

    private static async Task AuthenticateAsync(HttpContext http, RequestDelegate next)
    {
        if (http.RequestServices.GetRequiredService<OperatorAuthenticator>().Authenticate(http.Request) is { } refused)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await ProblemDetailsRenderer.WriteAsync(http, refused);
            return;
        }

        await next(http);
    }
}
