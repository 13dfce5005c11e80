namespace Ferry.Server.Classic;

/// <summary>The answer to Add a webhook: the webhook and its secret, which is never returned again.</summary>
internal sealed record CreatedWebhookView(string Id, string Url, DateTimeOffset CreatedAt, string Secret);
