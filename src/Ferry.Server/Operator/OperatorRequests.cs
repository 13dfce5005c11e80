using Ferry.Core.Emulation;
using Ferry.Core.Jobs;

// The request bodies of the operator surface: small records read strictly by OperatorJson.
namespace Ferry.Server.Operator;

internal sealed record ReceivePackageRequest(IReadOnlyList<ReceivedDriveRequest>? Drives);

internal sealed record ReceivedDriveRequest(string? DriveId, string? ContentPath);

internal sealed record ReceiveDriveRequest(string? ContentPath);

internal sealed record StartCopyRequest(string? ContentPath);

internal sealed record ProgressRequest(int? PercentComplete, long? BytesSucceeded);

internal sealed record CompleteDriveRequest(CopyStatus? CopyStatus, bool? MoreInfo, long? BytesSucceeded);

internal sealed record FailDriveRequest(CopyStatus? CopyStatus, long? BytesSucceeded);

internal sealed record ShipBackRequest(string? CarrierName, string? TrackingNumber, int? DriveCount, string? ShipDate);

internal sealed record EmulationRequest(EmulationProgression? Progression, TimeSpan? StepDelay);

internal sealed record EmulationView(bool Enabled, string DriveBay, EmulationProgression Progression, TimeSpan StepDelay, TimeSpan NeverReceivedAfter);

internal sealed record ResetView(int Deleted);

internal sealed record RegisterStorageAccountRequest(string? Id, string? AccountKey, string? ContainerSas);

internal sealed record StorageAccountView(string Id, string AccountName, Ferry.Core.Subscriptions.StorageAccountCredentialType CredentialType, DateTimeOffset RegisteredAt)
{
    public static StorageAccountView From(Ferry.Core.Subscriptions.StorageAccountRegistration registration) =>
        new(registration.Id, registration.AccountName, registration.CredentialType, registration.RegisteredAt);
}

internal sealed record DeletedView(bool Deleted);
