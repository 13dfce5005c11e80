using System.Globalization;

namespace Ferry.Core.Jobs;

/// <summary>The classic ETag and Last-Modified forms of a job's <see cref="Job.LastModifiedAt"/>.</summary>
public static class JobETag
{
    /// <summary>
    /// The weak Azure-Table style ETag, e.g. <c>W/"datetime'2014-04-30T00%3A23%3A52.6173161Z'"</c>.
    /// </summary>
    public static string Format(DateTimeOffset lastModified)
    {
        var stamp = lastModified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        return "W/\"datetime'" + stamp.Replace(":", "%3A", StringComparison.Ordinal) + "'\"";
    }

    /// <summary>RFC 1123 at second precision, e.g. <c>Wed, 30 Apr 2014 00:23:52 GMT</c>.</summary>
    public static string FormatLastModified(DateTimeOffset lastModified) =>
        lastModified.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// The next modification instant: now, or one tick after the previous one when the clock has not moved,
    /// so every change yields a new ETag.
    /// </summary>
    public static DateTimeOffset Next(DateTimeOffset now, DateTimeOffset? previous) =>
        previous is { } p && now <= p ? p.AddTicks(1) : now;
}
