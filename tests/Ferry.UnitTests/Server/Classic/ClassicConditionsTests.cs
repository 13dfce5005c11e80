using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Ferry.Server.Classic;
using Microsoft.AspNetCore.Http;

namespace Ferry.UnitTests.Server.Classic;

/// <summary>The conditional-header combination rules of docs/classic-api.md §2.9 and their parsing.</summary>
public sealed class ClassicConditionsTests
{
    private const string ETag = "W/\"datetime'2014-04-30T00%3A23%3A52.6173161Z'\"";
    private const string Date = "Wed, 30 Apr 2014 00:23:52 GMT";
    private static readonly DateTimeOffset _date = new(2014, 4, 30, 0, 23, 52, TimeSpan.Zero);

    private static Result<JobCondition> Read(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return ClassicConditions.Read(dictionary);
    }

    [Fact]
    public void No_conditional_header_gives_no_condition()
    {
        var result = Read();
        Assert.Null(result.Error);
        Assert.Equal(JobCondition.None, result.Value);
    }

    [Fact]
    public void If_Match_alone_is_kept() => Assert.Equal(new JobCondition(IfMatch: ETag), Read(("If-Match", ETag)).Value);

    [Fact]
    public void If_Match_star_is_kept() => Assert.Equal(new JobCondition(IfMatch: "*"), Read(("If-Match", "*")).Value);

    [Fact]
    public void If_None_Match_alone_is_kept() => Assert.Equal(new JobCondition(IfNoneMatch: ETag), Read(("If-None-Match", ETag)).Value);

    [Fact]
    public void If_Modified_Since_alone_is_parsed_as_RFC_1123() =>
        Assert.Equal(new JobCondition(IfModifiedSince: _date), Read(("If-Modified-Since", Date)).Value);

    [Fact]
    public void If_Unmodified_Since_alone_is_parsed_as_RFC_1123() =>
        Assert.Equal(new JobCondition(IfUnmodifiedSince: _date), Read(("If-Unmodified-Since", Date)).Value);

    [Fact]
    public void Header_values_are_trimmed() => Assert.Equal(new JobCondition(IfMatch: ETag), Read(("If-Match", "  " + ETag + " ")).Value);

    [Fact]
    public void If_None_Match_with_If_Modified_Since_evaluates_only_If_None_Match() =>
        Assert.Equal(new JobCondition(IfNoneMatch: ETag), Read(("If-None-Match", ETag), ("If-Modified-Since", Date)).Value);

    [Fact]
    public void If_Match_with_If_Unmodified_Since_evaluates_only_If_Match() =>
        Assert.Equal(new JobCondition(IfMatch: ETag), Read(("If-Match", ETag), ("If-Unmodified-Since", Date)).Value);

    [Fact]
    public void An_ignored_date_is_not_parsed_so_it_cannot_fail_the_request() =>
        Assert.Equal(new JobCondition(IfNoneMatch: "*"), Read(("If-None-Match", "*"), ("If-Modified-Since", "yesterday")).Value);

    [Theory]
    [InlineData("If-Match", "If-None-Match")]
    [InlineData("If-Match", "If-Modified-Since")]
    [InlineData("If-None-Match", "If-Unmodified-Since")]
    [InlineData("If-Modified-Since", "If-Unmodified-Since")]
    public void Any_other_pair_is_a_400(string first, string second)
    {
        var error = Read((first, Value(first)), (second, Value(second))).Error;
        Assert.NotNull(error);
        Assert.Same(FerryErrors.BadRequest, error.Kind);
    }

    [Theory]
    [InlineData("If-Match", "If-Unmodified-Since", "If-None-Match")]
    [InlineData("If-None-Match", "If-Modified-Since", "If-Match")]
    [InlineData("If-Match", "If-Unmodified-Since", "If-Modified-Since")]
    [InlineData("If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since")]
    public void Three_or_four_headers_are_a_400_even_when_they_contain_an_allowed_pair(params string[] names)
    {
        var error = Read([.. names.Select(n => (n, Value(n)))]).Error;
        Assert.NotNull(error);
        Assert.Same(FerryErrors.BadRequest, error.Kind);
    }

    [Theory]
    [InlineData("If-Modified-Since", "yesterday")]
    [InlineData("If-Modified-Since", "2014-04-30T00:23:52Z")]
    [InlineData("If-Unmodified-Since", "30 Apr 2014")]
    [InlineData("If-Unmodified-Since", "Wed, 30 Apr 2014 00:23:52")]
    public void An_unparsable_date_is_a_400_naming_its_header(string name, string value)
    {
        var error = Read((name, value)).Error;
        Assert.NotNull(error);
        Assert.Same(FerryErrors.BadRequest, error.Kind);
        Assert.Equal(name, error.Target);
    }

    private static string Value(string header) => header.EndsWith("Since", StringComparison.Ordinal) ? Date : ETag;
}
