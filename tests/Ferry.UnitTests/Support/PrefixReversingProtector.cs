using Ferry.Core.Security;

namespace Ferry.UnitTests.Support;

/// <summary>
/// A visible, reversible stand-in for real encryption: <c>protected:</c> followed by the reversed text. Tests can
/// tell a protected value from a clear one, and <see cref="Unprotect"/> refuses anything it did not produce.
/// </summary>
public sealed class PrefixReversingProtector : ISecretProtector
{
    public const string Prefix = "protected:";

    public static string Expected(string plaintext) => Prefix + Reverse(plaintext);

    public string Protect(string plaintext) => Expected(plaintext);

    public string Unprotect(string protectedValue) =>
        protectedValue.StartsWith(Prefix, StringComparison.Ordinal)
            ? Reverse(protectedValue[Prefix.Length..])
            : throw new InvalidOperationException("The value was not produced by this protector.");

    private static string Reverse(string text)
    {
        var characters = text.ToCharArray();
        Array.Reverse(characters);
        return new string(characters);
    }
}
