using System.ComponentModel.DataAnnotations;

namespace Ferry.Core.Jobs;

/// <summary>
/// Limits and timers of the job engine (section <c>Ferry:Jobs</c>).
/// To add a setting: add the property with its default and a validation attribute here, its default in
/// <c>appsettings.json</c>, and its line in the README's configuration reference.
/// </summary>
public sealed class JobRulesOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Ferry:Jobs";

    /// <summary>Active (not Completed/Closed) jobs per subscription and surface (docs/decisions.md D6).</summary>
    [Range(1, 10_000_000)]
    public int MaxActiveJobsPerSubscription { get; set; } = 20;

    /// <summary>Drives per import job.</summary>
    [Range(1, 10)]
    public int MaxDrivesPerJob { get; set; } = 10;

    /// <summary>T1: a Creating job is deleted this long after its last touch.</summary>
    public TimeSpan CreatingExpiry { get; set; } = TimeSpan.FromDays(14);

    /// <summary>T2: drives still Specified this long after their job entered Shipping become NeverReceived.</summary>
    public TimeSpan NeverReceivedAfter { get; set; } = TimeSpan.FromDays(14);

    /// <summary>T3: Completed and Closed jobs are purged this long after entering their state.</summary>
    public TimeSpan RetainFinishedFor { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often the housekeeping sweeper runs.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
