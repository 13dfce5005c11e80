using Azure;
using Azure.Core;
using Ferry.Client.Models;

namespace Ferry.Client.Operator;

/// <summary>The receiving, copying and shipping steps. Each answers the job view after the step; a step whose precondition does not hold fails with 409 <c>Conflict</c> and changes nothing.</summary>
public partial class FerryOperatorClient
{
    /// <summary>
    /// Receives a job's package (step R1). Import: the listed drives become <c>Received</c>, the job's other drives
    /// <c>NeverReceived</c>, unknown ids are recorded as extra drives. Export: one <c>Received</c> drive is created per entry.
    /// </summary>
    /// <param name="job">The job.</param>
    /// <param name="drives">The drives in the package: 1 to 10, with distinct ids (the service checks).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job view after the step.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="drives"/> is <see langword="null"/>.</exception>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual Task<Response<OperatorJob>> ReceivePackageAsync(OperatorJobReference job, IEnumerable<ReceivedDrive> drives, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drives);
        var body = new ReceiveBody([.. drives.Select(d => new ReceiveEntry(d.DriveId, d.ContentPath))]);
        return SendForJobAsync(RequestMethod.Post, JobPath(job) + "/receive", body, cancellationToken);
    }

    /// <summary>Receives one drive (step R2, or a single drive of a <c>Shipping</c> job).</summary>
    /// <param name="job">The job.</param>
    /// <param name="driveId">The drive.</param>
    /// <param name="contentPath">Where the drive's content is on the server host; <see langword="null"/> when unknown.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job view after the step.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual Task<Response<OperatorJob>> ReceiveDriveAsync(OperatorJobReference job, string driveId, string? contentPath = null, CancellationToken cancellationToken = default) =>
        SendForJobAsync(RequestMethod.Post, DrivePath(job, driveId) + "/receive", new ContentPathBody(contentPath), cancellationToken);

    /// <summary>Marks a drive never received (step N1).</summary>
    /// <param name="job">The job.</param>
    /// <param name="driveId">The drive.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job view after the step.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual Task<Response<OperatorJob>> MarkNeverReceivedAsync(OperatorJobReference job, string driveId, CancellationToken cancellationToken = default) =>
        SendForJobAsync(RequestMethod.Post, DrivePath(job, driveId) + "/never-received", _noBody, cancellationToken);

    /// <summary>Starts a received drive's copy (step C1).</summary>
    /// <param name="job">The job.</param>
    /// <param name="driveId">The drive.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job view after the step.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual Task<Response<OperatorJob>> StartCopyAsync(OperatorJobReference job, string driveId, CancellationToken cancellationToken = default) =>
        SendForJobAsync(RequestMethod.Post, DrivePath(job, driveId) + "/start", _noBody, cancellationToken);

    /// <summary>Reports a drive's copy progress (step C2). Members left <see langword="null"/> are not sent.</summary>
    /// <param name="job">The job.</param>
    /// <param name="driveId">The drive.</param>
    /// <param name="percentComplete">Percentage copied, 0 to 100.</param>
    /// <param name="bytesSucceeded">Bytes copied so far, at least 0.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job view after the step.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual Task<Response<OperatorJob>> ReportProgressAsync(OperatorJobReference job, string driveId, int? percentComplete = null, long? bytesSucceeded = null, CancellationToken cancellationToken = default) =>
        SendForJobAsync(RequestMethod.Post, DrivePath(job, driveId) + "/progress", new ProgressBody(percentComplete, bytesSucceeded), cancellationToken);

    /// <summary>
    /// Completes a drive's copy (C1 if needed, then C3). With <see cref="CopyStatus.CompletedWithWarnings"/> or
    /// <paramref name="moreInfo"/> the drive finishes <c>CompletedMoreInfo</c>, otherwise <c>Completed</c>. Members left
    /// <see langword="null"/> are not sent (the service defaults to <see cref="CopyStatus.Completed"/>).
    /// </summary>
    /// <param name="job">The job.</param>
    /// <param name="driveId">The drive.</param>
    /// <param name="copyStatus"><see cref="CopyStatus.Completed"/> or <see cref="CopyStatus.CompletedWithWarnings"/> (the service refuses others with 400).</param>
    /// <param name="moreInfo">Whether the drive finishes <c>CompletedMoreInfo</c>.</param>
    /// <param name="bytesSucceeded">Bytes copied in all.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job view after the step.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual Task<Response<OperatorJob>> CompleteDriveAsync(OperatorJobReference job, string driveId, CopyStatus? copyStatus = null, bool? moreInfo = null, long? bytesSucceeded = null, CancellationToken cancellationToken = default) =>
        SendForJobAsync(RequestMethod.Post, DrivePath(job, driveId) + "/complete", new CompleteBody(copyStatus, moreInfo, bytesSucceeded), cancellationToken);

    /// <summary>Fails a drive's copy (C1 if needed, then C3); the drive finishes <c>CompletedMoreInfo</c>.</summary>
    /// <param name="job">The job.</param>
    /// <param name="driveId">The drive.</param>
    /// <param name="copyStatus">Why: any copy status except <see cref="CopyStatus.None"/>, <see cref="CopyStatus.InProgress"/>, <see cref="CopyStatus.Completed"/> and <see cref="CopyStatus.CompletedWithWarnings"/> (the service refuses those with 400).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job view after the step.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual Task<Response<OperatorJob>> FailDriveAsync(OperatorJobReference job, string driveId, CopyStatus copyStatus, CancellationToken cancellationToken = default) =>
        SendForJobAsync(RequestMethod.Post, DrivePath(job, driveId) + "/fail", new FailBody(copyStatus), cancellationToken);

    /// <summary>Ships the drives back (step S1): the job becomes <c>Completed</c> or <c>Closed</c>.</summary>
    /// <param name="job">The job.</param>
    /// <param name="package">The return package; a <see langword="null"/> drive count means the drives shipped, a <see langword="null"/> ship date today's UTC date.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job view after the step.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="package"/> is <see langword="null"/>.</exception>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual Task<Response<OperatorJob>> ShipBackAsync(OperatorJobReference job, OperatorPackage package, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        var body = new ShipBackBody(package.CarrierName, package.TrackingNumber, package.DriveCount, package.ShipDate);
        return SendForJobAsync(RequestMethod.Post, JobPath(job) + "/ship-back", body, cancellationToken);
    }

    private sealed record ReceiveEntry(string DriveId, string? ContentPath);

    private sealed record ReceiveBody(IReadOnlyList<ReceiveEntry> Drives);

    private sealed record ContentPathBody(string? ContentPath);

    private sealed record ProgressBody(int? PercentComplete, long? BytesSucceeded);

    private sealed record CompleteBody(CopyStatus? CopyStatus, bool? MoreInfo, long? BytesSucceeded);

    private sealed record FailBody(CopyStatus CopyStatus);

    private sealed record ShipBackBody(string CarrierName, string TrackingNumber, int? DriveCount, string? ShipDate);
}
