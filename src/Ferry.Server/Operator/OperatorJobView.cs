using Ferry.Core.Jobs;

namespace Ferry.Server.Operator;

/// <summary>A job as operators see it (docs/operator-api.md §1): states and parcels, never a secret.</summary>
internal sealed record OperatorJobView(
    ApiSurface Surface,
    string SubscriptionId,
    string? ResourceGroup,
    string Name,
    JobType Type,
    JobState State,
    bool CancelRequested,
    string StorageAccountName,
    string Location,
    int? PercentComplete,
    DateTimeOffset CreatedAt,
    DateTimeOffset StateChangedAt,
    DateTimeOffset? ShippingAt,
    string Etag,
    PackageView? DeliveryPackage,
    PackageView? ReturnPackage,
    IReadOnlyList<string> ExtraDrives,
    IReadOnlyList<OperatorDriveView> Drives)
{
    public static OperatorJobView From(Job job) => new(
        job.Surface,
        job.SubscriptionId,
        job.ResourceGroup.Length == 0 ? null : job.ResourceGroup,
        job.Name,
        job.Type,
        job.State,
        job.CancelRequested,
        job.StorageAccountName,
        job.Location,
        job.PercentComplete,
        job.CreatedAt,
        job.StateChangedAt,
        job.ShippingAt,
        JobETag.Format(job.LastModifiedAt),
        PackageView.FromOrNull(job.DeliveryPackage),
        PackageView.FromOrNull(job.ReturnPackage),
        job.ExtraDriveIds,
        [.. job.Drives.Select(OperatorDriveView.From)]);
}
