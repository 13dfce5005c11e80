using System.Text.Json;
using System.Text.Json.Serialization;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Ferry.Core.Audit;
using Ferry.Core.Jobs;

namespace Ferry.Core.Webhooks;

/// <summary>
/// An event as receivers get it (docs/operator-api.md §3): the <c>data</c> of a CloudEvents 1.0 envelope, POSTed in
/// structured mode (<see cref="ToCloudEventJson"/>).
/// </summary>
public sealed record WebhookEvent(
    string Id,
    string Type,
    DateTimeOffset OccurredAt,
    string SubscriptionId,
    string Surface,
    string? ResourceGroup,
    string JobName,
    string? DriveId,
    string? OldState,
    string? NewState,
    string Action,
    string ActorKind,
    string? Reason)
{
    /// <summary>A job's state changed (<see cref="OldState"/> null at creation).</summary>
    public const string JobStateChanged = "job.stateChanged";

    /// <summary>A job was deleted (by the customer, a time rule or a reset).</summary>
    public const string JobDeleted = "job.deleted";

    /// <summary>A drive's state changed (<see cref="OldState"/> null when an export drive was received).</summary>
    public const string DriveStateChanged = "drive.stateChanged";

    /// <summary>The prefix of the CloudEvents <c>type</c>: <c>dev.ferry.job.stateChanged</c> and so on.</summary>
    public const string CloudEventTypePrefix = "dev.ferry.";

    /// <summary>The media type of the body.</summary>
    public const string MediaType = "application/cloudevents+json";

    private static readonly JsonEventFormatter _formatter = new(new JsonSerializerOptions(JsonSerializerDefaults.Web), default);

    /// <summary>The event of an audit entry that records a state change.</summary>
    public static WebhookEvent From(string eventId, AuditEntry entry) => new(
        eventId,
        entry.DriveId is not null ? DriveStateChanged : entry.NewState is null ? JobDeleted : JobStateChanged,
        entry.At,
        entry.SubscriptionId,
        entry.Surface.ToString(),
        entry.ResourceGroup.Length == 0 ? null : entry.ResourceGroup,
        entry.JobName,
        entry.DriveId,
        entry.OldState,
        entry.NewState,
        entry.Action.ToString(),
        entry.ActorKind.ToString(),
        entry.Reason);

    /// <summary>
    /// The CloudEvents <c>source</c>: the job's path, <c>/subscriptions/{id}/jobs/{name}</c> on the classic surface and
    /// <c>/subscriptions/{id}/resourceGroups/{group}/providers/Microsoft.ImportExport/jobs/{name}</c> on ARM.
    /// </summary>
    [JsonIgnore]
    public Uri Source => new(
        ResourceGroup is null || Surface != nameof(ApiSurface.Arm)
            ? $"/subscriptions/{Escape(SubscriptionId)}/jobs/{Escape(JobName)}"
            : $"/subscriptions/{Escape(SubscriptionId)}/resourceGroups/{Escape(ResourceGroup)}/providers/Microsoft.ImportExport/jobs/{Escape(JobName)}",
        UriKind.Relative);

    /// <summary>The CloudEvents <c>subject</c>: the job's name, or <c>{job}/drives/{driveId}</c> for a drive's event.</summary>
    [JsonIgnore]
    public string Subject => DriveId is null ? JobName : $"{JobName}/drives/{DriveId}";

    /// <summary>The event in a CloudEvents 1.0 envelope (<c>data</c> is this record).</summary>
    public CloudEvent ToCloudEvent() => new(CloudEventsSpecVersion.V1_0)
    {
        Id = Id,
        Source = Source,
        Type = CloudEventTypePrefix + Type,
        Time = OccurredAt,
        Subject = Subject,
        DataContentType = "application/json",
        Data = this,
    };

    /// <summary>The body: the CloudEvents structured-mode JSON (<see cref="MediaType"/>), UTF-8.</summary>
    public byte[] ToCloudEventJson() => _formatter.EncodeStructuredModeMessage(ToCloudEvent(), out _).ToArray();

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
