namespace Ferry.Client.Models;

/// <summary>Who made an audited change.</summary>
public enum AuditActorKind
{
    /// <summary>The customer; the actor is the subscription id.</summary>
    Subscription,

    /// <summary>The data-centre operator (the operator surface).</summary>
    Operator,

    /// <summary>The service itself; the actor is <c>sweeper</c> or <c>emulator</c>.</summary>
    System,
}
