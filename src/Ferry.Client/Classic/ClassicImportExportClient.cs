using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Ferry.Client.Internal;
using Ferry.Client.Models;

namespace Ferry.Client.Classic;

/// <summary>
/// A client for the classic (2014) Import/Export REST API of one subscription, authenticated with a management
/// certificate. Every failure response surfaces as a <see cref="RequestFailedException"/> whose
/// <see cref="RequestFailedException.ErrorCode"/> is the service's <c>ExtendedCode</c>.
/// </summary>
public partial class ClassicImportExportClient
{
    private readonly Uri _baseUri;
    private readonly Uri _ferryUri;
    private readonly HttpPipeline _pipeline = null!;
    private readonly string _version = null!;

    /// <summary>Creates a client.</summary>
    /// <param name="endpoint">The service host, e.g. <c>https://localhost:5001/</c>; the subscription path is appended.</param>
    /// <param name="subscriptionId">The subscription id, the first path segment.</param>
    /// <param name="managementCertificate">The management certificate (with its private key) presented as the TLS client certificate.</param>
    /// <param name="options">Client options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="subscriptionId"/> is empty.</exception>
    public ClassicImportExportClient(Uri endpoint, string subscriptionId, X509Certificate2 managementCertificate, ClassicImportExportClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(subscriptionId);
        ArgumentNullException.ThrowIfNull(managementCertificate);
        options ??= new ClassicImportExportClientOptions();
        var root = endpoint.AbsoluteUri.TrimEnd('/');
        _baseUri = new Uri($"{root}/{Uri.EscapeDataString(subscriptionId)}/services/importexport");
        _ferryUri = new Uri($"{root}/{Uri.EscapeDataString(subscriptionId)}/services/ferry");
        _version = options.Version;
        var transportOptions = ClientTransport.Create(managementCertificate, options.ServerCertificate);
        _pipeline = HttpPipelineBuilder.Build(options, [], [], transportOptions, new ResponseClassifier());
    }

    /// <summary>For mocking only: a client whose service methods must all be overridden.</summary>
    protected ClassicImportExportClient()
    {
        _baseUri = new Uri("https://localhost/");
        _ferryUri = _baseUri;
    }

    /// <summary>Gets a job (Get Job). Fails with 404 <c>ResourceNotFound</c> when the account has no such job.</summary>
    /// <param name="storageAccountName">The storage account the job belongs to.</param>
    /// <param name="jobName">The job name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job, with its drives and export selection.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response<ImportExportJob>> GetJobAsync(string storageAccountName, string jobName, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, JobPath(storageAccountName, jobName));
        await SendAsync(message, 200, cancellationToken).ConfigureAwait(false);
        var job = await DeserializeAsync<ImportExportJob>(message.Response, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(job, message.Response);
    }

    /// <summary>Creates a job, or replaces a job still in <c>Creating</c> (Put Job); succeeds with 201.</summary>
    /// <param name="storageAccountName">The storage account the job belongs to.</param>
    /// <param name="job">The job; its <see cref="ImportExportJob.Name"/> names the job in the URI.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The raw 201 response, carrying <c>ETag</c> and <c>Last-Modified</c>.</returns>
    /// <exception cref="ArgumentException">The job has no name.</exception>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response> PutJobAsync(string storageAccountName, ImportExportJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrEmpty(job.Name, nameof(job));
        using var message = CreateMessage(RequestMethod.Put, JobPath(storageAccountName, job.Name));
        SetJsonContent(message.Request, job);
        return await SendAsync(message, 201, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Updates a job's properties (Update Job Properties); succeeds with 200. Members of <paramref name="update"/> left <see langword="null"/> are unchanged.</summary>
    /// <param name="storageAccountName">The storage account the job belongs to.</param>
    /// <param name="jobName">The job name.</param>
    /// <param name="update">The changes.</param>
    /// <param name="ifMatch">When given, the update applies only if the job's ETag matches (412 otherwise).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The raw 200 response, carrying the new <c>ETag</c>.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response> UpdateJobAsync(string storageAccountName, string jobName, JobUpdate update, ETag? ifMatch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        using var message = CreateMessage(RequestMethod.Patch, JobPath(storageAccountName, jobName));
        if (ifMatch is { } etag)
        {
            message.Request.Headers.Add(HttpHeader.Names.IfMatch, etag.ToString());
        }

        SetJsonContent(message.Request, new UpdateBody(update));
        return await SendAsync(message, 200, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a job (Delete Job), allowed in <c>Creating</c>, <c>Completed</c> and <c>Closed</c>; succeeds with 200.</summary>
    /// <param name="storageAccountName">The storage account the job belongs to.</param>
    /// <param name="jobName">The job name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The raw 200 response.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response> DeleteJobAsync(string storageAccountName, string jobName, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, JobPath(storageAccountName, jobName));
        return await SendAsync(message, 200, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists the jobs of one storage account (List Jobs), following <c>odata.nextLink</c> across pages.</summary>
    /// <param name="storageAccountName">The storage account.</param>
    /// <param name="options">Filters; <see langword="null"/> lists every job.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The jobs (name and properties only), ordered by name; a page's continuation token is its <c>odata.nextLink</c>.</returns>
    public virtual AsyncPageable<ImportExportJob> GetJobsAsync(string storageAccountName, JobListOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(storageAccountName);
        var first = new Uri(_baseUri + "/storageaccounts/" + Uri.EscapeDataString(storageAccountName) + "/jobs" + (options ?? new JobListOptions()).ToQuery());
        return new JobPageable(this, first, cancellationToken);
    }

    /// <summary>Lists the data-center locations (List Locations).</summary>
    /// <param name="originLocation">When given, only the location(s) that serve storage accounts in this region; possibly none.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The locations.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response<IReadOnlyList<Location>>> GetLocationsAsync(string? originLocation = null, CancellationToken cancellationToken = default)
    {
        var path = "/locations" + (originLocation is null ? string.Empty : "?originlocation=" + Uri.EscapeDataString(originLocation));
        using var message = CreateMessage(RequestMethod.Get, path);
        await SendAsync(message, 200, cancellationToken).ConfigureAwait(false);
        var list = await DeserializeAsync<ODataList<Location>>(message.Response, cancellationToken).ConfigureAwait(false);
        return Response.FromValue<IReadOnlyList<Location>>(list.Value ?? [], message.Response);
    }

    /// <summary>Lists the names of the subscription's storage accounts that have at least one job (List Storage Accounts).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The account names, ordered by name.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response<IReadOnlyList<string>>> GetStorageAccountsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, "/storageaccounts");
        await SendAsync(message, 200, cancellationToken).ConfigureAwait(false);
        var list = await DeserializeAsync<ODataList<StorageAccountEntry>>(message.Response, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> names = [.. (list.Value ?? []).Select(a => a.Name)];
        return Response.FromValue(names, message.Response);
    }

    private static string JobPath(string storageAccountName, string jobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(storageAccountName);
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        return "/storageaccounts/" + Uri.EscapeDataString(storageAccountName) + "/jobs/" + Uri.EscapeDataString(jobName);
    }

    private HttpMessage CreateMessage(RequestMethod method, string relativePath) => CreateMessage(method, new Uri(_baseUri + relativePath));

    private HttpMessage CreateMessage(RequestMethod method, Uri uri)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.Add("x-ms-version", _version);
        message.Request.Headers.Add(HttpHeader.Names.Accept, "application/json;odata=minimalmetadata");
        return message;
    }

    private static void SetJsonContent<T>(Request request, T body)
    {
        request.Headers.Add(HttpHeader.Names.ContentType, "application/json; charset=utf-8");
        request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(body, ClassicJson.Options));
    }

    private async Task<Response> SendAsync(HttpMessage message, int expectedStatus, CancellationToken cancellationToken)
    {
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status != expectedStatus)
        {
            throw await ServiceError.CreateExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private static async Task<T> DeserializeAsync<T>(Response response, CancellationToken cancellationToken)
    {
        var stream = response.ContentStream ?? throw new RequestFailedException(response.Status, "The service returned no body.");
        stream.Position = 0;
        return await JsonSerializer.DeserializeAsync<T>(stream, ClassicJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new RequestFailedException(response.Status, "The service returned an empty body.");
    }

    private sealed record UpdateBody([property: System.Text.Json.Serialization.JsonPropertyName("Properties")] JobUpdate Properties);

    private sealed record StorageAccountEntry([property: System.Text.Json.Serialization.JsonPropertyName("Name")] string Name);

    private sealed class ODataList<T>
    {
        [System.Text.Json.Serialization.JsonPropertyName("value")]
        public List<T>? Value { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("odata.nextLink")]
        public string? NextLink { get; set; }
    }

    private sealed class JobPageable(ClassicImportExportClient client, Uri first, CancellationToken cancellationToken) : AsyncPageable<ImportExportJob>(cancellationToken)
    {
        public override async IAsyncEnumerable<Page<ImportExportJob>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
        {
            var next = continuationToken is null ? first : new Uri(continuationToken);
            while (next is not null)
            {
                using var message = client.CreateMessage(RequestMethod.Get, next);
                await client.SendAsync(message, 200, CancellationToken).ConfigureAwait(false);
                var list = await DeserializeAsync<ODataList<ImportExportJob>>(message.Response, CancellationToken).ConfigureAwait(false);
                next = string.IsNullOrEmpty(list.NextLink) ? null : new Uri(list.NextLink);
                yield return Page<ImportExportJob>.FromValues(list.Value ?? [], next?.AbsoluteUri, message.Response);
            }
        }
    }
}
