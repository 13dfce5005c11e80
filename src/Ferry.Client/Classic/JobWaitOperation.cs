using Azure;
using Ferry.Client.Models;

namespace Ferry.Client.Classic;

/// <summary>
/// Waiting for a classic job to reach a target state (from <see cref="ClassicImportExportClient.StartWaitForJobAsync"/>).
/// Each status update is one Get Job; <see cref="Job"/> is the job as last read, for showing progress while waiting.
/// Ferry.Client is async only: the synchronous <see cref="UpdateStatus"/> throws <see cref="NotSupportedException"/>.
/// </summary>
public class JobWaitOperation : Operation<ImportExportJob>
{
    private readonly ClassicImportExportClient _client = null!;
    private readonly string _storageAccountName = null!;
    private readonly string _jobName = null!;
    private readonly IReadOnlySet<string> _targets = null!;
    private Response _rawResponse = null!;
    private ImportExportJob? _job;
    private RequestFailedException? _failure;
    private bool _completed;

    internal JobWaitOperation(ClassicImportExportClient client, string storageAccountName, string jobName, IReadOnlySet<string> targets, Response<ImportExportJob> first)
    {
        _client = client;
        _storageAccountName = storageAccountName;
        _jobName = jobName;
        _targets = targets;
        Apply(first);
    }

    /// <summary>For mocking only: an operation whose members must all be overridden.</summary>
    protected JobWaitOperation()
    {
    }

    /// <summary><c>{storageAccountName}/{jobName}</c>.</summary>
    public override string Id => _storageAccountName + "/" + _jobName;

    /// <summary>The job as last read: its state, drives and progress; <see langword="null"/> only for a mock.</summary>
    public virtual ImportExportJob? Job => _job;

    /// <summary>The states this operation waits for (case-insensitive).</summary>
    public virtual IReadOnlySet<string> TargetStates => _targets;

    /// <summary>The job in its target state.</summary>
    /// <exception cref="InvalidOperationException">The operation has not completed.</exception>
    /// <exception cref="RequestFailedException">The operation failed (the job disappeared).</exception>
    public override ImportExportJob Value => _failure is not null
        ? throw _failure
        : _completed ? _job! : throw new InvalidOperationException($"Job '{_jobName}' has not reached {string.Join(" or ", _targets)} yet.");

    /// <inheritdoc/>
    public override bool HasValue => _completed && _failure is null;

    /// <inheritdoc/>
    public override bool HasCompleted => _completed;

    /// <summary>The last Get Job response that succeeded.</summary>
    /// <returns>The response.</returns>
    public override Response GetRawResponse() => _rawResponse;

    /// <summary>Not supported: Ferry.Client has no synchronous methods.</summary>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override Response UpdateStatus(CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Ferry.Client is async only; use UpdateStatusAsync.");

    /// <summary>Reads the job once, unless the operation has completed.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The Get Job response.</returns>
    /// <exception cref="RequestFailedException">The read failed; a 404 also fails the operation.</exception>
    public override async ValueTask<Response> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        if (_failure is not null)
        {
            throw _failure;
        }

        if (_completed)
        {
            return _rawResponse;
        }

        try
        {
            Apply(await _client.GetJobAsync(_storageAccountName, _jobName, cancellationToken).ConfigureAwait(false));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            _failure = e;
            _completed = true;
            throw;
        }

        return _rawResponse;
    }

    private void Apply(Response<ImportExportJob> response)
    {
        _rawResponse = response.GetRawResponse();
        _job = response.Value;
        _completed = _job.Properties?.State is { } state && _targets.Contains(state);
    }
}
