using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ferry.Client.Classic;

/// <summary>The JSON settings of the classic wire format: PascalCase names from the models, nulls omitted.</summary>
internal static class ClassicJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
    };
}
