using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary><see cref="ImportDispositions"/>: the case-sensitive wire form of docs/formats.md §6.</summary>
public sealed class ImportDispositionsTests
{
    [Theory]
    [InlineData(ImportDisposition.Rename, "rename")]
    [InlineData(ImportDisposition.NoOverwrite, "no-overwrite")]
    [InlineData(ImportDisposition.Overwrite, "overwrite")]
    public void Each_disposition_round_trips_through_its_wire_form(ImportDisposition disposition, string wire)
    {
        Assert.Equal(wire, ImportDispositions.ToWire(disposition));
        Assert.True(ImportDispositions.TryParse(wire, out var parsed));
        Assert.Equal(disposition, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Rename")]
    [InlineData("OVERWRITE")]
    [InlineData("no_overwrite")]
    [InlineData("nooverwrite")]
    [InlineData(" rename")]
    public void Other_spellings_do_not_parse(string? wire)
    {
        Assert.False(ImportDispositions.TryParse(wire, out var parsed));
        Assert.Equal(default, parsed);
    }

    [Fact]
    public void An_undefined_value_has_no_wire_form() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ImportDispositions.ToWire((ImportDisposition)0));
}
