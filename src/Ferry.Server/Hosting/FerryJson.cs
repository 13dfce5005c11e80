using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ferry.Server.Hosting;

/// <summary>
/// The JSON settings of Ferry's own surfaces (operator, customer extensions; docs/operator-api.md): camelCase
/// members, enums as their names, instants as ISO 8601 UTC with seven fractional digits, nulls written. Reading is
/// strict: unknown or duplicate members, numbers in strings and enum numbers are errors.
/// </summary>
internal static class FerryJson
{
    /// <summary>The shared, read-only options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowDuplicateProperties = false,
            NumberHandling = JsonNumberHandling.Strict,
            MaxDepth = 16,
        };
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.Converters.Add(new UtcInstantConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Writes <c>2026-11-28T21:00:00.0000000+00:00</c>; reads any ISO 8601 instant.</summary>
    private sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
    }
}
