using System.Text.Json;
using Azure;
using Azure.Core;
using Ferry.Client.Internal;
using Ferry.Client.Models;

namespace Ferry.Client.Classic;

/// <summary>
/// Ferry's customer extensions (<c>/{subscriptionId}/services/ferry</c>): job history and webhooks. Same management
/// certificate as the classic API; errors are problem details, surfaced the same way (status and <c>code</c>).
/// </summary>
public partial class ClassicImportExportClient
{
    /// <summary>Gets a classic job's chain of custody: every state change, ordered by sequence.</summary>
    /// <param name="jobName">The job name; the history outlives the job.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The entries, oldest first; never <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="jobName"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response<IReadOnlyList<AuditEntry>>> GetJobHistoryAsync(string jobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        using var message = CreateFerryMessage(RequestMethod.Get, "/jobs/" + Uri.EscapeDataString(jobName) + "/history", null);
        await SendAsync(message, 200, cancellationToken).ConfigureAwait(false);
        return await ReadListAsync<AuditEntry>(message.Response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists the subscription's webhooks (without their secrets).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The webhooks; never <see langword="null"/>.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response<IReadOnlyList<Webhook>>> GetWebhooksAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateFerryMessage(RequestMethod.Get, "/webhooks", null);
        await SendAsync(message, 200, cancellationToken).ConfigureAwait(false);
        return await ReadListAsync<Webhook>(message.Response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds a webhook (at most 10 per subscription); succeeds with 201.</summary>
    /// <param name="url">An absolute <c>http</c> or <c>https</c> URL events are POSTed to (the service checks).</param>
    /// <param name="secret">
    /// The Standard Webhooks signing secret (<c>whsec_</c> and 24 to 64 bytes in base64, or any 1 to 256 characters,
    /// which key with their UTF-8 bytes); <see langword="null"/> lets the service generate one.
    /// </param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The webhook with its <see cref="Webhook.Secret"/>, which is never returned again.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> is <see langword="null"/>.</exception>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response<Webhook>> AddWebhookAsync(Uri url, string? secret = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var message = CreateFerryMessage(RequestMethod.Post, "/webhooks", new WebhookBody(url.OriginalString, secret));
        await SendAsync(message, 201, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(await ReadFerryAsync<Webhook>(message.Response, cancellationToken).ConfigureAwait(false), message.Response);
    }

    /// <summary>Removes a webhook; succeeds with 204. Fails with 404 <c>ResourceNotFound</c> for an unknown id.</summary>
    /// <param name="id">The webhook id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The raw 204 response.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response> RemoveWebhookAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        using var message = CreateFerryMessage(RequestMethod.Delete, "/webhooks/" + Uri.EscapeDataString(id), null);
        return await SendAsync(message, 204, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists a webhook's deliveries, newest first, at most 100.</summary>
    /// <param name="id">The webhook id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The deliveries; never <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response<IReadOnlyList<WebhookDelivery>>> GetWebhookDeliveriesAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        using var message = CreateFerryMessage(RequestMethod.Get, "/webhooks/" + Uri.EscapeDataString(id) + "/deliveries", null);
        await SendAsync(message, 200, cancellationToken).ConfigureAwait(false);
        return await ReadListAsync<WebhookDelivery>(message.Response, cancellationToken).ConfigureAwait(false);
    }

    private HttpMessage CreateFerryMessage(RequestMethod method, string relativePath, object? body)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri(_ferryUri + relativePath));
        message.Request.Headers.Add(HttpHeader.Names.Accept, "application/json");
        if (body is not null)
        {
            message.Request.Headers.Add(HttpHeader.Names.ContentType, "application/json");
            message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), FerryJson.Options));
        }

        return message;
    }

    private static async Task<T> ReadFerryAsync<T>(Response response, CancellationToken cancellationToken)
    {
        var stream = response.ContentStream ?? throw new RequestFailedException(response.Status, "The service returned no body.");
        stream.Position = 0;
        return await JsonSerializer.DeserializeAsync<T>(stream, FerryJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new RequestFailedException(response.Status, "The service returned an empty body.");
    }

    private static async Task<Response<IReadOnlyList<T>>> ReadListAsync<T>(Response response, CancellationToken cancellationToken)
    {
        var list = await ReadFerryAsync<ValueList<T>>(response, cancellationToken).ConfigureAwait(false);
        return Response.FromValue<IReadOnlyList<T>>(list.Value ?? [], response);
    }

    private sealed record WebhookBody(string Url, string? Secret);
}
