using Azure;

namespace Ferry.Client.Classic;

/// <summary>Long-running waits built on Get Job.</summary>
public partial class ClassicImportExportClient
{
    /// <summary>The states <see cref="StartWaitForJobAsync"/> waits for when none are given: <c>Completed</c> and <c>Closed</c>.</summary>
    public static IReadOnlyList<string> FinalJobStates { get; } = ["Completed", "Closed"];

    /// <summary>
    /// Starts waiting for a job to reach one of <paramref name="targetStates"/>: reads the job once now, and the returned
    /// operation reads it again on each <see cref="Operation.UpdateStatusAsync"/> (or while
    /// <see cref="Operation{T}.WaitForCompletionAsync(CancellationToken)"/> polls). The operation completes when the job's
    /// state is a target (compared case-insensitively), with the job as its value. A job that disappears (404) fails the
    /// operation: the poll throws, and so does <see cref="Operation{T}.Value"/>.
    /// </summary>
    /// <param name="storageAccountName">The storage account the job belongs to.</param>
    /// <param name="jobName">The job name.</param>
    /// <param name="targetStates">The states to wait for, e.g. <c>Received</c>; <see langword="null"/> for <see cref="FinalJobStates"/>.</param>
    /// <param name="cancellationToken">Cancels the first read.</param>
    /// <returns>The operation, already completed when the job is in a target state.</returns>
    /// <exception cref="ArgumentException">A name is <see langword="null"/> or empty, or <paramref name="targetStates"/> is empty.</exception>
    /// <exception cref="RequestFailedException">The first read failed, e.g. 404 <c>ResourceNotFound</c>.</exception>
    public virtual async Task<JobWaitOperation> StartWaitForJobAsync(string storageAccountName, string jobName, IEnumerable<string>? targetStates = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(storageAccountName);
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        var targets = new HashSet<string>(targetStates ?? FinalJobStates, StringComparer.OrdinalIgnoreCase);
        if (targets.Count == 0)
        {
            throw new ArgumentException("At least one target state is needed.", nameof(targetStates));
        }

        var first = await GetJobAsync(storageAccountName, jobName, cancellationToken).ConfigureAwait(false);
        return new JobWaitOperation(this, storageAccountName, jobName, targets, first);
    }
}
