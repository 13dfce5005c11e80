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
    /// an unknown or repeated member (the target is the member's JSON path), text that is not UTF-8 or holds a NUL or an
    /// escaped lone surrogate; 413 beyond <paramref name="maxBytes"/>; the 4xx of <see cref="RequestBody.ReadAsync"/> when
    /// Kestrel refuses the body's framing or pace.
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

        var read = await RequestBody.ReadAsync(request, maxBytes, cancellationToken);
        if (read.Error is { } unread)
        {
            return unread;
        }

        var body = read.Value!;
        if (body.Length == 0)
        {
            return FerryErrors.Invalid("body", "The request needs a JSON body.");
        }

        if (!ClientInput.IsUtf8(body))
        {
            return ClientInput.NotUtf8(FerryErrors.BadRequest);
        }

        try
        {
            // The text first (a NUL or an escaped lone surrogate in any string or member name), then the shape.
            using (var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = FerryJson.Options.MaxDepth }))
            {
                if (ClientInput.CheckText(document.RootElement, FerryErrors.BadRequest) is { } badText)
                {
                    return badText;
                }
            }

            return JsonSerializer.Deserialize<T>(body, FerryJson.Options) is { } value
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

}
