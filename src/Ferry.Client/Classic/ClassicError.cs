using System.Text.Json;
using Azure;

namespace Ferry.Client.Classic;

/// <summary>Turns a classic <c>odata.error</c> envelope into a <see cref="RequestFailedException"/>.</summary>
internal static class ClassicError
{
    public static async Task<RequestFailedException> CreateExceptionAsync(Response response, CancellationToken cancellationToken)
    {
        string? code = null;
        string? information = null;
        string? message = null;
        if (response.ContentStream is { } stream)
        {
            try
            {
                stream.Position = 0;
                using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("odata.error", out var error))
                {
                    if (error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v))
                    {
                        message = v.GetString();
                    }

                    if (error.TryGetProperty("azure.values", out var values) && values.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var item in values.EnumerateArray())
                        {
                            if (item.ValueKind != JsonValueKind.Object)
                            {
                                continue;
                            }

                            if (item.TryGetProperty("ExtendedCode", out var c))
                            {
                                code ??= c.GetString();
                            }

                            if (item.TryGetProperty("ExtendedInformation", out var i))
                            {
                                information ??= i.GetString();
                            }
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // Not an odata.error body: fall back to the status line.
            }
        }

        var text = information ?? message ?? $"The service responded with {response.Status} {response.ReasonPhrase}.";
        return new RequestFailedException(response.Status, text, code, null);
    }
}
