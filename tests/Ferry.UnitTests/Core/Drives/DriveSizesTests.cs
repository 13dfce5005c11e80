using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary><see cref="DriveSizes.TryParse"/>: decimal units are powers of 1000 (docs/formats.md §7.2), binary units powers of 1024.</summary>
public sealed class DriveSizesTests
{
    [Theory]
    [InlineData("500GB", 500_000_000_000L)]
    [InlineData("1.5TB", 1_500_000_000_000L)]
    [InlineData("2GiB", 2L * 1024 * 1024 * 1024)]
    [InlineData("100MB", 100_000_000L)]
    [InlineData("100 mb", 100_000_000L)]
    [InlineData("64KiB", 65_536L)]
    [InlineData("0.5KB", 500L)]
    [InlineData("4096", 4096L)]
    [InlineData("4096B", 4096L)]
    [InlineData("1PB", 1_000_000_000_000_000L)]
    public void Sizes_parse_to_bytes(string text, long expected)
    {
        Assert.True(DriveSizes.TryParse(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("GB")]
    [InlineData("-1GB")]
    [InlineData("0")]
    [InlineData("1.5B")]
    [InlineData("2XB")]
    [InlineData("1,5GB")]
    [InlineData("1e3")]
    [InlineData("99999999PB")]
    public void Nonsense_zero_fractions_of_a_byte_and_overflow_are_refused(string? text)
    {
        Assert.False(DriveSizes.TryParse(text, out var bytes));
        Assert.Equal(0, bytes);
    }
}
