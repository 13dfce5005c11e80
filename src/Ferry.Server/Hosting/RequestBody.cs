using Ferry.Core.Errors;

namespace Ferry.Server.Hosting;

/// <summary>Reads a request body into memory up to a limit (every surface's bodies are small JSON).</summary>
internal static partial class RequestBody
{
    /// <summary>
    /// The body's bytes (possibly empty); 413 when it is larger than <paramref name="limit"/> bytes; the 4xx of
    /// <see cref="ClientInput.FromKestrel"/> when Kestrel refuses its framing or pace. When the connection fails mid-body,
    /// the request is aborted and a <see cref="ClientDisconnectedException"/> is thrown: nobody is left to answer.
    /// </summary>
    public static async Task<Result<byte[]>> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return TooLarge(limit);
                }

                await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
            }
        }
        catch (BadHttpRequestException refusal)
        {
            var error = ClientInput.FromKestrel(refusal);
            if (Logger(request) is { } logger && logger.IsEnabled(LogLevel.Debug))
            {
                LogRefused(logger, request.Method, request.Path.Value ?? "", error.Kind.Status);
            }

            return error;
        }
        catch (IOException failure) when (failure is Microsoft.AspNetCore.Connections.ConnectionResetException || request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            if (Logger(request) is { } logger && logger.IsEnabled(LogLevel.Debug))
            {
                LogConnectionFailed(logger, request.Method, request.Path.Value ?? "");
            }

            request.HttpContext.Abort();
            throw new ClientDisconnectedException(failure);
        }
        catch (IOException)
        {
            // Kestrel reports some framing faults (a chunk size that overflows) as a plain IOException on a live connection.
            var error = FerryErrors.Invalid("body", "The request body is not well framed: a malformed chunk, or fewer bytes than the Content-Length announced.");
            if (Logger(request) is { } logger && logger.IsEnabled(LogLevel.Debug))
            {
                LogRefused(logger, request.Method, request.Path.Value ?? "", error.Kind.Status);
            }

            return error;
        }

        return buffer.ToArray();
    }

    private static FerryError TooLarge(int limit) => new(FerryErrors.RequestTooLarge, $"The request body is larger than {limit} bytes.");

    private static ILogger Logger(HttpRequest request) =>
        request.HttpContext.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(RequestBody).FullName!) ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused the request body of {Method} {Path} with {Status}: Kestrel found its framing or pace invalid")]
    private static partial void LogRefused(ILogger logger, string method, string path, int status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The connection failed while {Method} {Path} sent its body; the request is abandoned")]
    private static partial void LogConnectionFailed(ILogger logger, string method, string path);
}
