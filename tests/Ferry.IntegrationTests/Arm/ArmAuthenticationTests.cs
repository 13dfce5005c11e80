using System.Net;
using System.Security.Cryptography;
using Ferry.IntegrationTests.Support;
using Ferry.Server.Arm;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.IntegrationTests.Arm;

/// <summary>Bearer tokens on the ARM routes (docs/decisions.md D20): none, forged, expired and other-subscription tokens, end to end.</summary>
public sealed class ArmAuthenticationTests
{
    private static string Jobs(string subscription) => $"subscriptions/{subscription}/providers/Microsoft.ImportExport/jobs";

    [Fact]
    public async Task Development_token_from_dev_credentials_lists_the_dev_subscriptions_jobs()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateArmClient();

        var list = await client.ArmOkAsync(HttpMethod.Get, Jobs(server.SubscriptionId));

        Assert.Empty(list!["value"]!.AsArray());
    }

    [Fact]
    public async Task No_token_is_401_with_a_Bearer_challenge_on_every_operation()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var anonymous = server.CreateArmHttpClient(token: null);

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, Jobs(server.SubscriptionId)),
            (HttpMethod.Get, ArmRequests.JobPath(server.SubscriptionId, "rg", "job1")),
            (HttpMethod.Delete, ArmRequests.JobPath(server.SubscriptionId, "rg", "job1")),
            (HttpMethod.Post, ArmRequests.JobPath(server.SubscriptionId, "rg", "job1") + "/listBitLockerKeys"),
            (HttpMethod.Get, "providers/Microsoft.ImportExport/locations"),
            (HttpMethod.Get, "providers/Microsoft.ImportExport/operations"),
        })
        {
            using var response = await anonymous.ArmAsync(method, path);
            await ArmRequests.AssertArmErrorAsync(response, HttpStatusCode.Unauthorized, "AuthenticationFailed");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task Forged_token_signed_by_another_key_is_401_and_does_not_echo_the_token()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = ArmTokens.Mint(new ECDsaSecurityKey(stranger), ArmAuthenticationOptions.DevelopmentIssuer, ArmAuthenticationOptions.DevelopmentAudience,
            "mallory", [server.SubscriptionId], server.Clock.GetUtcNow(), TimeSpan.FromHours(1));
        using var client = server.CreateArmHttpClient(forged);

        using var response = await client.ArmAsync(HttpMethod.Get, Jobs(server.SubscriptionId));

        await ArmRequests.AssertArmErrorAsync(response, HttpStatusCode.Unauthorized, "AuthenticationFailed");
        Assert.DoesNotContain(forged, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_token_and_another_scheme_are_401()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var garbage = server.CreateArmHttpClient("not.a.jwt");
        using var basic = server.CreateArmHttpClient(token: null);
        basic.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");

        await garbage.ArmErrorAsync(HttpMethod.Get, Jobs(server.SubscriptionId), HttpStatusCode.Unauthorized, "AuthenticationFailed");
        await basic.ArmErrorAsync(HttpMethod.Get, Jobs(server.SubscriptionId), HttpStatusCode.Unauthorized, "AuthenticationFailed");
    }

    [Fact]
    public async Task Token_expires_on_the_server_clock()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateArmHttpClient(server.MintArmToken([server.SubscriptionId], TimeSpan.FromHours(1)));
        await client.ArmOkAsync(HttpMethod.Get, Jobs(server.SubscriptionId));

        server.Clock.Advance(TimeSpan.FromHours(2));

        var error = await client.ArmErrorAsync(HttpMethod.Get, Jobs(server.SubscriptionId), HttpStatusCode.Unauthorized, "AuthenticationFailed");
        Assert.Contains("expired", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_token_for_another_subscription_is_403_AuthorizationFailed_and_changes_nothing()
    {
        await using var server = await FerryTestServer.StartAsync();
        var other = Guid.NewGuid().ToString();
        using var client = server.CreateArmClient();

        await client.ArmErrorAsync(HttpMethod.Get, Jobs(other), HttpStatusCode.Forbidden, "AuthorizationFailed");
        await client.ArmErrorAsync(HttpMethod.Put, ArmRequests.JobPath(other, "rg", "job1"), HttpStatusCode.Forbidden, "AuthorizationFailed",
            body: ArmExamples.CreateImportBody());

        using var owner = await server.CreateArmClientForAsync(other);
        await owner.ArmErrorAsync(HttpMethod.Get, ArmRequests.JobPath(other, "rg", "job1"), HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task Wildcard_grant_reaches_any_subscription()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = await server.CreateArmClientForAsync("*");

        await client.ArmOkAsync(HttpMethod.Get, Jobs(Guid.NewGuid().ToString()));
        await client.ArmOkAsync(HttpMethod.Get, Jobs(server.SubscriptionId));
    }
}
