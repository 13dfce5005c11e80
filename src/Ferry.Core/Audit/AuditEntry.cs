using Ferry.Core.Jobs;

namespace Ferry.Core.Audit;

/// <summary>
/// One link of a job's chain of custody: a job or drive state change, or an operator action. Appended in the same
/// transaction as the change it records and never changed or removed, not even when the job is deleted.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Store key: strictly increasing, the order of the trail.</summary>
    public long Id { get; set; }

    /// <summary>The job's store key (history survives the job).</summary>
    public long JobId { get; set; }

    /// <summary>The job's surface.</summary>
    public ApiSurface Surface { get; set; }

    /// <summary>The job's subscription.</summary>
    public string SubscriptionId { get; set; } = "";

    /// <summary>The job's resource group; empty on classic.</summary>
    public string ResourceGroup { get; set; } = "";

    /// <summary>The job's name as created.</summary>
    public string JobName { get; set; } = "";

    /// <summary>When it happened (the server clock).</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>Who did it.</summary>
    public AuditActorKind ActorKind { get; set; }

    /// <summary>The subscription id, <c>operator</c>, <c>sweeper</c> or <c>emulator</c>.</summary>
    public string Actor { get; set; } = "";

    /// <summary>What was done.</summary>
    public AuditAction Action { get; set; }

    /// <summary>The drive concerned, or null for the job itself.</summary>
    public string? DriveId { get; set; }

    /// <summary>The state before (a <see cref="JobState"/> or <see cref="DriveState"/> name), or null.</summary>
    public string? OldState { get; set; }

    /// <summary>The state after, or null (nothing changed state, or the job was deleted).</summary>
    public string? NewState { get; set; }

    /// <summary>Why, in a few words; never a secret.</summary>
    public string? Reason { get; set; }

    /// <summary>Whether the entry records a change of state (what webhooks deliver).</summary>
    public bool IsStateChange => OldState != NewState;
}
