using Ferry.Core.Audit;

namespace Ferry.Server.Operator;

/// <summary>One audit entry on the wire (docs/operator-api.md §2).</summary>
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
