using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Ferry.Client.Internal;
using Ferry.Client.Models;

namespace Ferry.Client.Operator;

/// <summary>
/// A client for Ferry's operator surface (<c>/operator</c>), which plays the data centre: it receives drives and moves jobs
/// forward. Authenticated with the operator bearer token. Every failure response surfaces as a
/// <see cref="RequestFailedException"/> whose <see cref="RequestFailedException.ErrorCode"/> is the problem's <c>code</c>
/// (e.g. <c>Conflict</c> when a step's precondition does not hold) and whose message is its <c>detail</c>.
/// </summary>
public partial class FerryOperatorClient
{
    private static readonly object _noBody = new();
    private readonly Uri _baseUri;
    private readonly HttpPipeline _pipeline = null!;
    private readonly string _authorization = null!;

    /// <summary>Creates a client.</summary>
    /// <param name="endpoint">The service host, e.g. <c>https://localhost:8443/</c>; <c>operator</c> is appended.</param>
    /// <param name="operatorToken">The operator token (<c>Ferry:Operator:Token</c>, or <c>operatorToken</c> of <c>dev-credentials.json</c>), sent as <c>Authorization: Bearer</c>.</param>
    /// <param name="options">Client options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="endpoint"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="operatorToken"/> is <see langword="null"/> or empty.</exception>
    public FerryOperatorClient(Uri endpoint, string operatorToken, FerryOperatorClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(operatorToken);
        options ??= new FerryOperatorClientOptions();
        _baseUri = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/operator/");
        _authorization = "Bearer " + operatorToken;
        _pipeline = HttpPipelineBuilder.Build(options, [], [], ClientTransport.Create(null, options.ServerCertificate), new ResponseClassifier());
    }

    /// <summary>For mocking only: a client whose service methods must all be overridden.</summary>
    protected FerryOperatorClient()
    {
        _baseUri = new Uri("https://localhost/operator/");
    }

    /// <summary>Gets a job's operator view, with its drives. Fails with 404 <c>ResourceNotFound</c> when there is no such job.</summary>
    /// <param name="job">The job.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job view.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual Task<Response<OperatorJob>> GetJobAsync(OperatorJobReference job, CancellationToken cancellationToken = default) =>
        SendForJobAsync(RequestMethod.Get, JobPath(job), _noBody, cancellationToken);

    /// <summary>Closes a job whose drives were never received (step N2). Fails with 409 <c>Conflict</c> when the job is not in that situation.</summary>
    /// <param name="job">The job.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job view after the step.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual Task<Response<OperatorJob>> CloseJobAsync(OperatorJobReference job, CancellationToken cancellationToken = default) =>
        SendForJobAsync(RequestMethod.Post, JobPath(job) + "/close", _noBody, cancellationToken);

    /// <summary>Gets a job's chain of custody: every state change and operator action, ordered by sequence.</summary>
    /// <param name="job">The job; its history outlives the job itself.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The entries, oldest first; never <see langword="null"/>.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response<IReadOnlyList<AuditEntry>>> GetJobHistoryAsync(OperatorJobReference job, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, JobPath(job) + "/history", _noBody);
        await SendAsync(message, 200, cancellationToken).ConfigureAwait(false);
        var list = await ReadAsync<ValueList<AuditEntry>>(message.Response, cancellationToken).ConfigureAwait(false);
        return Response.FromValue<IReadOnlyList<AuditEntry>>(list.Value ?? [], message.Response);
    }

    /// <summary>Gets the data-centre emulator's settings.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response<EmulationSettings>> GetEmulationAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, "emulation", _noBody);
        await SendAsync(message, 200, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(await ReadAsync<EmulationSettings>(message.Response, cancellationToken).ConfigureAwait(false), message.Response);
    }

    /// <summary>Changes how the emulator moves jobs forward. Fails with 409 <c>Conflict</c> when emulation is not enabled, 400 for a bad delay.</summary>
    /// <param name="progression">The new progression.</param>
    /// <param name="stepDelay">The wait between steps, 0 to 1 day; only with <see cref="EmulationProgression.Delayed"/>, <see langword="null"/> otherwise.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The settings after the change.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response<EmulationSettings>> SetEmulationAsync(EmulationProgression progression, TimeSpan? stepDelay = null, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Put, "emulation", new EmulationBody(progression, stepDelay));
        await SendAsync(message, 200, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(await ReadAsync<EmulationSettings>(message.Response, cancellationToken).ConfigureAwait(false), message.Response);
    }

    /// <summary>Deletes every job of a subscription, whatever its state (their history is kept).</summary>
    /// <param name="subscriptionId">The subscription.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>How many jobs were deleted.</returns>
    /// <exception cref="ArgumentException"><paramref name="subscriptionId"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response<int>> ResetSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriptionId);
        using var message = CreateMessage(RequestMethod.Delete, "subscriptions/" + Uri.EscapeDataString(subscriptionId) + "/jobs", _noBody);
        await SendAsync(message, 200, cancellationToken).ConfigureAwait(false);
        var result = await ReadAsync<ResetResult>(message.Response, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(result.Deleted, message.Response);
    }

    private static string JobPath(OperatorJobReference job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Path;
    }

    private static string DrivePath(OperatorJobReference job, string driveId)
    {
        ArgumentException.ThrowIfNullOrEmpty(driveId);
        return JobPath(job) + "/drives/" + Uri.EscapeDataString(driveId);
    }

    private async Task<Response<OperatorJob>> SendForJobAsync(RequestMethod method, string path, object body, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(method, path, body);
        await SendAsync(message, 200, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(await ReadAsync<OperatorJob>(message.Response, cancellationToken).ConfigureAwait(false), message.Response);
    }

    private HttpMessage CreateMessage(RequestMethod method, string relativePath, object body)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri(_baseUri, relativePath));
        message.Request.Headers.Add(HttpHeader.Names.Authorization, _authorization);
        message.Request.Headers.Add(HttpHeader.Names.Accept, "application/json");
        if (!ReferenceEquals(body, _noBody))
        {
            message.Request.Headers.Add(HttpHeader.Names.ContentType, "application/json");
            message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), FerryJson.Options));
        }

        return message;
    }

    private async Task SendAsync(HttpMessage message, int expectedStatus, CancellationToken cancellationToken)
    {
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status != expectedStatus)
        {
            throw await ServiceError.CreateExceptionAsync(message.Response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<T> ReadAsync<T>(Response response, CancellationToken cancellationToken)
    {
        var stream = response.ContentStream ?? throw new RequestFailedException(response.Status, "The service returned no body.");
        stream.Position = 0;
        return await JsonSerializer.DeserializeAsync<T>(stream, FerryJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new RequestFailedException(response.Status, "The service returned an empty body.");
    }

    private sealed record EmulationBody(EmulationProgression Progression, TimeSpan? StepDelay);

    private sealed record ResetResult(int Deleted);
}
