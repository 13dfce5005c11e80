using System.Security.Claims;
using System.Security.Cryptography;
using Ferry.Core.Errors;
using Ferry.Server.Arm;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.UnitTests.Server.Arm;

/// <summary>
/// The cache of validated ARM bearer tokens (docs/architecture.md §11.2): a token is validated once and then served from
/// the cache until its <c>exp</c>, keyed by its hash (so a token differing only in its signature is another token), bounded
/// in size, and dropped as soon as the key that signed it is no longer trusted.
/// </summary>
public sealed class ArmTokenCacheTests
{
    private const string Subscription = "6f43a5ce-afda-4637-ac1c-178c41ba6675";
    private const string Other = "0b1e3c7a-5d0f-4c55-9d1a-2f6b2d3c4e5f";

    [Fact]
    public async Task A_validated_token_is_kept_once_and_its_grants_are_still_checked_on_every_request()
    {
        using var host = new ArmAuthTestHost();
        var cache = host.Services.GetRequiredService<ArmTokenCache>();
        var token = host.Granting(Subscription);

        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error);
        Assert.Equal(1, cache.Count);
        Assert.NotNull(cache.TryGet(ArmTokenCache.Hash(token)));

        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error);
        var (error, _) = await host.AuthenticateAsync("Bearer " + token, Other);
        Assert.Equal(403, error?.Status);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task A_refused_token_is_not_kept()
    {
        using var host = new ArmAuthTestHost();
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = host.Token(new Dictionary<string, object> { ["sub"] = "mallory", ["subscriptions"] = "*" }, new ECDsaSecurityKey(forger));

        Assert.Equal(401, (await host.AuthenticateAsync("Bearer " + forged, Subscription)).Error?.Status);
        Assert.Equal(0, host.Services.GetRequiredService<ArmTokenCache>().Count);
    }

    [Fact]
    public async Task A_cached_token_with_its_signature_replaced_is_validated_and_refused()
    {
        using var host = new ArmAuthTestHost();
        var token = host.Granting(Subscription);
        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error);

        // The same header and payload under a signature by another key: another hash, so the full validation runs.
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var resigned = host.Token(new Dictionary<string, object> { ["sub"] = "mallory", ["subscriptions"] = "*" }, new ECDsaSecurityKey(forger) { KeyId = host.TrustedKey.KeyId });
        var tampered = token[..token.LastIndexOf('.')] + resigned[resigned.LastIndexOf('.')..];

        var (error, _) = await host.AuthenticateAsync("Bearer " + tampered, Subscription);

        Assert.Equal(401, error?.Status);
        Assert.Contains("signature", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cached_token_is_dropped_at_its_expiry_and_then_refused_once_past_the_clock_skew()
    {
        using var host = new ArmAuthTestHost();
        var cache = host.Services.GetRequiredService<ArmTokenCache>();
        var token = host.Granting(Subscription);
        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error);

        host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Null(cache.TryGet(ArmTokenCache.Hash(token)));

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        var (error, _) = await host.AuthenticateAsync("Bearer " + token, Subscription);
        Assert.Same(FerryErrors.Unauthorized, error?.Kind);
        Assert.Contains("expired", error!.Message, StringComparison.Ordinal);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task A_token_signed_by_an_authority_key_is_refused_once_the_authority_no_longer_lists_the_key()
    {
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var published = new ECDsaSecurityKey(authorityKey) { KeyId = "authority-key-1" };
        var metadata = new OpenIdConnectConfiguration();
        metadata.SigningKeys.Add(published);
        using var host = new ArmAuthTestHost(configure: services => services.PostConfigure<JwtBearerOptions>(ArmAuthenticationSetup.Scheme,
            jwt => jwt.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(metadata)));
        var cache = host.Services.GetRequiredService<ArmTokenCache>();
        var token = host.Token(new Dictionary<string, object> { ["sub"] = "x", ["subscriptions"] = Subscription }, published);

        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error);
        Assert.Equal(1, cache.Count);
        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error);

        // The authority rotates the key out of its metadata: the cached token goes with it.
        metadata.SigningKeys.Clear();
        var (error, _) = await host.AuthenticateAsync("Bearer " + token, Subscription);

        Assert.Equal(401, error?.Status);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void The_cache_is_bounded_expired_entries_go_first_and_a_full_cache_of_live_ones_starts_again()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var cache = new ArmTokenCache(clock);
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "x")], "test"));
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = new ECDsaSecurityKey(ec) { KeyId = "k" };
        for (var i = 0; i < ArmTokenCache.Capacity - 1; i++)
        {
            cache.Add(ArmTokenCache.Hash("short-" + i), principal, key, clock.GetUtcNow().AddMinutes(5));
        }

        cache.Add(ArmTokenCache.Hash("long"), principal, key, clock.GetUtcNow().AddHours(1));
        Assert.Equal(ArmTokenCache.Capacity, cache.Count);

        clock.Advance(TimeSpan.FromMinutes(10));
        cache.Add(ArmTokenCache.Hash("new"), principal, key, clock.GetUtcNow().AddHours(1));
        Assert.Equal(2, cache.Count);
        Assert.NotNull(cache.TryGet(ArmTokenCache.Hash("long")));

        for (var i = 0; i < ArmTokenCache.Capacity; i++)
        {
            cache.Add(ArmTokenCache.Hash("live-" + i), principal, key, clock.GetUtcNow().AddHours(1));
        }

        Assert.True(cache.Count <= ArmTokenCache.Capacity);
        Assert.NotNull(cache.TryGet(ArmTokenCache.Hash("live-" + (ArmTokenCache.Capacity - 1))));
    }

    [Fact]
    public void A_token_without_a_known_signing_key_or_already_expired_is_not_kept()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var cache = new ArmTokenCache(clock);
        var principal = new ClaimsPrincipal(new ClaimsIdentity());
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        cache.Add(ArmTokenCache.Hash("a"), principal, null, clock.GetUtcNow().AddHours(1));
        cache.Add(ArmTokenCache.Hash("b"), principal, new ECDsaSecurityKey(ec), clock.GetUtcNow());

        Assert.Equal(0, cache.Count);
        Assert.NotEqual(ArmTokenCache.Hash("a"), ArmTokenCache.Hash("b"));
    }
}
