using System.Text.Json;
using Ferry.Core.Errors;
using Microsoft.Net.Http.Headers;

namespace Ferry.Server.Hosting;

/// <summary>Reads the JSON request body of Ferry's own surfaces with <see cref="FerryJson.Options"/>.</summary>
internal static class JsonBody
{
    /// <summary>The largest body read by default.</summary>
    public const int DefaultMaxBytes = 64 * 1024;

    /// <summary>
    /// The body as one <typeparamref name="T"/>. Never throws for bad input: 400 when the Content-Type is not
    /// <c>application/json</c> (UTF-8), for an empty body or JSON <c>null</c>, malformed JSON, a value of the wrong type, or
    /// an unknown or repeated member (the target is the member's JSON path); 413 beyond <paramref name="maxBytes"/>.
    /// </summary>
    public static async Task<Result<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken, int maxBytes = DefaultMaxBytes)
        where T : class
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.Charset.HasValue && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return FerryErrors.Invalid("Content-Type", "The request body must be JSON: send Content-Type application/json (UTF-8).");
        }

        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return TooLarge(maxBytes);
            }

            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }

        if (buffer.Length == 0)
        {
            return FerryErrors.Invalid("body", "The request needs a JSON body.");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), FerryJson.Options) is { } value
                ? value
                : FerryErrors.Invalid("body", "The request body must be a JSON object, not null.");
        }
        catch (JsonException e)
        {
            // A syntax error (the reader's own exception inside) is the body's fault; a wrong type, an unknown or repeated
            // member is the member's.
            var target = e.InnerException is JsonException || e.Path is null or "$" ? "body"
                : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path;
            return FerryErrors.Invalid(target, $"The request body is not acceptable at '{e.Path ?? "$"}' (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}): " +
                "it must be well-formed JSON with only the documented members, each once, with values of the documented types.");
        }
    }

    private static FerryError TooLarge(int maxBytes) => new(FerryErrors.RequestTooLarge, $"The request body is larger than {maxBytes} bytes.");
}
