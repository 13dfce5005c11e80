using System.Security.Cryptography;
using Ferry.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;

namespace Ferry.UnitTests.Server.Hosting;

/// <summary>
/// The server's secret protector (docs/decisions.md D51): a secret revealed again comes from the process's sealed copy
/// and is the same; a payload Data Protection refuses is refused every time; the kept copies stay within their bound.
/// </summary>
public sealed class SecretProtectorTests : IDisposable
{
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("ferry-keys-");

    public void Dispose() => _keys.Delete(recursive: true);

    [Fact]
    public void A_secret_revealed_twice_is_the_same_and_a_tampered_payload_is_refused_every_time()
    {
        using var protector = new DataProtectionSecretProtector(DataProtectionProvider.Create(_keys));
        const string Key = "123456-234567-345678-456789-567890-678901-789012-890123";
        var payload = protector.Protect(Key);

        Assert.Equal(Key, protector.Unprotect(payload));
        Assert.Equal(1, protector.RevealedCount);
        Assert.Equal(Key, protector.Unprotect(payload));
        Assert.Equal(1, protector.RevealedCount);

        // Another payload of the same secret, and a non-ASCII one, each kept on its own.
        Assert.Equal(Key, protector.Unprotect(protector.Protect(Key)));
        Assert.Equal("clé ✓", protector.Unprotect(protector.Protect("clé ✓")));

        var tampered = payload[..^2] + (payload[^2] == 'A' ? "B" : "A") + payload[^1];
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(tampered));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(tampered));

        // A second process (a new protector on the same key ring) reveals what the first protected.
        using var restarted = new DataProtectionSecretProtector(DataProtectionProvider.Create(_keys));
        Assert.Equal(0, restarted.RevealedCount);
        Assert.Equal(Key, restarted.Unprotect(payload));
    }

    [Fact]
    public void The_kept_copies_stay_within_their_bound()
    {
        using var protector = new DataProtectionSecretProtector(DataProtectionProvider.Create(_keys));
        var payloads = Enumerable.Range(0, DataProtectionSecretProtector.RevealedCapacity + 10).Select(i => (Secret: $"secret-{i}", Payload: protector.Protect($"secret-{i}"))).ToList();
        foreach (var (secret, payload) in payloads)
        {
            Assert.Equal(secret, protector.Unprotect(payload));
            Assert.InRange(protector.RevealedCount, 1, DataProtectionSecretProtector.RevealedCapacity);
        }

        Assert.All(payloads, p => Assert.Equal(p.Secret, protector.Unprotect(p.Payload)));
    }
}
