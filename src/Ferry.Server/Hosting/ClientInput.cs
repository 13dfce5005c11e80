using System.Text.Json;
using System.Text.Unicode;
using Ferry.Core.Errors;

namespace Ferry.Server.Hosting;

/// <summary>
/// What a client can get wrong beneath the operations, on every surface (docs/architecture.md §8.1): the framing and pace
/// of its body, which Kestrel refuses with a <see cref="BadHttpRequestException"/>, and the text of its path, query and JSON.
/// Each becomes a 4xx in the surface's own envelope; a 5xx is left for faults of the server.
/// </summary>
internal static class ClientInput
{
    /// <summary>The 4xx for a body Kestrel refused: 408 below the minimum data rate, 413 over its size limit, else 400 (bad framing).</summary>
    public static FerryError FromKestrel(BadHttpRequestException refusal) => refusal.StatusCode switch
    {
        StatusCodes.Status408RequestTimeout => new FerryError(FerryErrors.RequestTimeout,
            "The request body arrived more slowly than the server's minimum data rate.", "body"),
        StatusCodes.Status413PayloadTooLarge => new FerryError(FerryErrors.RequestTooLarge, "The request body is larger than the server accepts.", "body"),
        _ => FerryErrors.Invalid("body", "The request body is not well framed: a malformed chunk, or fewer bytes than the Content-Length announced."),
    };

    /// <summary>Whether <paramref name="body"/> is UTF-8 text: no invalid, overlong or surrogate-encoding byte sequence.</summary>
    public static bool IsUtf8(ReadOnlySpan<byte> body) => Utf8.IsValid(body);

    /// <summary>
    /// Whether <paramref name="text"/> is text Ferry accepts into a job: well-formed UTF-16 (no lone surrogate) without a NUL
    /// character (which PostgreSQL cannot store, and no field of the contract needs).
    /// </summary>
    public static bool IsText(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || char.IsLowSurrogate(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    /// <summary>A 400 naming the part of the request's path or query that is not text (<see cref="IsText"/>), or null.</summary>
    public static FerryError? CheckPathAndQuery(HttpRequest request)
    {
        if (!IsText(request.Path.Value))
        {
            return FerryErrors.Invalid("path", "The request path holds a NUL character or an invalid Unicode sequence.");
        }

        foreach (var (name, values) in request.Query)
        {
            if (!IsText(name))
            {
                return FerryErrors.Invalid("query", "A query parameter name holds a NUL character or an invalid Unicode sequence.");
            }

            foreach (var value in values)
            {
                if (!IsText(value))
                {
                    return FerryErrors.Invalid(name, $"The query parameter '{name}' holds a NUL character or an invalid Unicode sequence.");
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The JSON path of the first member name or string value in <paramref name="element"/> that is not text (an escaped
    /// lone surrogate such as <c>"\ud800"</c>, a NUL), or null when all are. <paramref name="path"/> is the element's own.
    /// </summary>
    public static string? FindInvalidText(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return TryRead(element, out var value) && IsText(value) ? null : Display(path);
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = member.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return Display(path.Length == 0 ? "(member name)" : path + ".(member name)");
                    }

                    if (!IsText(name))
                    {
                        return Display(path.Length == 0 ? "(member name)" : path + ".(member name)");
                    }

                    if (FindInvalidText(member.Value, path.Length == 0 ? name : path + "." + name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindInvalidText(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The 400 for a body that is not UTF-8 text; <paramref name="kind"/> is the surface's kind for a body error.</summary>
    public static FerryError NotUtf8(FerryErrorKind kind) => new(kind, "The request body is not valid UTF-8 text.", "body");

    /// <summary>The 400 for a parsed body with a member name or string that is not text (<see cref="FindInvalidText"/>), or null.</summary>
    public static FerryError? CheckText(JsonElement root, FerryErrorKind kind) =>
        FindInvalidText(root) is { } at
            ? new FerryError(kind, $"'{at}' holds a NUL character or an invalid Unicode sequence (such as an escaped lone surrogate).", at)
            : null;

    private static bool TryRead(JsonElement element, out string value)
    {
        try
        {
            value = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 inside the string, or an escaped lone surrogate.
            value = "";
            return false;
        }
    }

    private static string Display(string path) => path.Length == 0 ? "body" : path;
}
