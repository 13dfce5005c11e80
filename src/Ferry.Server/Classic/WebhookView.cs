using Ferry.Core.Webhooks;

namespace Ferry.Server.Classic;

/// <summary>A webhook on the wire, without its secret.</summary>
internal sealed record WebhookView(string Id, string Url, DateTimeOffset CreatedAt)
{
    public static WebhookView From(WebhookEndpoint webhook) => new(webhook.Id, webhook.Url, webhook.CreatedAt);
}
