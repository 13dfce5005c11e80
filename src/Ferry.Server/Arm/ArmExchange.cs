using System.Text.Json;
using Ferry.Core.Errors;
using Ferry.Server.Hosting;
using Microsoft.Net.Http.Headers;

namespace Ferry.Server.Arm;

/// <summary>One ARM request as the handlers see it, and the writing of its response (docs/arm-api.md §2.5, §6).</summary>
internal sealed class ArmExchange(HttpContext http)
{
    public HttpContext Http { get; } = http;

    /// <summary>The request's api-version once validated.</summary>
    public string ApiVersion { get; set; } = "";

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>Writes a JSON body.</summary>
    public async Task JsonAsync(int status, Action<Utf8JsonWriter> write)
    {
        var body = Render(write);
        StandardHeaders();
        var response = Http.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, Aborted);
    }

    /// <summary>Writes 200 without a body, content length 0 and no content type (DELETE, as the real service answered).</summary>
    public Task EmptyAsync()
    {
        StandardHeaders();
        Http.Response.StatusCode = StatusCodes.Status200OK;
        Http.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    /// <summary>Writes an error in the <c>{"error":{code,message,target}}</c> envelope.</summary>
    public Task ErrorAsync(FerryError error)
    {
        if (error.Status == StatusCodes.Status401Unauthorized)
        {
            Http.Response.Headers[HeaderNames.WWWAuthenticate] = ArmAuthenticator.Challenge(Http.Request);
        }

        return JsonAsync(error.Status, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("code", error.Kind.ArmCode);
            w.WriteString("message", error.Message);
            if (error.Target is { } target)
            {
                w.WriteString("target", target);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    public static byte[] Render(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    private void StandardHeaders()
    {
        var headers = Http.Response.Headers;
        headers["x-ms-request-id"] = RequestTelemetry.RequestIdOf(Http, "D");
        if (Http.Request.Headers["x-ms-client-request-id"].ToString() is { Length: > 0 and <= 200 } clientRequestId)
        {
            headers["x-ms-client-request-id"] = clientRequestId;
        }

        headers[HeaderNames.CacheControl] = "no-cache";
        headers[HeaderNames.Pragma] = "no-cache";
        headers[HeaderNames.Expires] = "-1";
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
    }
}
