using System.Collections.Concurrent;
using Ferry.Core.Jobs;

namespace Ferry.Core.Persistence;

/// <summary>
/// A bounded in-memory cache of jobs as last read, for a store that one process owns (SQLite). Every write
/// through <see cref="JobStore"/> invalidates; a read offers its result only if no write happened since the read
/// began (a global version), so a stale snapshot can never be cached after a newer write. Entries are cloned in
/// and out, so callers may mutate what they get. Secrets stay protected in the cached jobs.
/// Reads take no lock (docs/architecture.md §11.2): the entries are a concurrent dictionary and the version is read
/// atomically; offers, invalidations and counts take the lock, so an offer still cannot land after a newer write.
/// It also keeps List Jobs totals (a <c>COUNT(*)</c> over up to every job of an account) until the next write or
/// until the first counted job reaches its deadline, whichever comes first.
/// </summary>
/// <param name="capacity">Most jobs kept; when full, the oldest offer makes room.</param>
public sealed class JobSnapshotCache(int capacity)
{
    private const int MaxCounts = 1024;
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<(ApiSurface, string, string, string), Job> _entries = new();
    private readonly Dictionary<string, CachedCount> _counts = [];
    private readonly Queue<(ApiSurface, string, string, string)> _order = new();
    private long _version;
    private int _count; // The entries' count, kept under the lock: ConcurrentDictionary.Count takes every bucket's lock.

    /// <summary>The write version to pass back to <see cref="Offer"/> after a read.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>A copy of the cached job, or null.</summary>
    public Job? TryGet(ApiSurface surface, string subscriptionId, string resourceGroup, string nameKey) =>
        _entries.TryGetValue((surface, subscriptionId, resourceGroup, nameKey), out var job) ? job.Clone() : null;

    /// <summary>Caches a copy of <paramref name="job"/> unless a write happened after <paramref name="versionAtRead"/>.</summary>
    public void Offer(Job job, long versionAtRead)
    {
        var copy = job.Clone();
        lock (_lock)
        {
            if (_version != versionAtRead)
            {
                return;
            }

            Store(copy);
        }
    }

    /// <summary>
    /// Write-through (docs/architecture.md §11.11): replaces the job's snapshot with the version its write just
    /// committed, so the read that follows a create or an update (a client polling its job, a delete's own read) is
    /// served from memory. Called after the commit and before the writer resumes, with the job as written.
    /// </summary>
    public void Replace(Job job)
    {
        var copy = job.Clone();
        copy.Drives.Sort((a, b) => a.Ordinal.CompareTo(b.Ordinal)); // As a read returns them.
        lock (_lock)
        {
            Interlocked.Increment(ref _version);
            Store(copy);
        }
    }

    private void Store(Job copy)
    {
        var key = Key(copy);
        if (!_entries.ContainsKey(key))
        {
            // Oldest offer first, in constant time. Taking "the first entry" of the dictionary instead walked the
            // buckets that earlier evictions had emptied, which at 100,000 jobs read at random made every miss a
            // scan under the lock. The queue may still hold keys invalidated since: removing one that is gone is a
            // no-op, and one offered again since leaves a little early (the order is approximate, the bound exact).
            while (_count >= capacity && _order.TryDequeue(out var oldest))
            {
                if (_entries.TryRemove(oldest, out _))
                {
                    _count--;
                }
            }

            _order.Enqueue(key);
            if (_order.Count > (2 * capacity) + 64)
            {
                // Invalidated keys pile up when jobs are written more than read: start again from what is cached.
                _order.Clear();
                foreach (var entry in _entries)
                {
                    _order.Enqueue(entry.Key);
                }

                _order.Enqueue(key);
            }
        }

        if (_entries.TryAdd(key, copy))
        {
            _count++;
        }
        else
        {
            _entries[key] = copy;
        }
    }

    /// <summary>
    /// The cached total for <paramref name="key"/>, or null when a write happened since, the clock went back, or a
    /// counted job has reached its deadline at <paramref name="cutoffs"/>.
    /// </summary>
    public int? TryGetCount(string key, ExpiryCutoffs cutoffs)
    {
        lock (_lock)
        {
            return _counts.TryGetValue(key, out var entry) && entry.Version == _version && entry.IsValidAt(cutoffs) ? entry.Count : null;
        }
    }

    /// <summary>
    /// Caches a total computed at <paramref name="cutoffs"/> unless a write happened after
    /// <paramref name="versionAtRead"/>. <paramref name="oldestCreatingTouch"/> and <paramref name="oldestFinish"/> are
    /// the earliest <see cref="Job.LastTouchedAt"/> of the counted Creating jobs and <see cref="Job.StateChangedAt"/> of
    /// the counted finished jobs (null when there are none): the first deadlines that would change the total.
    /// </summary>
    public void OfferCount(string key, int count, long versionAtRead, ExpiryCutoffs cutoffs, DateTimeOffset? oldestCreatingTouch, DateTimeOffset? oldestFinish)
    {
        lock (_lock)
        {
            if (_version != versionAtRead)
            {
                return;
            }

            if (_counts.Count >= MaxCounts)
            {
                _counts.Clear();
            }

            _counts[key] = new CachedCount(count, versionAtRead, cutoffs, oldestCreatingTouch, oldestFinish);
        }
    }

    /// <summary>Forgets one job (after a write to it).</summary>
    public void Invalidate(Job job)
    {
        lock (_lock)
        {
            Interlocked.Increment(ref _version);
            if (_entries.TryRemove(Key(job), out _))
            {
                _count--;
            }
        }
    }

    /// <summary>Forgets every job (after a write whose jobs are not known individually).</summary>
    public void InvalidateAll()
    {
        lock (_lock)
        {
            Interlocked.Increment(ref _version);
            _entries.Clear();
            _count = 0;
            _order.Clear();
        }
    }

    private static (ApiSurface, string, string, string) Key(Job job) => (job.Surface, job.SubscriptionId, job.ResourceGroupKey, job.NameKey);
}
