using Ferry.Core.Errors;

namespace Ferry.Server.Hosting;

/// <summary>Reads a request body into memory up to a limit, for the classic and ARM surfaces (their bodies are small JSON).</summary>
internal static class RequestBody
{
    /// <summary>The body's bytes (possibly empty); 413 when it is larger than <paramref name="limit"/> bytes.</summary>
    public static async Task<Result<byte[]>> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return TooLarge(limit);
            }

            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }

        return buffer.ToArray();
    }

    private static FerryError TooLarge(int limit) => new(FerryErrors.RequestTooLarge, $"The request body is larger than {limit} bytes.");
}
