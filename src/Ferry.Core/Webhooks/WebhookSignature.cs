using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using StandardWebhooks;

namespace Ferry.Core.Webhooks;

/// <summary>
/// The Standard Webhooks signature (docs/operator-api.md §3): <c>webhook-signature: v1,&lt;base64 HMAC-SHA256&gt;</c>
/// over <c>{webhook-id}.{webhook-timestamp}.{body}</c>, keyed with the webhook's secret, made by the StandardWebhooks
/// library. A secret of the form <c>whsec_&lt;base64&gt;</c> (every generated one) keys with the bytes it encodes;
/// any other secret (registered before the scheme was adopted, or chosen by the customer) keys with its UTF-8 bytes,
/// which is the same as the secret <c>whsec_</c> + base64(UTF-8 bytes).
/// </summary>
public static class WebhookSignature
{
    /// <summary>The id header: the event's id, the same on every attempt.</summary>
    public const string IdHeader = "webhook-id";

    /// <summary>The timestamp header: the attempt's time in Unix seconds.</summary>
    public const string TimestampHeader = "webhook-timestamp";

    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "webhook-signature";

    /// <summary>The prefix of a secret in the Standard Webhooks form.</summary>
    public const string SecretPrefix = "whsec_";

    /// <summary>Fewest and most key bytes a <c>whsec_</c> secret may encode.</summary>
    public const int MinKeyBytes = 24, MaxKeyBytes = 64;

    /// <summary>A new secret: <c>whsec_</c> and 32 random bytes in base64.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Why a <c>whsec_</c> secret is malformed, or null when it is well formed or not in that form.</summary>
    public static string? ProblemOrNull(string secret)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var encoded = secret.AsSpan(SecretPrefix.Length);
        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
        return Convert.TryFromBase64Chars(encoded, buffer, out var length) && length is >= MinKeyBytes and <= MaxKeyBytes
            ? null
            : $"A secret starting with '{SecretPrefix}' must continue with {MinKeyBytes} to {MaxKeyBytes} bytes in base64.";
    }

    /// <summary>The HMAC key of <paramref name="secret"/>.</summary>
    public static byte[] Key(string secret) =>
        secret.StartsWith(SecretPrefix, StringComparison.Ordinal) && ProblemOrNull(secret) is null
            ? Convert.FromBase64String(secret[SecretPrefix.Length..])
            : Encoding.UTF8.GetBytes(secret);

    /// <summary>The <c>webhook-signature</c> value of <paramref name="body"/> sent as <paramref name="id"/> at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, string id, DateTimeOffset timestamp, string body) =>
        new StandardWebhook(Key(secret)).Sign(id, timestamp, body);
}
