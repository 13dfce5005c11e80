namespace Ferry.Server.Classic;

/// <summary>The body of Add a webhook: <c>{"url":"https://…","secret":"optional"}</c>.</summary>
internal sealed record AddWebhookRequest(string? Url, string? Secret);
