using System.Text.Json;
using Ferry.Core.Audit;

namespace Ferry.Core.Webhooks;

/// <summary>The JSON body POSTed to receivers (docs/operator-api.md §3).</summary>
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

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

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

    /// <summary>The UTF-8 JSON body.</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, _json);
}
