using System.Security.Cryptography;
using Ferry.Core.Errors;
using Ferry.Server.Arm;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.UnitTests.Server.Arm;

/// <summary>
/// Bearer-token authentication of the ARM surface (docs/arm-api.md §2.1, docs/decisions.md D20): none, malformed, forged, foreign or expired → 401
/// <c>AuthenticationFailed</c>; valid but for another subscription → 403 <c>AuthorizationFailed</c>.
/// </summary>
public sealed class ArmAuthenticatorTests
{
    private const string Subscription = "6f43a5ce-afda-4637-ac1c-178c41ba6675";
    private const string Other = "0b1e3c7a-5d0f-4c55-9d1a-2f6b2d3c4e5f";

    private static void AssertUnauthorized(FerryError? error, string? token = null)
    {
        Assert.NotNull(error);
        Assert.Same(FerryErrors.Unauthorized, error.Kind);
        Assert.Equal(401, error.Status);
        Assert.Equal("AuthenticationFailed", error.Kind.ArmCode);
        if (token is not null)
        {
            Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_request_without_an_Authorization_header_is_refused_with_401()
    {
        using var host = new ArmAuthTestHost();
        AssertUnauthorized((await host.AuthenticateAsync(null, Subscription)).Error);
    }

    [Theory]
    [InlineData("Basic xyz")]
    [InlineData("Bearer")]
    [InlineData("Bearer    ")]
    public async Task Another_scheme_or_an_empty_bearer_token_is_refused_with_401(string header)
    {
        using var host = new ArmAuthTestHost();
        AssertUnauthorized((await host.AuthenticateAsync(header, Subscription)).Error);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")]
    public async Task A_malformed_or_unsigned_token_is_refused_with_401_without_quoting_it(string token)
    {
        using var host = new ArmAuthTestHost();
        AssertUnauthorized((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error, token);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_refused_with_401()
    {
        using var host = new ArmAuthTestHost();
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = host.Token(new Dictionary<string, object> { ["sub"] = "mallory", ["subscriptions"] = new[] { Subscription } }, new ECDsaSecurityKey(forger));

        var (error, _) = await host.AuthenticateAsync("Bearer " + forged, Subscription);

        AssertUnauthorized(error, forged);
        Assert.Contains("signature", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_claiming_the_trusted_key_id_but_signed_by_another_key_is_refused_with_401()
    {
        using var host = new ArmAuthTestHost();
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = host.Token(new Dictionary<string, object> { ["sub"] = "mallory", ["subscriptions"] = "*" }, new ECDsaSecurityKey(forger) { KeyId = host.TrustedKey.KeyId });
        AssertUnauthorized((await host.AuthenticateAsync("Bearer " + forged, Subscription)).Error, forged);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused_with_401()
    {
        using var host = new ArmAuthTestHost();
        var token = host.Token(new Dictionary<string, object> { ["sub"] = "x", ["subscriptions"] = Subscription }, issuer: "https://elsewhere.example/");

        var (error, _) = await host.AuthenticateAsync("Bearer " + token, Subscription);

        AssertUnauthorized(error, token);
        Assert.Contains("issuer", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused_with_401()
    {
        using var host = new ArmAuthTestHost();
        var token = host.Token(new Dictionary<string, object> { ["sub"] = "x", ["subscriptions"] = Subscription }, audience: "https://graph.microsoft.com/");

        var (error, _) = await host.AuthenticateAsync("Bearer " + token, Subscription);

        AssertUnauthorized(error, token);
        Assert.Contains("audience", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_is_refused_with_401_once_the_server_clock_passes_its_expiry_and_the_clock_skew()
    {
        using var host = new ArmAuthTestHost();
        var token = host.Granting(Subscription);
        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error);

        host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(30));
        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error);

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var (error, _) = await host.AuthenticateAsync("Bearer " + token, Subscription);
        AssertUnauthorized(error, token);
        Assert.Contains("expired", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_not_valid_yet_on_the_server_clock_is_refused_with_401()
    {
        using var host = new ArmAuthTestHost();
        var token = host.Token(new Dictionary<string, object> { ["sub"] = "x", ["subscriptions"] = Subscription }, notBefore: host.Clock.GetUtcNow().AddMinutes(5));

        var (error, _) = await host.AuthenticateAsync("Bearer " + token, Subscription);

        AssertUnauthorized(error, token);
        Assert.Contains("not valid yet", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_clock_skew_is_configurable()
    {
        using var host = new ArmAuthTestHost(new Dictionary<string, string?> { ["Ferry:Arm:Authentication:ClockSkew"] = "00:00:00" });
        var token = host.Granting(Subscription);
        host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        AssertUnauthorized((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error, token);
    }

    [Fact]
    public async Task A_valid_token_for_other_subscriptions_is_refused_with_403_AuthorizationFailed()
    {
        using var host = new ArmAuthTestHost();
        var token = host.Granting(Other);

        var (error, _) = await host.AuthenticateAsync("Bearer " + token, Subscription);

        Assert.NotNull(error);
        Assert.Same(FerryErrors.AuthenticationFailed, error.Kind);
        Assert.Equal(403, error.Status);
        Assert.Equal("AuthorizationFailed", error.Kind.ArmCode);
        Assert.Contains(Subscription, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_token_without_a_subscriptions_claim_is_refused_with_403()
    {
        using var host = new ArmAuthTestHost();
        var token = host.Token(new Dictionary<string, object> { ["sub"] = "nobody" });
        Assert.Same(FerryErrors.AuthenticationFailed, (await host.AuthenticateAsync("Bearer " + token, Subscription)).Error?.Kind);
    }

    [Fact]
    public async Task A_valid_token_granting_the_subscription_is_accepted_whatever_the_case_of_the_id_and_the_scheme()
    {
        using var host = new ArmAuthTestHost();
        var token = host.Granting(Other, Subscription.ToUpperInvariant());
        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error);
        Assert.Null((await host.AuthenticateAsync("bearer " + token, Subscription)).Error);
    }

    [Fact]
    public async Task A_token_granting_every_subscription_with_a_star_is_accepted_for_any_subscription()
    {
        using var host = new ArmAuthTestHost();
        var token = host.Granting("*");
        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error);
        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Other)).Error);
    }

    [Fact]
    public async Task The_subscriptions_claim_may_be_a_single_string()
    {
        using var host = new ArmAuthTestHost();
        var token = host.Token(new Dictionary<string, object> { ["sub"] = "x", ["subscriptions"] = Subscription });
        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error);
        Assert.Same(FerryErrors.AuthenticationFailed, (await host.AuthenticateAsync("Bearer " + token, Other)).Error?.Kind);
    }

    [Fact]
    public async Task The_subscriptions_claim_may_be_an_array()
    {
        using var host = new ArmAuthTestHost();
        var token = host.Token(new Dictionary<string, object> { ["sub"] = "x", ["subscriptions"] = new[] { Other, Subscription } });
        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error);
        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Other)).Error);
        Assert.Same(FerryErrors.AuthenticationFailed, (await host.AuthenticateAsync("Bearer " + token, Guid.NewGuid().ToString())).Error?.Kind);
    }

    [Fact]
    public async Task The_claim_that_lists_subscriptions_is_configurable()
    {
        using var host = new ArmAuthTestHost(new Dictionary<string, string?> { ["Ferry:Arm:Authentication:SubscriptionsClaim"] = "xms_subs" });
        var token = host.Token(new Dictionary<string, object> { ["sub"] = "x", ["xms_subs"] = new[] { Subscription } });
        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error);
        Assert.Same(FerryErrors.AuthenticationFailed, (await host.AuthenticateAsync("Bearer " + host.Granting(Subscription), Subscription)).Error?.Kind);
    }

    [Fact]
    public async Task Configured_grants_of_the_token_oid_give_access_to_the_listed_subscriptions()
    {
        using var host = new ArmAuthTestHost(new Dictionary<string, string?> { ["Ferry:Arm:Authentication:Grants:11111111-2222-3333-4444-555555555555:0"] = Subscription });
        var token = host.Token(new Dictionary<string, object> { ["sub"] = "pairwise-subject", ["oid"] = "11111111-2222-3333-4444-555555555555" });
        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error);
        Assert.Same(FerryErrors.AuthenticationFailed, (await host.AuthenticateAsync("Bearer " + token, Other)).Error?.Kind);
    }

    [Fact]
    public async Task Configured_grants_of_the_token_sub_apply_when_it_has_no_oid_and_a_star_grants_everything()
    {
        using var host = new ArmAuthTestHost(new Dictionary<string, string?> { ["Ferry:Arm:Authentication:Grants:Automation:0"] = "*" });
        var token = host.Token(new Dictionary<string, object> { ["sub"] = "automation" });
        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error);
        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Other)).Error);

        var someoneElse = host.Token(new Dictionary<string, object> { ["sub"] = "someone-else" });
        Assert.Same(FerryErrors.AuthenticationFailed, (await host.AuthenticateAsync("Bearer " + someoneElse, Subscription)).Error?.Kind);
    }

    [Fact]
    public async Task Without_development_credentials_keys_or_authority_every_token_is_refused_with_401()
    {
        using var host = new ArmAuthTestHost(trustKey: false);
        var token = host.Granting("*");
        Assert.False(host.Services.GetRequiredService<ArmTrust>().AcceptsTokens);
        AssertUnauthorized((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error, token);
    }

    [Fact]
    public async Task The_scheme_is_no_default_so_the_global_authentication_middleware_runs_nothing()
    {
        using var host = new ArmAuthTestHost();
        var schemes = host.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        Assert.NotNull(await schemes.GetSchemeAsync(ArmAuthenticationSetup.Scheme));
        Assert.Null(await schemes.GetDefaultAuthenticateSchemeAsync());
        Assert.Null(await schemes.GetDefaultChallengeSchemeAsync());
    }

    [Fact]
    public async Task The_bearer_handler_never_writes_a_challenge_itself()
    {
        using var host = new ArmAuthTestHost();
        await using var scope = host.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Headers.Authorization = "Bearer garbage";

        await http.ChallengeAsync(ArmAuthenticationSetup.Scheme);

        Assert.Equal(StatusCodes.Status200OK, http.Response.StatusCode);
        Assert.False(http.Response.Headers.ContainsKey("WWW-Authenticate"));
    }

    [Theory]
    [InlineData(null, "Bearer")]
    [InlineData("Basic xyz", "Bearer")]
    [InlineData("Bearer garbage", "Bearer error=\"invalid_token\"")]
    public void The_challenge_says_invalid_token_only_when_a_bearer_token_was_presented(string? header, string expected)
    {
        var http = new DefaultHttpContext();
        if (header is not null)
        {
            http.Request.Headers.Authorization = header;
        }

        Assert.Equal(expected, ArmAuthenticator.Challenge(http.Request));
    }
}
