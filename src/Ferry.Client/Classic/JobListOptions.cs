using System.Globalization;

namespace Ferry.Client.Classic;

/// <summary>Filters for <see cref="ClassicImportExportClient.GetJobsAsync"/>; every member left unset does not filter.</summary>
public sealed class JobListOptions
{
    /// <summary>Only jobs of this type: <c>Import</c> or <c>Export</c>.</summary>
    public string? Type { get; set; }

    /// <summary>Only jobs created at or after this instant.</summary>
    public DateTimeOffset? From { get; set; }

    /// <summary>Only jobs created at or before this instant.</summary>
    public DateTimeOffset? To { get; set; }

    /// <summary>Only jobs in one of these states (case-sensitive, e.g. <c>Creating</c>); empty means every state.</summary>
    public IList<string> States { get; } = [];

    /// <summary>The most jobs to return in total across all pages; <see langword="null"/> for all.</summary>
    public int? Top { get; set; }

    internal string ToQuery()
    {
        var parts = new List<string>();
        if (Type is not null)
        {
            parts.Add("type=" + Uri.EscapeDataString(Type));
        }

        if (From is { } from)
        {
            parts.Add("from=" + Uri.EscapeDataString(from.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)));
        }

        if (To is { } to)
        {
            parts.Add("to=" + Uri.EscapeDataString(to.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)));
        }

        if (States.Count > 0)
        {
            parts.Add("states=" + string.Join(",", States.Select(Uri.EscapeDataString)));
        }

        if (Top is { } top)
        {
            parts.Add("$top=" + top.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join("&", parts);
    }
}
