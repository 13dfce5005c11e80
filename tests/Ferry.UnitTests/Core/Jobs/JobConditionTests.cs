using Ferry.Core.Jobs;

namespace Ferry.UnitTests.Core.Jobs;

/// <summary>Each conditional header met and unmet, against an existing and a missing job (docs/classic-api.md §2.9).</summary>
public sealed class JobConditionTests
{
    // 2014-04-30T00:23:52.6173161Z, the instant of the ETag example in docs/classic-api.md §2.9.
    private static readonly DateTimeOffset _modified = new DateTimeOffset(2014, 4, 30, 0, 23, 52, TimeSpan.Zero).AddTicks(6173161);
    private static readonly DateTimeOffset _sameSecond = new(2014, 4, 30, 0, 23, 52, TimeSpan.Zero);

    private static Job JobModifiedAt(DateTimeOffset instant) => new() { Name = "MySampleJob", LastModifiedAt = instant };

    private static string ETagOf(DateTimeOffset instant) => JobETag.Format(instant);

    [Fact]
    public void No_condition_is_met_by_an_existing_and_by_a_missing_job()
    {
        Assert.True(JobCondition.None.IsMetBy(JobModifiedAt(_modified)));
        Assert.True(JobCondition.None.IsMetBy(null));
    }

    [Fact]
    public void If_Match_with_the_jobs_ETag_is_met() =>
        Assert.True(new JobCondition(IfMatch: ETagOf(_modified)).IsMetBy(JobModifiedAt(_modified)));

    [Fact]
    public void If_Match_with_another_ETag_is_not_met() =>
        Assert.False(new JobCondition(IfMatch: ETagOf(_modified.AddTicks(-1))).IsMetBy(JobModifiedAt(_modified)));

    [Fact]
    public void If_Match_compares_the_full_value_so_an_ETag_without_its_weak_prefix_is_not_met() =>
        Assert.False(new JobCondition(IfMatch: ETagOf(_modified)[2..]).IsMetBy(JobModifiedAt(_modified)));

    [Fact]
    public void If_Match_star_is_met_by_any_existing_job() =>
        Assert.True(new JobCondition(IfMatch: "*").IsMetBy(JobModifiedAt(_modified)));

    [Theory]
    [InlineData("*")]
    [InlineData("W/\"datetime'2014-04-30T00%3A23%3A52.6173161Z'\"")]
    public void If_Match_is_never_met_by_a_missing_job(string ifMatch) =>
        Assert.False(new JobCondition(IfMatch: ifMatch).IsMetBy(null));

    [Fact]
    public void If_None_Match_star_is_not_met_by_an_existing_job() =>
        Assert.False(new JobCondition(IfNoneMatch: "*").IsMetBy(JobModifiedAt(_modified)));

    [Fact]
    public void If_None_Match_star_is_met_by_a_missing_job() =>
        Assert.True(new JobCondition(IfNoneMatch: "*").IsMetBy(null));

    [Fact]
    public void If_None_Match_with_the_jobs_ETag_is_not_met() =>
        Assert.False(new JobCondition(IfNoneMatch: ETagOf(_modified)).IsMetBy(JobModifiedAt(_modified)));

    [Fact]
    public void If_None_Match_with_another_ETag_is_met() =>
        Assert.True(new JobCondition(IfNoneMatch: ETagOf(_modified.AddTicks(1))).IsMetBy(JobModifiedAt(_modified)));

    [Fact]
    public void If_None_Match_with_an_ETag_is_met_by_a_missing_job() =>
        Assert.True(new JobCondition(IfNoneMatch: ETagOf(_modified)).IsMetBy(null));

    [Fact]
    public void If_Modified_Since_an_earlier_second_is_met() =>
        Assert.True(new JobCondition(IfModifiedSince: _sameSecond.AddSeconds(-1)).IsMetBy(JobModifiedAt(_modified)));

    [Fact]
    public void If_Modified_Since_the_same_second_is_not_met_although_the_job_changed_a_fraction_later() =>
        Assert.False(new JobCondition(IfModifiedSince: _sameSecond).IsMetBy(JobModifiedAt(_modified)));

    [Fact]
    public void If_Modified_Since_a_later_second_is_not_met() =>
        Assert.False(new JobCondition(IfModifiedSince: _sameSecond.AddSeconds(1)).IsMetBy(JobModifiedAt(_modified)));

    [Fact]
    public void If_Modified_Since_is_met_by_a_missing_job() =>
        Assert.True(new JobCondition(IfModifiedSince: _sameSecond).IsMetBy(null));

    [Fact]
    public void If_Unmodified_Since_the_same_second_is_met_although_the_job_changed_a_fraction_later() =>
        Assert.True(new JobCondition(IfUnmodifiedSince: _sameSecond).IsMetBy(JobModifiedAt(_modified)));

    [Fact]
    public void If_Unmodified_Since_a_later_second_is_met() =>
        Assert.True(new JobCondition(IfUnmodifiedSince: _sameSecond.AddSeconds(1)).IsMetBy(JobModifiedAt(_modified)));

    [Fact]
    public void If_Unmodified_Since_an_earlier_second_is_not_met() =>
        Assert.False(new JobCondition(IfUnmodifiedSince: _sameSecond.AddSeconds(-1)).IsMetBy(JobModifiedAt(_modified)));

    [Fact]
    public void If_Unmodified_Since_is_not_met_by_a_missing_job() =>
        Assert.False(new JobCondition(IfUnmodifiedSince: _sameSecond).IsMetBy(null));

    [Fact]
    public void Dates_compare_as_instants_whatever_their_offset()
    {
        var sameSecondInParis = _sameSecond.ToOffset(TimeSpan.FromHours(2));
        Assert.False(new JobCondition(IfModifiedSince: sameSecondInParis).IsMetBy(JobModifiedAt(_modified)));
        Assert.True(new JobCondition(IfUnmodifiedSince: sameSecondInParis).IsMetBy(JobModifiedAt(_modified)));
        Assert.True(new JobCondition(IfModifiedSince: sameSecondInParis.AddSeconds(-1)).IsMetBy(JobModifiedAt(_modified)));
    }
}
