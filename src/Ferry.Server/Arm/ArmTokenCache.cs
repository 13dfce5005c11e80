using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.Server.Arm;

/// <summary>
/// Bearer tokens the JWT handler has validated, so that a client sending the same token again is not validated again
/// (signature, issuer, audience) on every request (docs/architecture.md §11.2). The key is the SHA-256 of the token,
/// never the token itself; the value is the validated principal, the key that signed the token and its <c>exp</c>. An
/// entry is used only before that <c>exp</c> on the injected clock and only while its signing key is still trusted
/// (<see cref="ArmAuthenticator"/> checks the key on every hit). At most <see cref="Capacity"/> entries: when full, the
/// expired ones go, and if none has expired, all of them.
/// </summary>
internal sealed class ArmTokenCache(TimeProvider time)
{
    /// <summary>Most tokens kept.</summary>
    public const int Capacity = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<TokenHash, ValidatedToken> _entries = [];

    /// <summary>How many tokens are held (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The hash a token is filed under.</summary>
    public static TokenHash Hash(ReadOnlySpan<char> token)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetMaxByteCount(token.Length);
        if (length <= 4096)
        {
            Span<byte> bytes = stackalloc byte[length];
            SHA256.HashData(bytes[..Encoding.UTF8.GetBytes(token, bytes)], digest);
        }
        else
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(token.ToArray()), digest);
        }

        var words = MemoryMarshal.Cast<byte, ulong>(digest);
        return new TokenHash(words[0], words[1], words[2], words[3]);
    }

    /// <summary>The validated token filed under <paramref name="hash"/>, or null when there is none or it has expired.</summary>
    public ValidatedToken? TryGet(TokenHash hash)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_entries.TryGetValue(hash, out var entry))
            {
                return null;
            }

            if (entry.Expires > now)
            {
                return entry;
            }

            _entries.Remove(hash);
            return null;
        }
    }

    /// <summary>
    /// Files a token the handler has just validated. Tokens without an expiry or without a known signing key are not
    /// kept (they are validated on every request).
    /// </summary>
    public void Add(TokenHash hash, ClaimsPrincipal principal, SecurityKey? signingKey, DateTimeOffset expires)
    {
        var now = time.GetUtcNow();
        if (signingKey is null || expires <= now)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.Count >= Capacity && !_entries.ContainsKey(hash))
            {
                foreach (var expired in _entries.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
                {
                    _entries.Remove(expired);
                }

                if (_entries.Count >= Capacity)
                {
                    _entries.Clear();
                }
            }

            _entries[hash] = new ValidatedToken(principal, signingKey, expires);
        }
    }

    /// <summary>Forgets one token (its signing key is no longer trusted).</summary>
    public void Remove(TokenHash hash)
    {
        lock (_lock)
        {
            _entries.Remove(hash);
        }
    }

    /// <summary>The SHA-256 of a token, as four words.</summary>
    internal readonly record struct TokenHash(ulong A, ulong B, ulong C, ulong D);

    /// <summary>A validated token: its principal, the key whose signature was checked, and its <c>exp</c>.</summary>
    internal sealed record ValidatedToken(ClaimsPrincipal Principal, SecurityKey SigningKey, DateTimeOffset Expires);
}

/// <summary>The token the JWT handler validated on this request (set by its <c>OnTokenValidated</c> event), for <see cref="ArmTokenCache"/>.</summary>
internal sealed record ArmValidatedTokenFeature(SecurityToken Token);
