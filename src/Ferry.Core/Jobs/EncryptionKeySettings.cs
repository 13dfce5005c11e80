namespace Ferry.Core.Jobs;

/// <summary>
/// ARM <c>encryptionKey</c>: who manages the key that protects the BitLocker keys. <see cref="KekType"/> is
/// <c>MicrosoftManaged</c> or <c>CustomerManaged</c> (the latter with <see cref="KekUrl"/> and
/// <see cref="KekVaultResourceId"/>). Stored and echoed; Ferry itself protects keys with its own key ring.
/// </summary>
public sealed record EncryptionKeySettings(string KekType, string? KekUrl, string? KekVaultResourceId);
