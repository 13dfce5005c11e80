using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Ferry.Core.Security;
using Microsoft.AspNetCore.DataProtection;

namespace Ferry.Server.Hosting;

/// <summary>
/// <see cref="ISecretProtector"/> on ASP.NET Core Data Protection (keys in the data directory). A payload once
/// unprotected is kept, sealed again with AES-256-GCM under a key that exists only in this process's memory (never
/// written, never logged), so that the next reveal of the same secret (each drive's BitLocker key in every classic Get
/// Job) costs one AES-GCM decryption instead of Data Protection's key derivation and cipher set-up
/// (docs/decisions.md D51). At most <see cref="RevealedCapacity"/> payloads are kept; when full, all go.
/// </summary>
internal sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector, IDisposable
{
    /// <summary>Most payloads kept sealed in memory.</summary>
    internal const int RevealedCapacity = 4096;

    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly IDataProtector _protector = provider.CreateProtector("Ferry.Secrets.v1");
    private readonly ConcurrentDictionary<string, byte[]> _revealed = new(StringComparer.Ordinal);
    private readonly ThreadLocal<AesGcm> _ciphers = new(NewCipher(), trackAllValues: true);

    /// <summary>How many payloads are kept sealed now.</summary>
    internal int RevealedCount => _revealed.Count;

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string protectedValue)
    {
        if (_revealed.TryGetValue(protectedValue, out var sealedSecret))
        {
            return Open(sealedSecret);
        }

        // Only a payload that Data Protection accepted is kept: a tampered one throws here, every time.
        var plaintext = _protector.Unprotect(protectedValue);
        if (_revealed.Count >= RevealedCapacity)
        {
            _revealed.Clear();
        }

        _revealed[protectedValue] = Seal(plaintext);
        return plaintext;
    }

    public void Dispose()
    {
        _revealed.Clear();
        foreach (var cipher in _ciphers.Values)
        {
            cipher.Dispose();
        }

        _ciphers.Dispose();
    }

    // One process key for every thread's cipher (an AesGcm instance is not shared between threads).
    private static Func<AesGcm> NewCipher()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        return () => new AesGcm(key, TagSize);
    }

    private byte[] Seal(string plaintext)
    {
        var length = Encoding.UTF8.GetByteCount(plaintext);
        var bytes = new byte[length];
        Encoding.UTF8.GetBytes(plaintext, bytes);
        var sealedSecret = new byte[NonceSize + TagSize + length];
        var nonce = sealedSecret.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        _ciphers.Value!.Encrypt(nonce, bytes, sealedSecret.AsSpan(NonceSize + TagSize), sealedSecret.AsSpan(NonceSize, TagSize));
        CryptographicOperations.ZeroMemory(bytes);
        return sealedSecret;
    }

    private string Open(byte[] sealedSecret)
    {
        var length = sealedSecret.Length - NonceSize - TagSize;
        var bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        try
        {
            _ciphers.Value!.Decrypt(sealedSecret.AsSpan(0, NonceSize), sealedSecret.AsSpan(NonceSize + TagSize), sealedSecret.AsSpan(NonceSize, TagSize), bytes);
            return Encoding.UTF8.GetString(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
