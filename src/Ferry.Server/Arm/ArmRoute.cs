namespace Ferry.Server.Arm;

/// <summary>The resources of the ARM surface (docs/arm-api.md §3), one per route of <see cref="ArmApi"/>.</summary>
internal enum ArmRoute
{
    /// <summary>No resource type lives at the path.</summary>
    Unknown,
    Operations,
    Locations,
    Location,
    SubscriptionJobs,
    ResourceGroupJobs,
    Job,
    BitLockerKeys,
}
