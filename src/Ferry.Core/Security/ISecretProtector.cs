namespace Ferry.Core.Security;

/// <summary>
/// Encrypts secrets (account keys, SAS tokens, BitLocker keys) for storage at rest. Implementations must be
/// authenticated encryption; <see cref="Unprotect"/> throws when the payload was tampered with or the keys are gone.
/// </summary>
public interface ISecretProtector
{
    /// <summary>Encrypts <paramref name="plaintext"/>; the result is safe to store.</summary>
    string Protect(string plaintext);

    /// <summary>Decrypts a value produced by <see cref="Protect"/>.</summary>
    string Unprotect(string protectedValue);
}
