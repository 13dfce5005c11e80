using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ferry.Client.Internal;

/// <summary>The JSON settings of Ferry's own surfaces (operator, customer extensions): camelCase, enums as strings, nulls omitted.</summary>
internal static class FerryJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
    };
}
