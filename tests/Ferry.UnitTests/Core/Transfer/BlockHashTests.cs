using System.Security.Cryptography;
using Ferry.Core.Transfer;

namespace Ferry.UnitTests.Core.Transfer;

/// <summary>The check of a block's MD5 against the manifest's hex hash, before the block is sent.</summary>
public sealed class BlockHashTests
{
    private static readonly byte[] _md5 = MD5.HashData("block"u8);

    [Fact]
    public void The_manifest_hash_matches_in_either_case()
    {
        Assert.True(ImportTransfer.HashMatches(_md5, Convert.ToHexString(_md5)));
        Assert.True(ImportTransfer.HashMatches(_md5, Convert.ToHexString(_md5).ToLowerInvariant()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00112233445566778899AABBCCDDEEFF")]
    [InlineData("not hex at all, but 32 chars!!!!")]
    [InlineData("00112233445566778899AABBCCDDEE")]
    public void Any_other_hash_does_not(string? expected) => Assert.False(ImportTransfer.HashMatches(_md5, expected));

    [Fact]
    public void One_flipped_bit_does_not()
    {
        var hex = Convert.ToHexString(_md5);
        var flipped = (hex[0] == '0' ? '1' : '0') + hex[1..];
        Assert.False(ImportTransfer.HashMatches(_md5, flipped));
    }
}
