using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Ferry.Client.Internal;

namespace Ferry.Cli.Commands.Arm;

/// <summary>
/// A small client of the ARM <c>Microsoft.ImportExport</c> surface for the CLI: JSON in, JSON out, a bearer token and
/// an <c>api-version</c> on every request. Errors in the ARM envelope <c>{"error":{"code","message"}}</c> become
/// <see cref="RequestFailedException"/>s, which the commands report like every other service error.
/// </summary>
internal sealed class ArmClient
{
    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;
    private readonly string _authorization;
    private readonly string _apiVersion;

    public ArmClient(Uri endpoint, string subscriptionId, string token, string apiVersion, X509Certificate2? pinnedServerCertificate, Options options)
    {
        _endpoint = endpoint;
        SubscriptionId = subscriptionId;
        _authorization = "Bearer " + token;
        _apiVersion = apiVersion;
        _pipeline = HttpPipelineBuilder.Build(options, [], [], ClientTransport.Create(null, pinnedServerCertificate), new ResponseClassifier());
    }

    public string SubscriptionId { get; }

    /// <summary><c>/subscriptions/{sub}/resourceGroups/{group}/providers/Microsoft.ImportExport/jobs</c>, or the subscription's jobs without a group.</summary>
    public string JobsPath(string? resourceGroup) =>
        $"/subscriptions/{Uri.EscapeDataString(SubscriptionId)}"
        + (resourceGroup is null ? string.Empty : $"/resourceGroups/{Uri.EscapeDataString(resourceGroup)}")
        + "/providers/Microsoft.ImportExport/jobs";

    public string JobPath(string resourceGroup, string jobName) => JobsPath(resourceGroup) + "/" + Uri.EscapeDataString(jobName);

    /// <summary>Sends one request to <paramref name="path"/> (query allowed) and returns the JSON body, <see langword="null"/> when empty.</summary>
    public async Task<JsonNode?> SendAsync(RequestMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        var query = "api-version=" + Uri.EscapeDataString(_apiVersion);
        return await SendAsync(method, new Uri(_endpoint, path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query), body, cancellationToken);
    }

    /// <summary>Every resource of a list at <paramref name="path"/>, following <c>nextLink</c>.</summary>
    public async IAsyncEnumerable<JsonObject> ListAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var page = await SendAsync(RequestMethod.Get, path, null, cancellationToken);
        while (page is JsonObject list)
        {
            foreach (var item in list["value"]?.AsArray() ?? [])
            {
                if (item is JsonObject resource)
                {
                    yield return resource;
                }
            }

            if (list["nextLink"]?.GetValue<string>() is not { Length: > 0 } next)
            {
                yield break;
            }

            page = await SendAsync(RequestMethod.Get, new Uri(_endpoint, next), null, cancellationToken);
        }
    }

    private async Task<JsonNode?> SendAsync(RequestMethod method, Uri uri, JsonNode? body, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.Add(HttpHeader.Names.Authorization, _authorization);
        message.Request.Headers.Add(HttpHeader.Names.Accept, "application/json");
        if (body is not null)
        {
            message.Request.Headers.Add(HttpHeader.Names.ContentType, "application/json");
            message.Request.Content = RequestContent.Create(BinaryData.FromString(body.ToJsonString()));
        }

        await _pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        var text = response.Content.ToString();
        if (response.Status >= 400)
        {
            throw Failure(response.Status, response.ReasonPhrase, text);
        }

        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new RequestFailedException(response.Status, $"The service returned a body that is not JSON: {e.Message}");
        }
    }

    /// <summary>The ARM error envelope as an exception: its <c>code</c> and <c>message</c>, else the status line.</summary>
    public static RequestFailedException Failure(int status, string reason, string body)
    {
        string? code = null;
        string? message = null;
        try
        {
            if (JsonNode.Parse(body) is JsonObject root && root["error"] is JsonObject error)
            {
                code = error["code"] is JsonValue c && c.TryGetValue<string>(out var codeText) ? codeText : null;
                message = error["message"] is JsonValue m && m.TryGetValue<string>(out var messageText) ? messageText : null;
            }
        }
        catch (JsonException)
        {
            // Not a JSON body: fall back to the status line.
        }

        return new RequestFailedException(status, message ?? $"The service responded with {status} {reason}.", code, null);
    }

    /// <summary>Retry, timeout and transport settings (the CLI configures them like its other clients).</summary>
    internal sealed class Options : ClientOptions
    {
    }
}
