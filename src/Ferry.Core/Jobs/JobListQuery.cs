namespace Ferry.Core.Jobs;

/// <summary>
/// A List Jobs request. Paging is keyset on <see cref="Job.NameKey"/>: <see cref="AfterNameKey"/> is the last key
/// of the previous page.
/// </summary>
public sealed record JobListQuery
{
    /// <summary>Surface whose jobs are listed.</summary>
    public required ApiSurface Surface { get; init; }

    /// <summary>Subscription.</summary>
    public required string SubscriptionId { get; init; }

    /// <summary>Restrict to one resource group (ARM; its upper-invariant key); null for all.</summary>
    public string? ResourceGroupKey { get; init; }

    /// <summary>Restrict to one location (catalogue spelling, compared exactly); null for all.</summary>
    public string? Location { get; init; }

    /// <summary>Restrict to one storage account (classic); null for all.</summary>
    public string? StorageAccountName { get; init; }

    /// <summary>Restrict to one type.</summary>
    public JobType? Type { get; init; }

    /// <summary>Inclusive lower bound on creation time.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Inclusive upper bound on creation time.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Restrict to these states; null or empty for all.</summary>
    public IReadOnlyCollection<JobState>? States { get; init; }

    /// <summary>Restrict to one job name (case-insensitive).</summary>
    public string? NameKey { get; init; }

    /// <summary>Continue after this key (with <see cref="AfterResourceGroupKey"/> when listing across resource groups).</summary>
    public string? AfterNameKey { get; init; }

    /// <summary>The resource-group key of the previous page's last job; lists are ordered by resource group, then name.</summary>
    public string? AfterResourceGroupKey { get; init; }

    /// <summary>Most jobs to return in this page (at least 1).</summary>
    public required int PageSize { get; init; }

    /// <summary>Whether to count all matches (classic odata.count).</summary>
    public bool IncludeTotal { get; init; }
}
