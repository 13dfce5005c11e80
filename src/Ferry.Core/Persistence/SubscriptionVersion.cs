using Ferry.Core.Jobs;

namespace Ferry.Core.Persistence;

/// <summary>
/// A counter of job writes per subscription and surface, bumped in the transaction of every job insert, update and
/// delete. Every instance sharing the database can tell from it, with one primary-key read, whether a List Jobs total
/// it computed earlier still holds (<see cref="JobCountCache"/>).
/// </summary>
public sealed class SubscriptionVersion
{
    /// <summary>The surface.</summary>
    public ApiSurface Surface { get; set; }

    /// <summary>The subscription.</summary>
    public string SubscriptionId { get; set; } = "";

    /// <summary>Incremented by every committed job write of the subscription on the surface.</summary>
    public long Version { get; set; }

    /// <summary>
    /// The subscription's jobs on the surface that are not Completed or Closed, kept in the transaction of every write
    /// that changes a job's activeness (docs/architecture.md §11.1). A job still in Creating past its touch deadline is
    /// counted until it is deleted, so this is an upper bound of the active-job limit's count; only a value at the limit
    /// is checked against an exact count.
    /// </summary>
    public int ActiveJobs { get; set; }
}
