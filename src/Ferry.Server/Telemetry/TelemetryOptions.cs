namespace Ferry.Server.Telemetry;

/// <summary>Telemetry settings (section <c>Ferry:Telemetry</c>, docs/architecture.md §9).</summary>
public sealed class TelemetryOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Ferry:Telemetry";

    /// <summary>Whether metrics (and, with an OTLP endpoint, traces and logs) are collected at all; off: no <c>/metrics</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The Prometheus scrape endpoint.</summary>
    public MetricsEndpointOptions Metrics { get; set; } = new();
}

/// <summary>The Prometheus scrape endpoint (section <c>Ferry:Telemetry:Metrics</c>).</summary>
public sealed class MetricsEndpointOptions
{
    /// <summary>The path of the scrape endpoint.</summary>
    public string Path { get; set; } = "/metrics";

    /// <summary>Whether a scrape needs no operator token (e.g. behind a private network); default false.</summary>
    public bool Open { get; set; }
}
