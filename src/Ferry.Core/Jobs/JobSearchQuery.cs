namespace Ferry.Core.Jobs;

/// <summary>
/// The operator's search across subscriptions and surfaces (docs/operator-api.md §1.1). Every member left null does
/// not filter. Paging is keyset on the store key, newest first: <see cref="BeforeId"/> is the last key of the previous
/// page, so jobs created while paging neither repeat nor shift the pages that follow.
/// </summary>
public sealed record JobSearchQuery
{
    /// <summary>The longest tracking number or drive id compared; longer values are compared on this many characters.</summary>
    public const int MaxKeyLength = 128;

    /// <summary>Restrict to these states; null or empty for all.</summary>
    public IReadOnlyCollection<JobState>? States { get; init; }

    /// <summary>Restrict to one type.</summary>
    public JobType? Type { get; init; }

    /// <summary>Restrict to one location (catalogue spelling, compared exactly).</summary>
    public string? Location { get; init; }

    /// <summary>Restrict to one subscription.</summary>
    public string? SubscriptionId { get; init; }

    /// <summary>Restrict to the jobs of one surface.</summary>
    public ApiSurface? Surface { get; init; }

    /// <summary>Inclusive lower bound on <see cref="Job.CreatedAt"/>.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Inclusive upper bound on <see cref="Job.CreatedAt"/>.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Inclusive lower bound on <see cref="Job.LastModifiedAt"/>.</summary>
    public DateTimeOffset? UpdatedFrom { get; init; }

    /// <summary>Inclusive upper bound on <see cref="Job.LastModifiedAt"/>.</summary>
    public DateTimeOffset? UpdatedTo { get; init; }

    /// <summary>Jobs whose delivery or return package has this tracking number (case-insensitive).</summary>
    public string? TrackingNumber { get; init; }

    /// <summary>Jobs with a drive of this id (case-insensitive).</summary>
    public string? DriveId { get; init; }

    /// <summary>Continue with jobs whose store key is below this one (the previous page's last); null for the first page.</summary>
    public long? BeforeId { get; init; }

    /// <summary>Most jobs in the page (at least 1); ignored by counts.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>
    /// The form a tracking number or drive id is stored and compared in: trimmed, upper-invariant, at most
    /// <see cref="MaxKeyLength"/> characters; null for a blank value.
    /// </summary>
    public static string? SearchKey(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        var key = trimmed.ToUpperInvariant();
        return key.Length > MaxKeyLength ? key[..MaxKeyLength] : key;
    }
}
