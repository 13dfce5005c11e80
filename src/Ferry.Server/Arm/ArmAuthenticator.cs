using System.Security.Claims;
using Ferry.Core.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.Server.Arm;

/// <summary>
/// Bearer-token authentication of the ARM surface (docs/arm-api.md §2.1, docs/decisions.md D20). The token is validated by ASP.NET Core's JWT
/// bearer handler under the <see cref="ArmAuthenticationSetup.Scheme"/> scheme (signature, issuer, audience, lifetime on the
/// server's clock); then it must grant the subscription of the path through its subscriptions claim or the configured
/// grants of its principal. A validated token is kept in <see cref="ArmTokenCache"/> until its <c>exp</c> and not validated
/// again while its signing key is still trusted (docs/architecture.md §11.2). Nothing here writes the response, and no
/// message carries the token.
/// </summary>
internal sealed partial class ArmAuthenticator
{
    private const string BearerPrefix = "Bearer ";
    private const string Everything = "*";

    private readonly ArmTrust _trust;
    private readonly string _subscriptionsClaim;
    private readonly Dictionary<string, HashSet<string>> _grants;
    private readonly ILogger<ArmAuthenticator> _logger;
    private readonly ArmTokenCache _tokens;
    private readonly IOptionsMonitor<JwtBearerOptions> _jwt;

    public ArmAuthenticator(ArmTrust trust, ArmTokenCache tokens, IOptionsMonitor<JwtBearerOptions> jwt, IOptions<ArmAuthenticationOptions> options, ILogger<ArmAuthenticator> logger)
    {
        _trust = trust;
        _tokens = tokens;
        _jwt = jwt;
        _logger = logger;
        _subscriptionsClaim = options.Value.SubscriptionsClaim;
        _grants = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (principal, subscriptions) in options.Value.Grants)
        {
            if (!_grants.TryGetValue(principal, out var granted))
            {
                _grants[principal] = granted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            }

            granted.UnionWith(subscriptions.Select(s => s.Trim()));
        }
    }

    /// <summary>
    /// Null when the request carries a valid bearer token that grants <paramref name="subscriptionId"/> (any valid token
    /// when it is null: the tenant-level operations, locations and operations list); else a 401
    /// (<see cref="FerryErrors.Unauthorized"/>: no, malformed, forged, foreign or expired token, or another scheme) or a 403
    /// (<see cref="FerryErrors.AuthenticationFailed"/>, ARM code <c>AuthorizationFailed</c>: a valid token for other
    /// subscriptions).
    /// </summary>
    public async Task<FerryError?> AuthenticateAsync(HttpContext http, string? subscriptionId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var header = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return Refused("A bearer token is required (Authorization: Bearer <token>).");
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Refused("The Authorization header must use the Bearer scheme.");
        }

        var token = header.AsSpan(BearerPrefix.Length).Trim();
        if (token.IsEmpty)
        {
            return Refused("The bearer token is empty.");
        }

        if (!_trust.AcceptsTokens)
        {
            return Refused("This server trusts no token issuer: configure Ferry:Arm:Authentication:Authority or SigningKeys.");
        }

        var hash = ArmTokenCache.Hash(token);
        var principal = await CachedPrincipalOrNullAsync(hash, http.RequestAborted);
        if (principal is null)
        {
            var result = await http.AuthenticateAsync(ArmAuthenticationSetup.Scheme);
            if (!result.Succeeded || result.Principal is null)
            {
                var reason = Describe(result.Failure);
                LogRefused(_logger, reason);
                return Refused(reason);
            }

            principal = result.Principal;
            if (http.Features.Get<ArmValidatedTokenFeature>()?.Token is { } validated)
            {
                _tokens.Add(hash, principal, CacheableKey(validated.SigningKey), new DateTimeOffset(DateTime.SpecifyKind(validated.ValidTo, DateTimeKind.Utc)));
            }
        }

        var id = principal.FindFirst("oid")?.Value ?? principal.FindFirst("sub")?.Value;
        if (subscriptionId is null || Grants(principal, id, subscriptionId))
        {
            return null;
        }

        LogNotGranted(_logger, id, subscriptionId);
        return new FerryError(FerryErrors.AuthenticationFailed, $"The token does not grant access to subscription '{subscriptionId}'.");
    }

    /// <summary>
    /// The <c>WWW-Authenticate</c> value of a 401 to <paramref name="request"/> (RFC 6750 §3): <c>Bearer</c> when no bearer
    /// token was presented, <c>Bearer error="invalid_token"</c> when one was refused.
    /// </summary>
    public static string Challenge(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.Authorization.ToString().StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? "Bearer error=\"invalid_token\""
            : "Bearer";
    }

    /// <summary>
    /// The principal of a token validated earlier, or null when it is not cached, has reached its <c>exp</c>, or its
    /// signing key is no longer trusted (an authority's key dropped from its current metadata).
    /// </summary>
    private async Task<ClaimsPrincipal?> CachedPrincipalOrNullAsync(ArmTokenCache.TokenHash hash, CancellationToken cancellationToken)
    {
        if (_tokens.TryGet(hash) is not { } cached)
        {
            return null;
        }

        if (IsConfiguredKey(cached.SigningKey))
        {
            return cached.Principal;
        }

        // A key of the authority's metadata: trusted while the metadata the handler would use now still lists it.
        if (_jwt.Get(ArmAuthenticationSetup.Scheme).ConfigurationManager is { } metadata)
        {
            var configuration = await metadata.GetConfigurationAsync(cancellationToken);
            foreach (var key in configuration.SigningKeys)
            {
                if (string.Equals(key.KeyId, cached.SigningKey.KeyId, StringComparison.Ordinal))
                {
                    return cached.Principal;
                }
            }
        }

        _tokens.Remove(hash);
        return null;
    }

    /// <summary>The key to file a validated token under: a configured key, or an authority's key with a key id; else null (not cached).</summary>
    private SecurityKey? CacheableKey(SecurityKey? key) =>
        key is not null && (IsConfiguredKey(key) || !string.IsNullOrEmpty(key.KeyId)) ? key : null;

    /// <summary>A key loaded from files at start (configured or development): trusted for the process's life.</summary>
    private bool IsConfiguredKey(SecurityKey key)
    {
        foreach (var trusted in _trust.Keys)
        {
            if (ReferenceEquals(trusted, key))
            {
                return true;
            }
        }

        return false;
    }

    private bool Grants(ClaimsPrincipal principal, string? id, string subscriptionId)
    {
        foreach (var claim in principal.FindAll(_subscriptionsClaim))
        {
            var value = claim.Value.Trim();
            if (value == Everything || string.Equals(value, subscriptionId, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return id is not null && _grants.TryGetValue(id, out var granted)
            && (granted.Contains(Everything) || granted.Contains(subscriptionId));
    }

    /// <summary>Our own words for a validation failure: the library's messages may quote the token.</summary>
    private static string Describe(Exception? failure) => failure switch
    {
        null => "The bearer token is missing or malformed.",
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenNotYetValidException => "The token is not valid yet.",
        SecurityTokenNoExpirationException => "The token has no expiry time.",
        SecurityTokenInvalidLifetimeException => "The token's lifetime is not valid.",
        SecurityTokenInvalidIssuerException => "The token's issuer is not trusted.",
        SecurityTokenInvalidAudienceException => "The token's audience is not this service.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
        SecurityTokenMalformedException or ArgumentException => "The bearer token is malformed.",
        _ => "The token is not valid.",
    };

    private static FerryError Refused(string detail) => new(FerryErrors.Unauthorized, detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ARM request refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ARM token of {Principal} does not grant subscription {SubscriptionId}")]
    private static partial void LogNotGranted(ILogger logger, string? principal, string subscriptionId);
}
