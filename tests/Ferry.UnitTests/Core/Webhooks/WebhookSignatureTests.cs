using System.Text;
using Ferry.Core.Webhooks;

namespace Ferry.UnitTests.Core.Webhooks;

/// <summary><see cref="WebhookSignature"/>: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of the raw body.</summary>
public sealed class WebhookSignatureTests
{
    // The HMAC-SHA256 example of RFC 4231 test case 2 (key "Jefe").
    private const string Rfc4231Body = "what do ya want for nothing?";
    private const string Rfc4231Mac = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    [Fact]
    public void The_header_is_sha256_and_the_lowercase_hex_HMAC_keyed_with_the_secrets_UTF8_bytes() =>
        Assert.Equal("sha256=" + Rfc4231Mac, WebhookSignature.Sign("Jefe", Encoding.UTF8.GetBytes(Rfc4231Body)));

    [Fact]
    public void Verify_accepts_the_signature_and_refuses_another_body_another_secret_or_none()
    {
        var body = Encoding.UTF8.GetBytes(Rfc4231Body);
        var header = "sha256=" + Rfc4231Mac;

        Assert.True(WebhookSignature.Verify("Jefe", body, header));
        Assert.False(WebhookSignature.Verify("Jefe", Encoding.UTF8.GetBytes(Rfc4231Body + " "), header));
        Assert.False(WebhookSignature.Verify("jefe", body, header));
        Assert.False(WebhookSignature.Verify("Jefe", body, header.ToUpperInvariant()));
        Assert.False(WebhookSignature.Verify("Jefe", body, null));
    }
}
