using System.Globalization;

namespace Ferry.IntegrationTests.Telemetry;

/// <summary>Reading the Prometheus text format of a scrape.</summary>
public static class PrometheusText
{
    /// <summary>The value of a sample line (<c>name{labels} value [timestamp]</c>; label values may hold spaces).</summary>
    public static double ValueOf(string line)
    {
        var afterLabels = line[(line.LastIndexOf('}') + 1)..].Trim();
        return double.Parse(afterLabels.Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>The sample lines of <paramref name="metric"/> whose labels include every one of <paramref name="labels"/> (<c>name="value"</c>).</summary>
    public static List<string> Samples(string text, string metric, params string[] labels) =>
        [.. text.Split('\n').Where(l => (l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal))
            && labels.All(label => l.Contains(label, StringComparison.Ordinal)))];
}
