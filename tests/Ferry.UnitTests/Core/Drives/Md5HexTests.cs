using System.Text;
using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary><see cref="Md5Hex"/>: MD5 as the drive formats write it.</summary>
public sealed class Md5HexTests
{
    [Theory]
    [InlineData("", "D41D8CD98F00B204E9800998ECF8427E")]
    [InlineData("The quick brown fox jumps over the lazy dog", "9E107D9D372BB6826BD81D3542A419D6")]
    public void Of_gives_the_uppercase_hex_MD5_of_RFC_1321_vectors(string text, string expected) =>
        Assert.Equal(expected, Md5Hex.Of(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void ToHex_formats_16_bytes_and_refuses_other_lengths()
    {
        Assert.Equal("000102030405060708090A0B0C0D0E0F", Md5Hex.ToHex([.. Enumerable.Range(0, 16).Select(i => (byte)i)]));
        Assert.Throws<ArgumentException>(() => Md5Hex.ToHex(new byte[20]));
    }
}
