using Ferry.Core.Errors;
using Ferry.Server.Hosting;
using Microsoft.Net.Http.Headers;

namespace Ferry.Server.Classic;

/// <summary>One classic request as the handlers see it, and the writing of its response.</summary>
internal sealed class ClassicExchange(HttpContext http, string subscriptionId, string baseUrl)
{
    public HttpContext Http { get; } = http;

    /// <summary>Lowercase GUID of the path's subscription.</summary>
    public string SubscriptionId { get; } = subscriptionId;

    /// <summary><c>https://host/sub/services/importexport</c>.</summary>
    public string BaseUrl { get; } = baseUrl;

    /// <summary>The version in use (the latest until the request's was validated).</summary>
    public string Version { get; set; } = ClassicVersions.Latest;

    public MetadataLevel Level { get; set; } = MetadataLevel.Minimal;

    /// <summary>The effective method after tunnelling.</summary>
    public string Method { get; set; } = "GET";

    public bool IsHead => Method == "HEAD";

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>Writes a JSON Light body (no body on HEAD, but its length).</summary>
    public Task JsonAsync(int status, byte[] body)
    {
        var levelName = Level switch { MetadataLevel.None => "nometadata", MetadataLevel.Full => "fullmetadata", _ => "minimalmetadata" };
        return WriteAsync(status, $"application/json;odata={levelName};streaming=true;charset=utf-8", body);
    }

    /// <summary>Writes the metadata document.</summary>
    public Task XmlAsync(byte[] body) => WriteAsync(StatusCodes.Status200OK, "application/xml;charset=utf-8", body);

    /// <summary>Writes an empty success.</summary>
    public Task EmptyAsync(int status)
    {
        StandardHeaders();
        Http.Response.StatusCode = status;
        Http.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    /// <summary>Writes an error in the <c>odata.error</c> envelope (docs/decisions.md D4, D5).</summary>
    public Task ErrorAsync(FerryError error)
    {
        var body = ClassicJson.Render(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("odata.error");
            w.WriteString("code", error.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteStartObject("message");
            w.WriteString("lang", "en-US");
            w.WriteString("value", error.Kind.Summary);
            w.WriteEndObject();
            w.WriteStartArray("azure.values");
            w.WriteStartObject();
            w.WriteString("ExtendedCode", error.Kind.ClassicCode);
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("ExtendedInformation", error.Message);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        });
        return WriteAsync(error.Status, "application/json", body);
    }

    /// <summary>Sets the job's ETag and Last-Modified.</summary>
    public void Validators(Core.Jobs.Job job)
    {
        Http.Response.Headers[HeaderNames.ETag] = Core.Jobs.JobETag.Format(job.LastModifiedAt);
        Http.Response.Headers[HeaderNames.LastModified] = Core.Jobs.JobETag.FormatLastModified(job.LastModifiedAt);
    }

    private async Task WriteAsync(int status, string contentType, byte[] body)
    {
        StandardHeaders();
        var response = Http.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        if (!IsHead && !HttpMethods.IsHead(Http.Request.Method))
        {
            await response.Body.WriteAsync(body, Aborted);
        }
    }

    private void StandardHeaders()
    {
        var headers = Http.Response.Headers;
        headers["x-ms-request-id"] = RequestTelemetry.RequestIdOf(Http, "N");
        headers["x-ms-version"] = Version;
        headers[HeaderNames.ContentEncoding] = "identity";
        headers[HeaderNames.CacheControl] = "no-cache";
        headers[HeaderNames.ContentLanguage] = "en-us";
    }
}
