using System.Text;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Ferry.Server.Classic;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Ferry.UnitTests.Server.Classic;

/// <summary>The List Jobs query of docs/classic-api.md §3.8 (docs/decisions.md D3, D12, D25): filters, $top, $skiptoken and the next link.</summary>
public sealed class ClassicListQueryTests
{
    private const string ListUrl = "https://localhost:8443/8f1c5b0e-1a2b-4c3d-9e8f-0a1b2c3d4e5f/services/importexport/storageaccounts/xttest/jobs";

    /// <summary>Parses a query string the way ASP.NET Core does for a request (names case-insensitive, values decoded).</summary>
    private static Result<ClassicListQuery> Parse(string queryString, int maxPageSize = 1000) =>
        ClassicListQuery.Parse(new QueryCollection(QueryHelpers.ParseQuery(queryString)), maxPageSize);

    private static ClassicListQuery Parsed(string queryString, int maxPageSize = 1000)
    {
        var result = Parse(queryString, maxPageSize);
        Assert.Null(result.Error);
        return result.Value!;
    }

    private static void AssertBadRequest(string queryString, string target)
    {
        var error = Parse(queryString).Error;
        Assert.NotNull(error);
        Assert.Same(FerryErrors.BadRequest, error.Kind);
        Assert.Equal(target, error.Target);
    }

    private static string QueryOf(string link) => new Uri(link).Query;

    [Fact]
    public void An_empty_query_lists_everything_in_pages_of_the_maximum_size()
    {
        var query = Parsed("", maxPageSize: 1000);
        Assert.Null(query.Type);
        Assert.Null(query.From);
        Assert.Null(query.To);
        Assert.Null(query.States);
        Assert.Null(query.AfterNameKey);
        Assert.Null(query.Top);
        Assert.Equal(1000, query.PageSize);
    }

    [Theory]
    [InlineData("import", JobType.Import)]
    [InlineData("Import", JobType.Import)]
    [InlineData("EXPORT", JobType.Export)]
    [InlineData("export", JobType.Export)]
    public void Type_is_matched_case_insensitively(string value, JobType expected) =>
        Assert.Equal(expected, Parsed("?type=" + value).Type);

    [Theory]
    [InlineData("both")]
    [InlineData("")]
    [InlineData("1")]
    public void Another_type_is_a_400(string value) => AssertBadRequest("?type=" + value, "type");

    [Fact]
    public void Parameter_names_are_matched_case_insensitively() =>
        Assert.Equal(JobType.Export, Parsed("?TYPE=export").Type);

    [Fact]
    public void From_and_to_are_parsed_as_UTC_instants()
    {
        var query = Parsed("?from=2013-09-01T00:00:00.0000000Z&to=2013-10-01T12:30:00.0000000Z");
        Assert.Equal(new DateTimeOffset(2013, 9, 1, 0, 0, 0, TimeSpan.Zero), query.From);
        Assert.Equal(new DateTimeOffset(2013, 10, 1, 12, 30, 0, TimeSpan.Zero), query.To);
    }

    [Theory]
    [InlineData("from")]
    [InlineData("to")]
    public void An_unparsable_date_is_a_400_naming_its_parameter(string name) => AssertBadRequest($"?{name}=yesterday", name);

    [Fact]
    public void States_are_a_comma_separated_list_of_exact_state_names() =>
        Assert.Equal(new[] { JobState.Creating, JobState.Shipping, JobState.Canceled }, Parsed("?states=Creating,Shipping,Canceled").States);

    [Fact]
    public void Every_job_state_is_accepted_by_the_states_filter() =>
        Assert.Equal(Enum.GetValues<JobState>(), Parsed("?states=" + string.Join(',', Enum.GetNames<JobState>())).States);

    [Theory]
    [InlineData("creating")]
    [InlineData("SHIPPING")]
    [InlineData("Creating, Shipping")]
    [InlineData("Creating,,Shipping")]
    [InlineData("Creating,")]
    [InlineData("Faulted")]
    [InlineData("1")]
    [InlineData("0")]
    public void A_state_in_the_wrong_case_or_otherwise_unknown_is_a_400(string states) =>
        AssertBadRequest("?states=" + Uri.EscapeDataString(states), "states");

    [Theory]
    [InlineData("?$top=5")]
    [InlineData("?top=5")]
    public void Both_spellings_of_top_limit_the_page(string queryString)
    {
        var query = Parsed(queryString);
        Assert.Equal(5, query.Top);
        Assert.Equal(5, query.PageSize);
    }

    [Fact]
    public void A_top_above_the_maximum_page_size_still_caps_the_total_but_not_the_page()
    {
        var query = Parsed("?$top=5000", maxPageSize: 1000);
        Assert.Equal(5000, query.Top);
        Assert.Equal(1000, query.PageSize);
    }

    [Fact]
    public void A_top_of_zero_asks_for_no_jobs()
    {
        var query = Parsed("?$top=0");
        Assert.Equal(0, query.Top);
        Assert.Equal(0, query.PageSize);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("five")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public void A_top_that_is_not_a_non_negative_integer_is_a_400(string top) =>
        AssertBadRequest("?$top=" + Uri.EscapeDataString(top), "$top");

    [Theory]
    [InlineData("MYSAMPLEJOB")]
    [InlineData("AM2_TEST_20140429_EXPORT")]
    [InlineData("J-")]
    [InlineData("A?>~")]
    public void The_skiptoken_of_a_next_link_continues_after_the_last_name_key(string lastNameKey)
    {
        var link = Parsed("").NextLink(ListUrl, lastNameKey, returned: 1000);
        Assert.Equal(lastNameKey, Parsed(QueryOf(link)).AfterNameKey);
    }

    [Fact]
    public void A_skiptoken_is_url_safe_without_escaping()
    {
        var link = Parsed("").NextLink(ListUrl, "A?>~ÿ", returned: 1);
        var token = QueryHelpers.ParseQuery(QueryOf(link))["$skiptoken"].ToString();
        Assert.Matches("^[A-Za-z0-9_-]+$", token);
        Assert.Contains("$skiptoken=" + token, link, StringComparison.Ordinal);
    }

    public static TheoryData<string> InvalidTokens() =>
    [
        "not a token!",
        "%%%",
        "",
        Convert.ToBase64String(Encoding.UTF8.GetBytes("MYSAMPLEJOB")),
        Encode("k2:MYSAMPLEJOB"),
        Encode("k1:"),
    ];

    private static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Theory]
    [MemberData(nameof(InvalidTokens))]
    public void A_skiptoken_this_service_did_not_issue_is_a_400(string token) =>
        AssertBadRequest("?$skiptoken=" + Uri.EscapeDataString(token), "$skiptoken");

    [Fact]
    public void The_next_link_is_an_absolute_url_of_the_same_list_path() =>
        Assert.StartsWith(ListUrl + "?", Parsed("").NextLink(ListUrl, "MYSAMPLEJOB", returned: 1000), StringComparison.Ordinal);

    [Fact]
    public void The_next_link_repeats_the_filters_and_format_as_given_and_drops_unknown_parameters()
    {
        var query = Parsed("?type=Import&from=2013-09-01T00:00:00.0000000Z&to=2013-10-01T00:00:00.0000000Z&states=Creating,Shipping&$format=json&timeout=3600");
        var next = QueryHelpers.ParseQuery(QueryOf(query.NextLink(ListUrl, "MYSAMPLEJOB", returned: 1000)));

        Assert.Equal("Import", next["type"].ToString());
        Assert.Equal("2013-09-01T00:00:00.0000000Z", next["from"].ToString());
        Assert.Equal("2013-10-01T00:00:00.0000000Z", next["to"].ToString());
        Assert.Equal("Creating,Shipping", next["states"].ToString());
        Assert.Equal("json", next["$format"].ToString());
        Assert.False(next.ContainsKey("timeout"));
        Assert.False(next.ContainsKey("$top"));
    }

    [Fact]
    public void The_next_link_parses_back_to_the_same_filters()
    {
        var query = Parsed("?type=export&states=Completed&from=2013-09-01T00:00:00.0000000Z");
        var next = Parsed(QueryOf(query.NextLink(ListUrl, "MYSAMPLEJOB", returned: 1000)));
        Assert.Equal(query.Type, next.Type);
        Assert.Equal(query.States, next.States);
        Assert.Equal(query.From, next.From);
        Assert.Equal("MYSAMPLEJOB", next.AfterNameKey);
    }

    [Theory]
    [InlineData("?$top=2500", 1000, 1500)]
    [InlineData("?top=10", 3, 7)]
    public void The_next_link_carries_the_remaining_top_budget(string queryString, int returned, int remaining)
    {
        var next = QueryHelpers.ParseQuery(QueryOf(Parsed(queryString).NextLink(ListUrl, "MYSAMPLEJOB", returned)));
        Assert.Equal(remaining.ToString(System.Globalization.CultureInfo.InvariantCulture), next["$top"].ToString());
        Assert.False(next.ContainsKey("top"));
    }
}
