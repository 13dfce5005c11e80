using Ferry.Core.Jobs;

namespace Ferry.Core.Persistence;

/// <summary>
/// List Jobs totals (a <c>COUNT(*)</c> over up to every job of an account) kept in memory by a store that shares its
/// database with other instances. A total is reused while the subscription's <see cref="SubscriptionVersion"/> is the
/// one it was counted at (no instance wrote a job of the subscription since) and no counted job has reached its
/// deadline, so a page costs the page query and one primary-key read instead of a scan.
/// </summary>
public sealed class JobCountCache
{
    private const int MaxCounts = 4096;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, CachedCount> _counts = [];

    /// <summary>The cached total for <paramref name="key"/> at <paramref name="version"/>, or null.</summary>
    public int? TryGet(string key, long version, ExpiryCutoffs cutoffs)
    {
        lock (_lock)
        {
            return _counts.TryGetValue(key, out var entry) && entry.Version == version && entry.IsValidAt(cutoffs) ? entry.Count : null;
        }
    }

    /// <summary>
    /// Keeps a total counted after reading <paramref name="version"/>; <paramref name="oldestCreatingTouch"/> and
    /// <paramref name="oldestFinish"/> are the first deadlines that would change it (see <see cref="JobSnapshotCache.OfferCount"/>).
    /// </summary>
    public void Offer(string key, int count, long version, ExpiryCutoffs cutoffs, DateTimeOffset? oldestCreatingTouch, DateTimeOffset? oldestFinish)
    {
        lock (_lock)
        {
            if (_counts.Count >= MaxCounts)
            {
                _counts.Clear();
            }

            _counts[key] = new CachedCount(count, version, cutoffs, oldestCreatingTouch, oldestFinish);
        }
    }
}

/// <summary>A cached total, valid until a write (version) or the first counted job's deadline.</summary>
internal sealed record CachedCount(int Count, long Version, ExpiryCutoffs ComputedAt, DateTimeOffset? OldestCreatingTouch, DateTimeOffset? OldestFinish)
{
    public bool IsValidAt(ExpiryCutoffs now) =>
        now.CreatingTouchedBefore >= ComputedAt.CreatingTouchedBefore
        && now.FinishedBefore >= ComputedAt.FinishedBefore
        && (OldestCreatingTouch is not { } touch || now.CreatingTouchedBefore < touch)
        && (OldestFinish is not { } finish || now.FinishedBefore < finish);
}
