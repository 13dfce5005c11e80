using System.Text.Json;
using Ferry.Core.Drives;

namespace Ferry.Core.Transfer;

/// <summary>How checkpoints are stored.</summary>
internal static class TransferJson
{
    private static readonly JsonSerializerOptions _options = new(JsonSerializerDefaults.General);

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, _options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, _options) ?? throw new InvalidDataException("An empty checkpoint.");

    public static CopyLogBlob ReadResult(TransferItem item) => Read<CopyLogBlob>(item.Result!);
}
