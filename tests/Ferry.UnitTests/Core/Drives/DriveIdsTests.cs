using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary><see cref="DriveIds"/>: ids of folder drives.</summary>
public sealed class DriveIdsTests
{
    [Fact]
    public void Generated_ids_are_8_uppercase_letters_or_digits_valid_and_distinct()
    {
        var ids = Enumerable.Range(0, 500).Select(_ => DriveIds.Generate()).ToList();

        Assert.All(ids, id =>
        {
            Assert.Matches("^[A-Z0-9]{8}$", id);
            Assert.True(DriveIds.IsValid(id));
        });
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("9WM35C2V", true)]
    [InlineData("WD-WCAV5F123456_2", true)]
    [InlineData("a", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("dots.not.allowed", false)]
    [InlineData("slash/no", false)]
    [InlineData("ÄÖÜ", false)]
    public void IsValid_accepts_letters_digits_dash_and_underscore(string? id, bool valid) =>
        Assert.Equal(valid, DriveIds.IsValid(id));

    [Fact]
    public void IsValid_allows_up_to_64_characters()
    {
        Assert.True(DriveIds.IsValid(new string('A', 64)));
        Assert.False(DriveIds.IsValid(new string('A', 65)));
    }
}
