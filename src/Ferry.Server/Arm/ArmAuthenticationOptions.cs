namespace Ferry.Server.Arm;

/// <summary>
/// Bearer-token authentication of the ARM surface (section <c>Ferry:Arm:Authentication</c>).
/// To add a setting: add the property and its default here, validate it in <see cref="ArmAuthenticationSetup"/>, give its
/// default in <c>appsettings.json</c>, and add its line to the README's configuration reference.
/// </summary>
public sealed class ArmAuthenticationOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Ferry:Arm:Authentication";

    /// <summary>Issuer of the development token when none is configured.</summary>
    public const string DevelopmentIssuer = "ferry-development";

    /// <summary>Audience of the development token when none is configured: the audience of Azure Resource Manager tokens.</summary>
    public const string DevelopmentAudience = "https://management.azure.com/";

    /// <summary>The claim that lists granted subscriptions when none is configured.</summary>
    public const string DefaultSubscriptionsClaim = "subscriptions";

    /// <summary>Longest accepted <see cref="ClockSkew"/>.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromHours(1);

    /// <summary>
    /// The <c>iss</c> tokens must carry. Required with <see cref="SigningKeys"/>; with <see cref="Authority"/> the issuer of
    /// its metadata is accepted too. Null with development credentials: <see cref="DevelopmentIssuer"/>.
    /// </summary>
    public string? Issuer { get; set; }

    /// <summary>
    /// The <c>aud</c> tokens must carry. Required unless development credentials are on (then
    /// <see cref="DevelopmentAudience"/>).
    /// </summary>
    public string? Audience { get; set; }

    /// <summary>
    /// An OpenID Connect authority (e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>), or null. When set, its
    /// metadata (<c>/.well-known/openid-configuration</c>) supplies signing keys and an accepted issuer.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>PEM files whose public keys sign accepted tokens: public keys (EC or RSA) or certificates.</summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>Tolerance applied to <c>nbf</c> and <c>exp</c> (0 to 1 hour).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The claim listing the subscriptions a token grants (a string or an array; <c>*</c> grants every one).</summary>
    public string SubscriptionsClaim { get; set; } = DefaultSubscriptionsClaim;

    /// <summary>
    /// Subscriptions granted by principal: the key is a token's <c>oid</c> claim, else its <c>sub</c>; the value lists
    /// subscription ids, or <c>*</c> for every one.
    /// </summary>
    public Dictionary<string, List<string>> Grants { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
