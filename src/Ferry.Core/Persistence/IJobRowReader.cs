using Ferry.Core.Jobs;

namespace Ferry.Core.Persistence;

/// <summary>
/// Reads one job with its drives by its key without EF Core's per-call work: a provider registers one when it can keep
/// the statement prepared between reads (SQLite: docs/architecture.md §11.9). <see cref="JobStore"/> uses it for the
/// reads its snapshot cache misses; without one, the store reads through EF Core.
/// </summary>
public interface IJobRowReader
{
    /// <summary>The job with its drives in their order, or null. Runs on the calling thread.</summary>
    Job? Read(ApiSurface surface, string subscriptionId, string resourceGroupKey, string nameKey);
}
