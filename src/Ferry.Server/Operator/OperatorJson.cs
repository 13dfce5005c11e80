using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Core.Errors;

namespace Ferry.Server.Operator;

/// <summary>JSON of the operator surface: camelCase, enums as strings, strict request bodies.</summary>
internal static class OperatorJson
{
    private const int MaxBodyBytes = 64 * 1024;

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>
    /// Reads the request body as <typeparamref name="T"/>. An empty body yields <paramref name="empty"/> (or a 400 when
    /// it is null); malformed JSON, wrong types, unknown members or an oversized body are a 400 naming the problem.
    /// </summary>
    public static async Task<Result<T>> ReadAsync<T>(HttpRequest request, T? empty)
        where T : class
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return new FerryError(FerryErrors.RequestTooLarge, $"The request body exceeds {MaxBodyBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length > MaxBodyBytes)
        {
            return new FerryError(FerryErrors.RequestTooLarge, $"The request body exceeds {MaxBodyBytes} bytes.");
        }

        if (buffer.Length == 0)
        {
            return empty is null ? FerryErrors.Invalid("body", "A JSON request body is required.") : empty;
        }

        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return FerryErrors.Invalid("Content-Type", "The request body must be application/json.");
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.ToArray(), Options);
            return value is null ? FerryErrors.Invalid("body", "The request body must be a JSON object.") : value;
        }
        catch (JsonException e)
        {
            return FerryErrors.Invalid(e.Path is { Length: > 2 } path ? path[2..] : "body", "The request body is not valid: " + FirstSentence(e.Message));
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
