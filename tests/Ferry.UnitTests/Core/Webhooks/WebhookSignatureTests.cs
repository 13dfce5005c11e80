using System.Security.Cryptography;
using System.Text;
using Ferry.Core.Webhooks;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Ferry.UnitTests.Core.Webhooks;

/// <summary><see cref="WebhookSignature"/>: the Standard Webhooks headers of docs/operator-api.md §3.</summary>
public sealed class WebhookSignatureTests
{
    private const string Body = """{"specversion":"1.0","id":"e1"}""";

    private static HeaderDictionary Headers(string id, DateTimeOffset at, string signature) => new()
    {
        [WebhookSignature.IdHeader] = id,
        [WebhookSignature.TimestampHeader] = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        [WebhookSignature.SignatureHeader] = signature,
    };

    [Fact]
    public void Sign_is_v1_and_the_base64_HMAC_SHA256_of_id_dot_timestamp_dot_body_keyed_with_the_whsec_bytes()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var secret = "whsec_" + Convert.ToBase64String(key);
        var at = DateTimeOffset.FromUnixTimeSeconds(1_767_603_600);

        var signature = WebhookSignature.Sign(secret, "e1", at, Body);

        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"e1.1767603600.{Body}")));
        Assert.Equal(expected, signature);
    }

    [Fact]
    public void The_library_verifier_accepts_the_signature_and_refuses_another_body_id_time_or_secret()
    {
        var secret = WebhookSignature.NewSecret();
        var now = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        var signature = WebhookSignature.Sign(secret, "e1", now, Body);
        var verifier = new StandardWebhook(secret);

        verifier.Verify(Body, Headers("e1", now, signature));
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(Body + " ", Headers("e1", now, signature)));
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(Body, Headers("e2", now, signature)));
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(Body, Headers("e1", now.AddSeconds(1), signature)));
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(WebhookSignature.NewSecret()).Verify(Body, Headers("e1", now, signature)));
    }

    [Theory]
    [InlineData("s3cret")]
    [InlineData("clé")]
    [InlineData("receiver-secret-registered-before-the-standard")]
    public void A_secret_not_in_whsec_form_keys_with_its_UTF8_bytes_which_is_its_whsec_form_for_the_library(string secret)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        var signature = WebhookSignature.Sign(secret, "e1", now, Body);

        new StandardWebhook(Encoding.UTF8.GetBytes(secret)).Verify(Body, Headers("e1", now, signature));
        new StandardWebhook("whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(secret))).Verify(Body, Headers("e1", now, signature));
    }

    [Fact]
    public void A_new_secret_is_whsec_and_32_random_bytes_in_base64()
    {
        var first = WebhookSignature.NewSecret();

        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", first);
        Assert.Equal(32, Convert.FromBase64String(first[6..]).Length);
        Assert.NotEqual(first, WebhookSignature.NewSecret());
        Assert.Null(WebhookSignature.ProblemOrNull(first));
    }

    [Theory]
    [InlineData("whsec_", false)]
    [InlineData("whsec_not base64!", false)]
    [InlineData("whsec_c2hvcnQ=", false)]
    [InlineData("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", true)]
    [InlineData("plain-secret", true)]
    public void A_whsec_secret_must_encode_24_to_64_bytes_in_base64(string secret, bool valid) =>
        Assert.Equal(valid, WebhookSignature.ProblemOrNull(secret) is null);
}
