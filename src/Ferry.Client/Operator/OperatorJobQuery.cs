using System.Globalization;
using Ferry.Client.Models;

namespace Ferry.Client.Operator;

/// <summary>
/// Filters for <see cref="FerryOperatorClient.GetJobsAsync"/> and <see cref="FerryOperatorClient.GetJobCountsAsync"/>:
/// the jobs of every subscription and surface; every member left unset does not filter.
/// </summary>
public sealed class OperatorJobQuery
{
    /// <summary>Only jobs in one of these states; empty means every state.</summary>
    public IList<JobState> States { get; } = [];

    /// <summary>Only jobs of this type.</summary>
    public JobType? Type { get; set; }

    /// <summary>Only jobs at this data-centre location (catalogue spelling, e.g. <c>West US</c>).</summary>
    public string? Location { get; set; }

    /// <summary>Only jobs of this subscription.</summary>
    public string? SubscriptionId { get; set; }

    /// <summary>Only jobs created through this surface.</summary>
    public JobSurface? Surface { get; set; }

    /// <summary>Only jobs created at or after this instant.</summary>
    public DateTimeOffset? CreatedFrom { get; set; }

    /// <summary>Only jobs created at or before this instant.</summary>
    public DateTimeOffset? CreatedTo { get; set; }

    /// <summary>Only jobs last changed at or after this instant.</summary>
    public DateTimeOffset? UpdatedFrom { get; set; }

    /// <summary>Only jobs last changed at or before this instant.</summary>
    public DateTimeOffset? UpdatedTo { get; set; }

    /// <summary>Only jobs whose delivery or return package has this tracking number (case-insensitive).</summary>
    public string? TrackingNumber { get; set; }

    /// <summary>Only jobs with a drive of this id (case-insensitive).</summary>
    public string? DriveId { get; set; }

    /// <summary>Jobs per page, 1 to 1000 (the service's default is 100); ignored by counts.</summary>
    public int? PageSize { get; set; }

    internal string ToQuery(bool paging, int? pageSizeHint = null)
    {
        var parts = new List<string>();
        foreach (var state in States)
        {
            parts.Add("state=" + state.ToString());
        }

        Add(parts, "type", Type?.ToString());
        Add(parts, "location", Location);
        Add(parts, "subscription", SubscriptionId);
        Add(parts, "surface", Surface?.ToString());
        Add(parts, "createdFrom", Instant(CreatedFrom));
        Add(parts, "createdTo", Instant(CreatedTo));
        Add(parts, "updatedFrom", Instant(UpdatedFrom));
        Add(parts, "updatedTo", Instant(UpdatedTo));
        Add(parts, "trackingNumber", TrackingNumber);
        Add(parts, "driveId", DriveId);
        if (paging && (PageSize ?? pageSizeHint) is { } top)
        {
            Add(parts, "top", top.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join("&", parts);
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (value is not null)
        {
            parts.Add(name + "=" + Uri.EscapeDataString(value));
        }
    }

    private static string? Instant(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}
