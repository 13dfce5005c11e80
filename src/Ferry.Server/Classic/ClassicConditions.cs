using System.Globalization;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;

namespace Ferry.Server.Classic;

/// <summary>
/// Reads the four conditional headers with the classic combination rules (docs/classic-api.md §2.9):
/// If-None-Match wins over If-Modified-Since, If-Match over If-Unmodified-Since, any other pair is a 400.
/// </summary>
internal static class ClassicConditions
{
    public static Result<JobCondition> Read(IHeaderDictionary headers)
    {
        var ifMatch = Value(headers, "If-Match");
        var ifNoneMatch = Value(headers, "If-None-Match");
        var ifModifiedSince = Value(headers, "If-Modified-Since");
        var ifUnmodifiedSince = Value(headers, "If-Unmodified-Since");
        var present = new[] { ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince }.Count(v => v is not null);
        if (present == 0)
        {
            return JobCondition.None;
        }

        if (present == 2 && ifNoneMatch is not null && ifModifiedSince is not null)
        {
            return new JobCondition(IfNoneMatch: ifNoneMatch);
        }

        if (present == 2 && ifMatch is not null && ifUnmodifiedSince is not null)
        {
            return new JobCondition(IfMatch: ifMatch);
        }

        if (present > 1)
        {
            return FerryErrors.Invalid("If-Match", "These conditional headers cannot be combined; only If-None-Match with If-Modified-Since, or If-Match with If-Unmodified-Since, may be sent together.");
        }

        if (ifModifiedSince is not null)
        {
            return ParseDate(ifModifiedSince) is { } since
                ? new JobCondition(IfModifiedSince: since)
                : FerryErrors.Invalid("If-Modified-Since", $"If-Modified-Since '{ifModifiedSince}' is not an RFC 1123 date.");
        }

        if (ifUnmodifiedSince is not null)
        {
            return ParseDate(ifUnmodifiedSince) is { } until
                ? new JobCondition(IfUnmodifiedSince: until)
                : FerryErrors.Invalid("If-Unmodified-Since", $"If-Unmodified-Since '{ifUnmodifiedSince}' is not an RFC 1123 date.");
        }

        return new JobCondition(IfMatch: ifMatch, IfNoneMatch: ifNoneMatch);
    }

    private static string? Value(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString().Trim() : null;

    private static DateTimeOffset? ParseDate(string value) =>
        DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;
}
