using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>One entry of a job's chain of custody; entries are never changed or removed. Output only.</summary>
public sealed class AuditEntry
{
    [JsonConstructor]
    internal AuditEntry()
    {
    }

    /// <summary>The position in the history (<c>sequence</c>), strictly increasing.</summary>
    [JsonInclude]
    public long Sequence { get; internal set; }

    /// <summary>When the change happened (<c>at</c>).</summary>
    [JsonInclude]
    public DateTimeOffset At { get; internal set; }

    /// <summary>Who made the change (<c>actorKind</c>).</summary>
    [JsonInclude]
    public AuditActorKind ActorKind { get; internal set; }

    /// <summary>The actor (<c>actor</c>): the subscription id, <c>operator</c>, <c>sweeper</c> or <c>emulator</c>.</summary>
    [JsonInclude]
    public string Actor { get; internal set; } = string.Empty;

    /// <summary>What was done (<c>action</c>).</summary>
    [JsonInclude]
    public AuditAction Action { get; internal set; }

    /// <summary>The drive concerned (<c>driveId</c>); <see langword="null"/> for job entries.</summary>
    [JsonInclude]
    public string? DriveId { get; internal set; }

    /// <summary>The job or drive state before (<c>oldState</c>); <see langword="null"/> at creation or where nothing changed state.</summary>
    [JsonInclude]
    public string? OldState { get; internal set; }

    /// <summary>The job or drive state after (<c>newState</c>); <see langword="null"/> at deletion or where nothing changed state.</summary>
    [JsonInclude]
    public string? NewState { get; internal set; }

    /// <summary>Why (<c>reason</c>); <see langword="null"/> when not given.</summary>
    [JsonInclude]
    public string? Reason { get; internal set; }
}
