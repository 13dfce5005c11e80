using System.Text.Json;
using Azure;

namespace Ferry.Client.Internal;

/// <summary>
/// Turns an error response into a <see cref="RequestFailedException"/>, whichever envelope the surface uses: the
/// classic <c>odata.error</c> (code from <c>ExtendedCode</c>), RFC 9457 problem details (Ferry's own surfaces: code from
/// <c>code</c>, message from <c>detail</c>, <c>target</c> in <see cref="Exception.Data"/>) or the ARM <c>error</c> object.
/// </summary>
internal static class ServiceError
{
    /// <summary>The <see cref="Exception.Data"/> key under which a problem's <c>target</c> (the field at fault) is kept.</summary>
    public const string TargetKey = "target";

    public static async Task<RequestFailedException> CreateExceptionAsync(Response response, CancellationToken cancellationToken)
    {
        var details = default(Details);
        if (response.ContentStream is { } stream)
        {
            try
            {
                stream.Position = 0;
                using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                details = Read(document.RootElement);
            }
            catch (JsonException)
            {
                // Not a JSON body: fall back to the status line.
            }
        }

        var text = details.Message ?? $"The service responded with {response.Status} {response.ReasonPhrase}.";
        var exception = new RequestFailedException(response.Status, text, details.Code, null);
        if (details.Target is not null)
        {
            exception.Data[TargetKey] = details.Target;
        }

        return exception;
    }

    private static Details Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        if (root.TryGetProperty("odata.error", out var odata) && odata.ValueKind == JsonValueKind.Object)
        {
            return ReadODataError(odata);
        }

        if (root.TryGetProperty("error", out var arm) && arm.ValueKind == JsonValueKind.Object)
        {
            return new Details(String(arm, "code"), String(arm, "message"), String(arm, "target"));
        }

        return new Details(String(root, "code"), String(root, "detail") ?? String(root, "title"), String(root, "target"));
    }

    private static Details ReadODataError(JsonElement error)
    {
        string? code = null;
        string? information = null;
        string? message = null;
        if (error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object)
        {
            message = String(m, "value");
        }

        if (error.TryGetProperty("azure.values", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in values.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    code ??= String(item, "ExtendedCode");
                    information ??= String(item, "ExtendedInformation");
                }
            }
        }

        return new Details(code, information ?? message, null);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private readonly record struct Details(string? Code, string? Message, string? Target);
}
