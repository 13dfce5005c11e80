using System.Globalization;
using System.Text.Json;

namespace Ferry.Benchmarks;

/// <summary>A checked response. <see cref="Json"/> is null when the body is empty or not JSON.</summary>
internal sealed record ProbeResponse(string Request, JsonDocument? Json, string Body, TimeSpan Latency, string Described) : IDisposable
{
    public JsonElement Root => Json?.RootElement
        ?? throw new BenchmarkFailedException($"{Request} returned no JSON body.\n{Described}");

    /// <summary>Throws with the full response unless <paramref name="condition"/> holds.</summary>
    public void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new BenchmarkFailedException($"{Request}: {what}.\n{Described}");
        }
    }

    /// <summary>The List Jobs <c>value</c> array.</summary>
    public JsonElement Value()
    {
        Require(Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array, "no 'value' array");
        return Root.GetProperty("value");
    }

    /// <summary><c>odata.count</c>, a string on the wire (docs/classic-api.md §2.5); a number is tolerated.</summary>
    public long Count()
    {
        Require(Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty("odata.count", out _), "no 'odata.count'");
        var count = Root.GetProperty("odata.count");
        var ok = count.ValueKind switch
        {
            JsonValueKind.String => long.TryParse(count.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1,
            JsonValueKind.Number => count.TryGetInt64(out var n) ? n : -1,
            _ => -1,
        };
        Require(ok >= 0, "'odata.count' is not a count");
        return ok;
    }

    /// <summary><c>odata.nextLink</c> (any casing), or null when this is the last page.</summary>
    public string? NextLinkOrNull()
    {
        if (Root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in Root.EnumerateObject())
        {
            if (string.Equals(property.Name, "odata.nextLink", StringComparison.OrdinalIgnoreCase))
            {
                Require(property.Value.ValueKind == JsonValueKind.String, "'odata.nextLink' is not a string");
                return property.Value.GetString();
            }
        }

        return null;
    }

    public void Dispose() => Json?.Dispose();
}
