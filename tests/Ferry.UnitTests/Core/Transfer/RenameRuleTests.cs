using Ferry.Core.Transfer;

namespace Ferry.UnitTests.Core.Transfer;

/// <summary>The disposition rename rule of docs/formats.md §6.</summary>
public sealed class RenameRuleTests
{
    [Theory]
    [InlineData("photo", 2, "photo (2)")]
    [InlineData("Seattle.jpg", 2, "Seattle (2).jpg")]
    [InlineData("a.tar.gz", 3, "a.tar (3).gz")]
    [InlineData("dir.v1/file", 2, "dir.v1/file (2)")]
    [InlineData("dir.v1/sub/pic.png", 10, "dir.v1/sub/pic (10).png")]
    public void The_number_goes_before_the_last_dot_of_the_last_segment(string name, int n, string expected) =>
        Assert.Equal(expected, RenameRule.Candidate(name, n));

    [Fact]
    public void Numbering_starts_at_two() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RenameRule.Candidate("photo", 1));
}
