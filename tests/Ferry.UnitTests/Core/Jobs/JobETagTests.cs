using Ferry.Core.Jobs;

namespace Ferry.UnitTests.Core.Jobs;

/// <summary>The ETag and Last-Modified forms of docs/classic-api.md §2.9, and the modification instants behind them.</summary>
public sealed class JobETagTests
{
    private static readonly DateTimeOffset _documented = new DateTimeOffset(2014, 4, 30, 0, 23, 52, TimeSpan.Zero).AddTicks(6173161);

    [Fact]
    public void ETag_has_the_documented_weak_Azure_Table_form() =>
        Assert.Equal("W/\"datetime'2014-04-30T00%3A23%3A52.6173161Z'\"", JobETag.Format(_documented));

    [Fact]
    public void ETag_always_has_seven_fractional_digits() =>
        Assert.Equal("W/\"datetime'2014-04-30T00%3A23%3A52.0000000Z'\"", JobETag.Format(new DateTimeOffset(2014, 4, 30, 0, 23, 52, TimeSpan.Zero)));

    [Fact]
    public void ETag_is_written_in_UTC_whatever_the_offset_of_the_instant() =>
        Assert.Equal(JobETag.Format(_documented), JobETag.Format(_documented.ToOffset(TimeSpan.FromHours(-7))));

    [Fact]
    public void ETags_of_instants_one_tick_apart_differ() =>
        Assert.NotEqual(JobETag.Format(_documented), JobETag.Format(_documented.AddTicks(1)));

    [Fact]
    public void Last_Modified_is_RFC_1123_at_second_precision() =>
        Assert.Equal("Wed, 30 Apr 2014 00:23:52 GMT", JobETag.FormatLastModified(_documented));

    [Fact]
    public void Last_Modified_is_written_in_GMT_whatever_the_offset_of_the_instant() =>
        Assert.Equal("Wed, 30 Apr 2014 00:23:52 GMT", JobETag.FormatLastModified(_documented.ToOffset(TimeSpan.FromHours(9))));

    [Fact]
    public void Next_without_a_previous_instant_is_now() =>
        Assert.Equal(_documented, JobETag.Next(_documented, previous: null));

    [Fact]
    public void Next_is_now_when_the_clock_moved_past_the_previous_instant() =>
        Assert.Equal(_documented, JobETag.Next(_documented, _documented.AddTicks(-1)));

    [Fact]
    public void Next_is_one_tick_after_the_previous_instant_when_the_clock_did_not_move() =>
        Assert.Equal(_documented.AddTicks(1), JobETag.Next(_documented, _documented));

    [Fact]
    public void Next_is_one_tick_after_the_previous_instant_when_the_clock_went_back() =>
        Assert.Equal(_documented.AddTicks(1), JobETag.Next(_documented.AddMinutes(-5), _documented));

    [Fact]
    public void Next_is_strictly_increasing_under_a_frozen_clock_and_every_step_yields_a_new_ETag()
    {
        var previous = JobETag.Next(_documented, null);
        var seen = new HashSet<string> { JobETag.Format(previous) };
        for (var i = 0; i < 1000; i++)
        {
            var next = JobETag.Next(_documented, previous);
            Assert.True(next > previous, $"step {i}: {next:O} is not after {previous:O}");
            Assert.True(seen.Add(JobETag.Format(next)), $"step {i}: ETag repeated");
            previous = next;
        }
    }
}
