using Microsoft.IdentityModel.Tokens;

namespace Ferry.Server.Arm;

/// <summary>
/// The keys the ARM surface trusts, loaded once at start: the configured <c>SigningKeys</c> and, with development
/// credentials, the data directory's development key (which also signs the development token). The authority's keys, when
/// one is configured, come from its metadata at validation time.
/// </summary>
internal sealed class ArmTrust(IReadOnlyList<SecurityKey> configuredKeys, SecurityKey? developmentKey, bool hasAuthority)
{
    /// <summary>Every key loaded from files: the configured ones, then the development key.</summary>
    public IReadOnlyList<SecurityKey> Keys { get; } = developmentKey is null ? configuredKeys : [.. configuredKeys, developmentKey];

    /// <summary>The development signing key, or null when development credentials are off.</summary>
    public SecurityKey? DevelopmentKey { get; } = developmentKey;

    /// <summary>False when no key and no authority is configured: then every token is refused.</summary>
    public bool AcceptsTokens { get; } = hasAuthority || configuredKeys.Count > 0 || developmentKey is not null;
}
