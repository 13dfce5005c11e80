using Ferry.Cli.Commands;

namespace Ferry.UnitTests.Cli;

/// <summary>The duration syntax of <c>--timeout</c>, <c>--interval</c>, <c>--step-delay</c> and <c>--lifetime</c>.</summary>
public sealed class DurationsTests
{
    [Theory]
    [InlineData("90", 90_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("500ms", 500)]
    [InlineData("10m", 600_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("7d", 604_800_000)]
    [InlineData("00:00:05", 5_000)]
    public void Durations_accept_seconds_units_and_time_spans(string text, int milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("5 parsecs")]
    public void Other_text_is_not_a_duration(string text) => Assert.False(Durations.TryParse(text, out _));
}
