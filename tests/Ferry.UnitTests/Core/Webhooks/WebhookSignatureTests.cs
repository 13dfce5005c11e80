using System.Text;
using Ferry.Core.Webhooks;

namespace Ferry.UnitTests.Core.Webhooks;

/// <summary><see cref="WebhookSignature"/>: the <c>X-Ferry-Signature-256</c> header of docs/operator-api.md §3.</summary>
public sealed class WebhookSignatureTests
{
    private static readonly byte[] _body = Encoding.UTF8.GetBytes("""{"id":"e1","type":"job.stateChanged"}""");

    [Fact]
    public void Sign_gives_sha256_and_the_lowercase_hex_HMAC_SHA256_of_the_body_keyed_with_the_secrets_UTF8_bytes()
    {
        // RFC 4231, test case 2.
        var header = WebhookSignature.Sign("Jefe", Encoding.ASCII.GetBytes("what do ya want for nothing?"));

        Assert.Equal("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", header);
    }

    [Fact]
    public void A_non_ASCII_secret_is_keyed_with_its_UTF8_bytes()
    {
        var fromString = WebhookSignature.Sign("clé", _body);
        var fromBytes = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes("clé"), _body));

        Assert.Equal(fromBytes, fromString);
    }

    [Fact]
    public void Verify_accepts_the_signature_Sign_produced()
    {
        Assert.True(WebhookSignature.Verify("s3cret", _body, WebhookSignature.Sign("s3cret", _body)));
    }

    [Fact]
    public void Verify_refuses_another_body_another_secret_a_truncated_or_missing_header()
    {
        var header = WebhookSignature.Sign("s3cret", _body);
        var tampered = _body.ToArray();
        tampered[^2] ^= 1;

        Assert.False(WebhookSignature.Verify("s3cret", tampered, header));
        Assert.False(WebhookSignature.Verify("other", _body, header));
        Assert.False(WebhookSignature.Verify("s3cret", _body, header[..^1]));
        Assert.False(WebhookSignature.Verify("s3cret", _body, header.ToUpperInvariant()));
        Assert.False(WebhookSignature.Verify("s3cret", _body, null));
    }
}
