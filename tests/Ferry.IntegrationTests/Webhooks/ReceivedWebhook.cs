using System.Net.Mime;
using System.Text;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace Ferry.IntegrationTests.Webhooks;

/// <summary>A POST as the receiver saw it: its path, headers, the raw body, and the status it answered.</summary>
internal sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, int AnsweredStatus)
{
    /// <summary>The whole body: the CloudEvents envelope.</summary>
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    /// <summary>The envelope's <c>data</c>: the event's own fields.</summary>
    public JsonObject Data => Json["data"]!.AsObject();

    /// <summary>The <c>webhook-id</c> header.</summary>
    public string WebhookId => Header("webhook-id");

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"No {name} header.");

    /// <summary>The body decoded by the CloudEvents SDK, as a receiver would.</summary>
    public CloudEvent CloudEvent() =>
        new JsonEventFormatter().DecodeStructuredModeMessage(Body, new ContentType(Header("Content-Type")), extensionAttributes: null);

    /// <summary>
    /// Whether <c>webhook-signature</c> is the StandardWebhooks library's signature of this id, timestamp and body
    /// with <paramref name="secret"/>. (The library's own <c>Verify</c> also compares the timestamp with the real
    /// clock; tests whose server runs on a fake date use this, one test runs the full <see cref="Verify"/>.)
    /// </summary>
    public bool SignedWith(string secret) =>
        new StandardWebhook(Key(secret)).Sign(WebhookId, DateTimeOffset.FromUnixTimeSeconds(long.Parse(Header("webhook-timestamp"), System.Globalization.CultureInfo.InvariantCulture)), Encoding.UTF8.GetString(Body))
        == Header("webhook-signature");

    /// <summary>Runs the StandardWebhooks library's verifier (signature and timestamp tolerance); throws when it fails.</summary>
    public void Verify(string secret)
    {
        var headers = new HeaderDictionary();
        foreach (var (name, value) in Headers)
        {
            headers[name] = value;
        }

        new StandardWebhook(Key(secret)).Verify(Encoding.UTF8.GetString(Body), headers);
    }

    /// <summary>A <c>whsec_</c> secret as the library takes it; any other secret keys with its UTF-8 bytes (docs/operator-api.md §3).</summary>
    private static byte[] Key(string secret) =>
        secret.StartsWith("whsec_", StringComparison.Ordinal) ? Convert.FromBase64String(secret["whsec_".Length..]) : Encoding.UTF8.GetBytes(secret);
}
