namespace Ferry.Core.Audit;

/// <summary>Who performs a change, as recorded in the audit trail.</summary>
/// <param name="Kind">The kind of actor.</param>
/// <param name="Name">The subscription id, or the name of the operator or system component.</param>
public sealed record Actor(AuditActorKind Kind, string Name)
{
    /// <summary>A data-centre operator.</summary>
    public static Actor Operator { get; } = new(AuditActorKind.Operator, "operator");

    /// <summary>The housekeeping sweeper (time rules).</summary>
    public static Actor Sweeper { get; } = new(AuditActorKind.System, "sweeper");

    /// <summary>The data-centre emulator.</summary>
    public static Actor Emulator { get; } = new(AuditActorKind.System, "emulator");

    /// <summary>The transfer engine (copies and their outcomes).</summary>
    public static Actor TransferEngine { get; } = new(AuditActorKind.System, "transfer-engine");

    /// <summary>The customer owning <paramref name="subscriptionId"/>.</summary>
    public static Actor Customer(string subscriptionId) => new(AuditActorKind.Subscription, subscriptionId);
}
