namespace Ferry.Core.Audit;

/// <summary>Who acted. Stored as its numeric value: the values are frozen.</summary>
public enum AuditActorKind
{
    /// <summary>The customer, through a public surface.</summary>
    Subscription = 1,

    /// <summary>A data-centre operator, through the operator surface.</summary>
    Operator = 2,

    /// <summary>The server itself: the sweeper or the emulator.</summary>
    System = 3,
}
