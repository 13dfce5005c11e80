using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Ferry.Core.Webhooks;
using Ferry.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ferry.Server.Classic;

/// <summary>
/// Route table of Ferry's customer extensions (docs/operator-api.md §3): a classic job's history and the
/// subscription's webhooks, under <c>/{subscriptionId}/services/ferry</c>. Every route is authenticated like the
/// classic surface (<see cref="FerryExtensionsGuard"/>); JSON is <see cref="FerryJson"/>, errors are problem details.
/// Handlers translate; <see cref="DataCentre"/> and <see cref="WebhookService"/> decide.
/// </summary>
internal static class FerryExtensionsApi
{
    public const string Prefix = "/{subscriptionId}/services/ferry";
    public const string JobHistory = "/jobs/{jobName}/history";
    public const string Webhooks = "/webhooks";
    public const string Webhook = "/webhooks/{id}";
    public const string Deliveries = "/webhooks/{id}/deliveries";
    public const string Anything = "/{**rest}";

    public static IEndpointRouteBuilder MapFerryExtensionsApi(this IEndpointRouteBuilder app)
    {
        // docs/architecture.md §10: the group's metadata feeds the extensions OpenAPI document.
        var api = app.MapGroup(Prefix).AddEndpointFilter<FerryExtensionsGuard>()
            .WithGroupName(ApiDescriptions.Extensions).WithTags("Customer extensions")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status408RequestTimeout).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        // docs/operator-api.md §3: Job history: the audit trail of a classic job of the subscription.
        api.MapGet(JobHistory, JobHistoryAsync).WithName("GetJobHistory").WithSummary("The audit trail of a classic job.")
            .Produces<ValueList<AuditEntryView>>().ProducesProblem(StatusCodes.Status404NotFound);

        // docs/operator-api.md §3: List webhooks.
        api.MapGet(Webhooks, ListWebhooksAsync).WithName("ListWebhooks").WithSummary("The subscription's webhooks, without secrets.")
            .Produces<ValueList<WebhookView>>();

        // docs/operator-api.md §3: Add a webhook: 201 with the secret, shown this once.
        api.MapPost(Webhooks, AddWebhookAsync).WithName("AddWebhook").WithSummary("Adds a webhook; the answer shows its secret this once.").Produces<CreatedWebhookView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict);

        // docs/operator-api.md §3: Remove a webhook (and its pending deliveries).
        api.MapDelete(Webhook, RemoveWebhookAsync).WithName("RemoveWebhook").WithSummary("Removes a webhook and its pending deliveries.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        // docs/operator-api.md §3: Deliveries: newest first, at most 100.
        api.MapGet(Deliveries, ListDeliveriesAsync).WithName("ListWebhookDeliveries").WithSummary("A webhook's deliveries, newest first, at most 100.")
            .Produces<ValueList<WebhookDeliveryView>>().ProducesProblem(StatusCodes.Status404NotFound);

        // Anything else under the prefix, or a verb a route does not take: a problem, not an empty 404/405.
        api.Map(Anything, NoSuchOperation).ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<JsonHttpResult<ValueList<AuditEntryView>>, ProblemHttpResult>> JobHistoryAsync(
        string subscriptionId, string jobName, DataCentre dataCentre, CancellationToken cancellationToken)
    {
        var key = new JobKey(ApiSurface.Classic, FerryExtensionsGuard.Subscription(subscriptionId), "", jobName, null);
        var history = await dataCentre.HistoryAsync(key, cancellationToken);
        return history.Error is { } error
            ? ProblemDetailsRenderer.ToResult(error)
            : Json(new ValueList<AuditEntryView>([.. history.Value!.Select(AuditEntryView.From)]));
    }

    private static async Task<JsonHttpResult<ValueList<WebhookView>>> ListWebhooksAsync(
        string subscriptionId, WebhookService webhooks, CancellationToken cancellationToken)
    {
        var list = await webhooks.ListAsync(FerryExtensionsGuard.Subscription(subscriptionId), cancellationToken);
        return Json(new ValueList<WebhookView>([.. list.Select(WebhookView.From)]));
    }

    private static async Task<Results<JsonHttpResult<CreatedWebhookView>, ProblemHttpResult>> AddWebhookAsync(
        string subscriptionId, HttpRequest request, WebhookService webhooks, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<AddWebhookRequest>(request, cancellationToken);
        if (body.Error is { } invalid)
        {
            return ProblemDetailsRenderer.ToResult(invalid);
        }

        var added = await webhooks.AddAsync(FerryExtensionsGuard.Subscription(subscriptionId), body.Value!.Url, body.Value.Secret, cancellationToken);
        if (added.Error is { } refused)
        {
            return ProblemDetailsRenderer.ToResult(refused);
        }

        var (webhook, secret) = added.Value;
        return Json(new CreatedWebhookView(webhook.Id, webhook.Url, webhook.CreatedAt, secret), StatusCodes.Status201Created);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveWebhookAsync(
        string subscriptionId, string id, WebhookService webhooks, CancellationToken cancellationToken)
    {
        var removed = await webhooks.RemoveAsync(FerryExtensionsGuard.Subscription(subscriptionId), id, cancellationToken);
        return removed.Error is { } error ? ProblemDetailsRenderer.ToResult(error) : TypedResults.NoContent();
    }

    private static async Task<Results<JsonHttpResult<ValueList<WebhookDeliveryView>>, ProblemHttpResult>> ListDeliveriesAsync(
        string subscriptionId, string id, WebhookService webhooks, CancellationToken cancellationToken)
    {
        var deliveries = await webhooks.ListDeliveriesAsync(FerryExtensionsGuard.Subscription(subscriptionId), id, cancellationToken);
        return deliveries.Error is { } error
            ? ProblemDetailsRenderer.ToResult(error)
            : Json(new ValueList<WebhookDeliveryView>([.. deliveries.Value!.Select(d => WebhookDeliveryView.From(d.Delivery, d.Event))]));
    }

    private static ProblemHttpResult NoSuchOperation(HttpRequest request) => ProblemDetailsRenderer.ToResult(
        new FerryError(FerryErrors.NotFound, $"No operation answers {request.Method} {request.Path}."));

    private static JsonHttpResult<T> Json<T>(T value, int status = StatusCodes.Status200OK) =>
        TypedResults.Json(value, FerryJson.Options, statusCode: status);
}
