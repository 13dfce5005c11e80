using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;

namespace Ferry.Client.Internal;

/// <summary>Reads and writes an <see cref="ETag"/> as its JSON string.</summary>
internal sealed class ETagJsonConverter : JsonConverter<ETag>
{
    public override ETag Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString() ?? string.Empty);

    public override void Write(Utf8JsonWriter writer, ETag value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
