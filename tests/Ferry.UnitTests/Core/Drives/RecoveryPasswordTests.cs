using System.Globalization;
using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary><see cref="RecoveryPassword"/>: BitLocker recovery passwords.</summary>
public sealed class RecoveryPasswordTests
{
    [Fact]
    public void Generated_passwords_are_well_formed_groups_of_multiples_of_11_and_distinct()
    {
        var passwords = Enumerable.Range(0, 500).Select(_ => RecoveryPassword.Generate()).ToList();

        Assert.All(passwords, p =>
        {
            Assert.True(RecoveryPassword.IsWellFormed(p), p);
            Assert.Matches("^[0-9]{6}(-[0-9]{6}){7}$", p);
            Assert.All(p.Split('-').Select(g => int.Parse(g, CultureInfo.InvariantCulture)), n =>
            {
                Assert.Equal(0, n % 11);
                Assert.InRange(n, 0, 720895);
            });
        });
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }

    [Theory]
    [InlineData("238810-662376-448998-450120-652806-203390-606320-483076")]
    [InlineData("000000-000000-000000-000000-000000-000000-000000-000000")]
    [InlineData("720885-720885-720885-720885-720885-720885-720885-720885")]
    public void The_documented_example_and_the_extremes_are_well_formed(string password) =>
        Assert.True(RecoveryPassword.IsWellFormed(password));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("238810-662376-448998-450120-652806-203390-606320")]
    [InlineData("238810-662376-448998-450120-652806-203390-606320-483076-000000")]
    [InlineData("238810 662376 448998 450120 652806 203390 606320 483076")]
    [InlineData("238810_662376-448998-450120-652806-203390-606320-483076")]
    [InlineData(" 238810-662376-448998-450120-652806-203390-606320-48307")]
    [InlineData("238810-662376-448998-450120-652806-203390-606320-48307a")]
    [InlineData("238811-662376-448998-450120-652806-203390-606320-483076")]
    [InlineData("720896-662376-448998-450120-652806-203390-606320-483076")]
    [InlineData("999999-662376-448998-450120-652806-203390-606320-483076")]
    [InlineData("２３８８１０-662376-448998-450120-652806-203390-606320-483076")]
    public void Wrong_shapes_non_multiples_of_11_and_too_large_groups_are_not_well_formed(string? password) =>
        Assert.False(RecoveryPassword.IsWellFormed(password));
}
