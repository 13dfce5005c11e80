using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;

namespace Ferry.Server.Arm;

/// <summary>
/// <c>$top</c>, <c>$filter</c> and <c>$skiptoken</c> of the two job lists (docs/arm-api.md §7, docs/decisions.md D25, D26), and the
/// <c>nextLink</c> that continues them. The skip token is the last (resource group, name) key of the previous page,
/// base64url-encoded; it is opaque to clients.
/// </summary>
internal sealed partial record ArmListQuery
{
    public const int MaxTop = 100;

    /// <summary>The remaining <c>$top</c> budget, or null for no cap.</summary>
    public int? Top { get; init; }

    /// <summary>The raw <c>$filter</c>, carried into next links.</summary>
    public string? FilterText { get; init; }

    public IReadOnlyCollection<JobState>? States { get; init; }

    public JobType? Type { get; init; }

    public string? NameKey { get; init; }

    /// <summary>A location as given in the filter (resolved against the catalogue by the endpoint).</summary>
    public string? Location { get; init; }

    /// <summary>True when the filter can match nothing (e.g. <c>state eq 'Canceled'</c>, docs/decisions.md D8, or contradicting clauses).</summary>
    public bool MatchesNothing { get; init; }

    public string? AfterResourceGroupKey { get; init; }

    public string? AfterNameKey { get; init; }

    public static Result<ArmListQuery> Parse(IQueryCollection query)
    {
        var parsed = new ArmListQuery();
        if (First(query, "$top") is { } topText)
        {
            if (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out var top) || top < 1 || top > MaxTop)
            {
                return FerryErrors.Invalid("$top", $"$top must be a whole number from 1 to {MaxTop}, not '{topText}'.");
            }

            parsed = parsed with { Top = top };
        }

        if (First(query, "$filter") is { Length: > 0 } filter)
        {
            var result = ParseFilter(filter, parsed with { FilterText = filter });
            if (result.Error is { } invalid)
            {
                return invalid;
            }

            parsed = result.Value!;
        }

        if (First(query, "$skiptoken") is { } token)
        {
            var key = DecodeToken(token);
            if (key is null)
            {
                return FerryErrors.Invalid("$skiptoken", "$skiptoken is not a continuation token this server issued; start the listing again.");
            }

            parsed = parsed with { AfterResourceGroupKey = key.Value.Group, AfterNameKey = key.Value.Name };
        }

        return parsed;
    }

    /// <summary>The absolute next link after <paramref name="last"/>, with <paramref name="returned"/> jobs taken from the budget.</summary>
    public string NextLink(HttpRequest request, string apiVersion, Job last, int returned)
    {
        var link = new StringBuilder();
        link.Append(request.Scheme).Append("://").Append(request.Host.ToUriComponent()).Append(request.PathBase.ToUriComponent()).Append(request.Path.ToUriComponent());
        link.Append("?api-version=").Append(Uri.EscapeDataString(apiVersion));
        link.Append("&$skiptoken=").Append(EncodeToken(last.ResourceGroupKey, last.NameKey));
        if (Top is { } top)
        {
            link.Append("&$top=").Append((top - returned).ToString(CultureInfo.InvariantCulture));
        }

        if (FilterText is { } filter)
        {
            link.Append("&$filter=").Append(Uri.EscapeDataString(filter));
        }

        return link.ToString();
    }

    private static string? First(IQueryCollection query, string name)
    {
        // ARM clients spell the system parameters with '$'; the bare form is accepted too (docs/decisions.md D12).
        if (query.TryGetValue(name, out var value) || query.TryGetValue(name[1..], out value))
        {
            return value.FirstOrDefault();
        }

        return null;
    }

    [GeneratedRegex(@"^\s*(?<field>[A-Za-z]+)\s+eq\s+'(?<value>(?:[^']|'')*)'\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Clause();

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex And();

    private static Result<ArmListQuery> ParseFilter(string filter, ArmListQuery query)
    {
        foreach (var clause in And().Split(filter))
        {
            var match = Clause().Match(clause);
            if (!match.Success)
            {
                return BadFilter($"'{clause.Trim()}' is not a clause of the form <field> eq '<value>'.");
            }

            var value = match.Groups["value"].Value.Replace("''", "'", StringComparison.Ordinal);
            var field = match.Groups["field"].Value.ToUpperInvariant();
            switch (field)
            {
                case "STATE":
                    if (value.Equals("Canceled", StringComparison.OrdinalIgnoreCase))
                    {
                        query = query with { MatchesNothing = true };
                        break;
                    }

                    if (!Enum.TryParse<JobState>(value, ignoreCase: true, out var state) || !Enum.IsDefined(state) || int.TryParse(value, CultureInfo.InvariantCulture, out _))
                    {
                        return BadFilter($"'{value}' is not a job state.");
                    }

                    query = query with
                    {
                        MatchesNothing = query.MatchesNothing || (query.States is { } states && !states.Contains(state)),
                        States = [state],
                    };
                    break;
                case "JOBTYPE":
                    JobType? type = value.ToUpperInvariant() switch { "IMPORT" => JobType.Import, "EXPORT" => JobType.Export, _ => null };
                    if (type is null)
                    {
                        return BadFilter($"'{value}' is not a job type (Import or Export).");
                    }

                    query = query with { MatchesNothing = query.MatchesNothing || (query.Type is { } t && t != type), Type = type };
                    break;
                case "NAME":
                    var key = value.ToUpperInvariant();
                    query = query with { MatchesNothing = query.MatchesNothing || (query.NameKey is { } n && n != key), NameKey = key };
                    break;
                case "LOCATION":
                    query = query with
                    {
                        MatchesNothing = query.MatchesNothing || (query.Location is { } l && !l.Equals(value, StringComparison.OrdinalIgnoreCase)),
                        Location = value,
                    };
                    break;
                default:
                    return BadFilter($"'{match.Groups["field"].Value}' cannot be filtered on; use state, jobType, name or location.");
            }
        }

        return query;
    }

    private static FerryError BadFilter(string why) =>
        FerryErrors.Invalid("$filter", $"$filter is invalid: {why} Clauses are <field> eq '<value>' joined by 'and'.");

    private static string EncodeToken(string group, string name) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(group + "\n" + name));

    private static (string Group, string Name)? DecodeToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var separator = text.IndexOf('\n', StringComparison.Ordinal);
            return separator < 0 || text.Length - separator - 1 is 0 or > 64 || separator > 90 ? null : (text[..separator], text[(separator + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
