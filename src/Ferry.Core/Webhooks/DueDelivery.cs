using Ferry.Core.Audit;

namespace Ferry.Core.Webhooks;

/// <summary>A delivery due now, with its webhook and the event it carries.</summary>
public sealed record DueDelivery(WebhookDelivery Delivery, WebhookEndpoint Webhook, AuditEntry Event);
