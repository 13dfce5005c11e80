using Ferry.Core.Audit;

namespace Ferry.Server.Hosting;

/// <summary>An audit entry on the wire (docs/operator-api.md §2), shared by the operator and customer history endpoints.</summary>
internal sealed record AuditEntryView(
    long Sequence,
    DateTimeOffset At,
    AuditActorKind ActorKind,
    string Actor,
    AuditAction Action,
    string? DriveId,
    string? OldState,
    string? NewState,
    string? Reason)
{
    public static AuditEntryView From(AuditEntry entry) =>
        new(entry.Id, entry.At, entry.ActorKind, entry.Actor, entry.Action, entry.DriveId, entry.OldState, entry.NewState, entry.Reason);
}
