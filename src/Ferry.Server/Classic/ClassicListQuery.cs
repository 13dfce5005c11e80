using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;

namespace Ferry.Server.Classic;

/// <summary>
/// The List Jobs query (docs/classic-api.md §3.8): filters, <c>$top</c>/<c>top</c>, and the keyset <c>$skiptoken</c>.
/// </summary>
internal sealed record ClassicListQuery(
    JobType? Type,
    DateTimeOffset? From,
    DateTimeOffset? To,
    IReadOnlyCollection<JobState>? States,
    string? AfterNameKey,
    int? Top,
    int PageSize,
    IReadOnlyList<KeyValuePair<string, string>> Carried)
{
    private const string TokenPrefix = "k1:";

    public static Result<ClassicListQuery> Parse(IQueryCollection query, int maxPageSize)
    {
        var carried = new List<KeyValuePair<string, string>>();
        string? Carry(string name)
        {
            var value = query[name].FirstOrDefault();
            if (value is not null)
            {
                carried.Add(new(name, value));
            }

            return value;
        }

        JobType? type = null;
        if (Carry("type") is { } typeText)
        {
            if (!typeText.Equals("import", StringComparison.OrdinalIgnoreCase) && !typeText.Equals("export", StringComparison.OrdinalIgnoreCase))
            {
                return FerryErrors.Invalid("type", $"Query parameter 'type' must be import or export, not '{typeText}'.");
            }

            type = typeText.Equals("import", StringComparison.OrdinalIgnoreCase) ? JobType.Import : JobType.Export;
        }

        var from = Date(Carry("from"), "from");
        var to = Date(Carry("to"), "to");
        if ((from.Error ?? to.Error) is { } dateError)
        {
            return dateError;
        }

        List<JobState>? states = null;
        if (Carry("states") is { } statesText)
        {
            states = [];
            foreach (var name in statesText.Split(','))
            {
                if (!Enum.TryParse<JobState>(name, ignoreCase: false, out var state) || !Enum.IsDefined(state) || name != state.ToString())
                {
                    return FerryErrors.Invalid("states", $"Query parameter 'states' has an unknown state '{name}' (states are case-sensitive, comma-separated, without spaces).");
                }

                states.Add(state);
            }
        }

        Carry("$format");
        int? top = null;
        var topText = query["$top"].FirstOrDefault() ?? query["top"].FirstOrDefault();
        if (topText is not null)
        {
            if (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedTop))
            {
                return FerryErrors.Invalid("$top", $"Query parameter '$top' must be a non-negative integer, not '{topText}'.");
            }

            top = parsedTop;
        }

        string? after = null;
        if (query["$skiptoken"].FirstOrDefault() is { } token)
        {
            after = DecodeToken(token);
            if (after is null)
            {
                return FerryErrors.Invalid("$skiptoken", "Query parameter '$skiptoken' is not a token this service issued.");
            }
        }

        return new ClassicListQuery(type, from.Value, to.Value, states, after, top, Math.Min(top ?? maxPageSize, maxPageSize), carried);
    }

    /// <summary>The absolute next link after a page that ended at <paramref name="lastNameKey"/>.</summary>
    public string NextLink(string listUrl, string lastNameKey, int returned)
    {
        var builder = new StringBuilder(listUrl).Append('?');
        foreach (var (name, value) in Carried)
        {
            builder.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value)).Append('&');
        }

        builder.Append("$skiptoken=").Append(EncodeToken(lastNameKey));
        if (Top is { } top)
        {
            builder.Append("&$top=").Append((top - returned).ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static string EncodeToken(string nameKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(TokenPrefix + nameKey));

    private static string? DecodeToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return text.StartsWith(TokenPrefix, StringComparison.Ordinal) && text.Length > TokenPrefix.Length ? text[TokenPrefix.Length..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static Result<DateTimeOffset?> Date(string? text, string name)
    {
        if (text is null)
        {
            return Result<DateTimeOffset?>.FromValue(null);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : FerryErrors.Invalid(name, $"Query parameter '{name}' must be a UTC date and time such as 2013-09-01T00:00:00.0000000Z, not '{text}'.");
    }
}
