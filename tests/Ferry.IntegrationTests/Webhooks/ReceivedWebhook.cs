using System.Text.Json.Nodes;

namespace Ferry.IntegrationTests.Webhooks;

/// <summary>A POST as the receiver saw it: headers, the raw body, and the status it answered.</summary>
internal sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, byte[] Body, int AnsweredStatus)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"No {name} header.");
}
