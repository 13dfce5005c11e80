using Ferry.Server.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.Server.Arm;

/// <summary>
/// Registers the ARM surface's bearer-token authentication: <see cref="ArmAuthenticationOptions"/>, the trusted keys, a JWT
/// bearer scheme named <see cref="Scheme"/> that only <see cref="ArmAuthenticator"/> invokes (no default scheme, so the
/// classic and operator surfaces never run it; it never writes a challenge), and the development token at start.
/// </summary>
internal static partial class ArmAuthenticationSetup
{
    /// <summary>The authentication scheme of ARM tokens.</summary>
    public const string Scheme = "FerryArm";

    /// <summary>The ASP.NET Core switch that stops a single registered scheme from becoming the default one.</summary>
    private const string SuppressAutoDefaultScheme = "Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme";

    /// <summary>Lifetime of the development token.</summary>
    public static readonly TimeSpan DevelopmentTokenLifetime = TimeSpan.FromDays(365);

    /// <summary>A development token expiring sooner than this is replaced at start.</summary>
    public static readonly TimeSpan DevelopmentTokenRenewal = TimeSpan.FromDays(30);

    /// <summary>
    /// Binds and validates <c>Ferry:Arm:Authentication</c>, loads its signing keys (and, when <paramref name="devCredentials"/>,
    /// creates or loads the development key <c>certs/arm-signing.key</c> of <paramref name="dataDirectory"/>), and registers
    /// the JWT bearer scheme and <see cref="ArmAuthenticator"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A configured signing key file is missing or unreadable.</exception>
    public static IServiceCollection AddArmAuthentication(this IServiceCollection services, IConfiguration configuration, string dataDirectory, bool devCredentials)
    {
        services.AddOptions<ArmAuthenticationOptions>().BindConfiguration(ArmAuthenticationOptions.Section)
            .PostConfigure(o =>
            {
                if (devCredentials)
                {
                    o.Issuer ??= ArmAuthenticationOptions.DevelopmentIssuer;
                    o.Audience ??= ArmAuthenticationOptions.DevelopmentAudience;
                }
            })
            .Validate(o => o.ClockSkew >= TimeSpan.Zero && o.ClockSkew <= ArmAuthenticationOptions.MaxClockSkew,
                $"{ArmAuthenticationOptions.Section}:ClockSkew must be between 0 and {ArmAuthenticationOptions.MaxClockSkew}.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.SubscriptionsClaim), $"{ArmAuthenticationOptions.Section}:SubscriptionsClaim must not be empty.")
            .Validate(o => o.Authority is null || (Uri.TryCreate(o.Authority, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps),
                $"{ArmAuthenticationOptions.Section}:Authority must be an absolute https:// URL.")
            .Validate(o => (o.SigningKeys.Count == 0 && o.Authority is null) || !string.IsNullOrWhiteSpace(o.Audience),
                $"{ArmAuthenticationOptions.Section}:Audience is required with Authority or SigningKeys.")
            .Validate(o => o.SigningKeys.Count == 0 || !string.IsNullOrWhiteSpace(o.Issuer),
                $"{ArmAuthenticationOptions.Section}:Issuer is required with SigningKeys.")
            .ValidateOnStart();

        var configured = configuration.GetSection(ArmAuthenticationOptions.Section).Get<ArmAuthenticationOptions>() ?? new ArmAuthenticationOptions();
        var keys = configured.SigningKeys.Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(p => ArmTokens.LoadVerificationKey(Path.GetFullPath(p))).ToList();
        var developmentKey = devCredentials ? ArmTokens.LoadOrCreateSigningKey(ArmTokens.SigningKeyPath(dataDirectory)) : null;
        services.AddSingleton(new ArmTrust(keys, developmentKey, !string.IsNullOrWhiteSpace(configured.Authority)));
        services.AddSingleton<ArmTokenCache>();
        services.AddSingleton<ArmAuthenticator>();

        // No default scheme, not even the automatic one of a single registered scheme (ASP.NET Core's documented opt-out
        // switch): the authentication middleware that WebApplication adds by itself then authenticates nothing, and only
        // ArmAuthenticator runs this scheme, on ARM requests.
        AppContext.SetSwitch(SuppressAutoDefaultScheme, isEnabled: true);
        services.AddAuthentication().AddJwtBearer(Scheme, _ => { });
        services.AddOptions<JwtBearerOptions>(Scheme).Configure<IOptions<ArmAuthenticationOptions>, ArmTrust, TimeProvider>(Configure);
        return services;
    }

    /// <summary>
    /// At start, after the development credentials: warns when no token can be accepted and, with development credentials,
    /// writes a fresh development token into <c>dev-credentials.json</c> unless the stored one is still good (signed by the
    /// current key, for the development subscription, valid for more than <see cref="DevelopmentTokenRenewal"/>).
    /// </summary>
    public static async Task StartAsync(IServiceProvider services, string dataDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        var trust = services.GetRequiredService<ArmTrust>();
        var options = services.GetRequiredService<IOptions<ArmAuthenticationOptions>>().Value;
        if (!trust.AcceptsTokens)
        {
            LogNoIssuer(logger);
        }

        if (trust.DevelopmentKey is not { } key || DevCredentials.ReadOrNull(dataDirectory) is not { } credentials)
        {
            return;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (credentials.ArmToken is { } stored
            && await IsCurrentAsync(stored, key, options.Issuer!, options.Audience!, credentials.SubscriptionId, now + DevelopmentTokenRenewal, cancellationToken))
        {
            return;
        }

        var token = ArmTokens.Mint(key, options.Issuer!, options.Audience!, ArmTokens.DevelopmentSubject, [credentials.SubscriptionId], now, DevelopmentTokenLifetime);
        (credentials with { ArmToken = token }).Write(dataDirectory);
        LogDevelopmentToken(logger, Path.Combine(dataDirectory, DevCredentials.FileName), now + DevelopmentTokenLifetime);
    }

    private static void Configure(JwtBearerOptions jwt, IOptions<ArmAuthenticationOptions> armOptions, ArmTrust trust, TimeProvider time)
    {
        var arm = armOptions.Value;
        jwt.TimeProvider = time;
        jwt.MapInboundClaims = false;
        jwt.SaveToken = false;
        jwt.IncludeErrorDetails = false;
        if (!string.IsNullOrWhiteSpace(arm.Authority))
        {
            // Its metadata adds the signing keys and the issuer (the handler appends them to the parameters below).
            jwt.Authority = arm.Authority;
        }

        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuers = string.IsNullOrWhiteSpace(arm.Issuer) ? [] : [arm.Issuer],
            ValidateAudience = true,
            ValidAudiences = string.IsNullOrWhiteSpace(arm.Audience) ? [] : [arm.Audience],
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            IssuerSigningKeys = trust.Keys,
            ClockSkew = arm.ClockSkew,
            LifetimeValidator = (notBefore, expires, _, parameters) => ValidateLifetime(notBefore, expires, parameters.ClockSkew, time),
            NameClaimType = JwtRegisteredClaimNames.Name,
        };

        // The ARM endpoint writes its own error envelope: the handler must never answer by itself. A validated token is
        // handed to ArmAuthenticator, which caches it with its signing key and expiry (docs/architecture.md §11.2).
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                context.HttpContext.Features.Set(new ArmValidatedTokenFeature(context.SecurityToken));
                return Task.CompletedTask;
            },
            OnChallenge = context =>
            {
                context.HandleResponse();
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>Lifetime on the server's clock (the library's default reads the system clock).</summary>
    private static bool ValidateLifetime(DateTime? notBefore, DateTime? expires, TimeSpan skew, TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is not { } exp)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiry time.");
        }

        if (notBefore is { } nbf && nbf > exp)
        {
            throw new SecurityTokenInvalidLifetimeException("The token's nbf is after its exp.") { NotBefore = nbf, Expires = exp };
        }

        if (notBefore is { } start && start > now + skew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = start };
        }

        if (exp < now - skew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = exp };
        }

        return true;
    }

    private static async Task<bool> IsCurrentAsync(string token, SecurityKey key, string issuer, string audience, string subscriptionId, DateTimeOffset validUntil, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = audience,
            IssuerSigningKey = key,
            ValidateLifetime = false,
        });
        return result.IsValid
            && result.SecurityToken.ValidTo > validUntil.UtcDateTime
            && result.ClaimsIdentity.FindAll(ArmTokens.SubscriptionsClaim).Any(c => string.Equals(c.Value, subscriptionId, StringComparison.OrdinalIgnoreCase));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The ARM surface trusts no token issuer and refuses every request: configure Ferry:Arm:Authentication:Authority or Ferry:Arm:Authentication:SigningKeys.")]
    private static partial void LogNoIssuer(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Development ARM token written to {Path} (armToken, valid until {Expires:u}). Do not use it in production.")]
    private static partial void LogDevelopmentToken(ILogger logger, string path, DateTimeOffset expires);
}
