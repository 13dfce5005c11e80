using System.Net;
using Ferry.Core.Errors;
using Ferry.IntegrationTests.Support;
using Ferry.Server.Arm;
using Ferry.Server.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Ferry.IntegrationTests.Arm;

/// <summary>
/// A development server signs a ready ARM token (<c>armToken</c> of <c>dev-credentials.json</c>) with a key of its data
/// directory, validates it on its own clock, keeps it across restarts while it is good, and leaves the other surfaces alone.
/// </summary>
public sealed class ArmTokenBootstrapTests
{
    private static async Task<FerryError?> AuthenticateAsync(FerryTestServer server, string? token, string subscriptionId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        if (token is not null)
        {
            http.Request.Headers.Authorization = "Bearer " + token;
        }

        return await scope.ServiceProvider.GetRequiredService<ArmAuthenticator>().AuthenticateAsync(http, subscriptionId);
    }

    [Fact]
    public async Task A_fresh_data_directory_gets_a_one_year_token_for_its_subscription_that_the_server_accepts_until_it_expires()
    {
        await using var server = await FerryTestServer.StartAsync();

        var jwt = new JsonWebToken(server.ArmToken);
        Assert.Equal([server.SubscriptionId], jwt.Claims.Where(c => c.Type == "subscriptions").Select(c => c.Value));
        Assert.Equal(ArmAuthenticationOptions.DevelopmentIssuer, jwt.Issuer);
        Assert.Equal(server.Clock.GetUtcNow().AddDays(365).UtcDateTime, jwt.ValidTo);
        Assert.True(File.Exists(Path.Combine(server.DataDirectory, "certs", "arm-signing.key")));

        Assert.Null(await AuthenticateAsync(server, server.ArmToken, server.SubscriptionId));
        Assert.Same(FerryErrors.AuthenticationFailed, (await AuthenticateAsync(server, server.ArmToken, Guid.NewGuid().ToString()))?.Kind);
        Assert.Same(FerryErrors.Unauthorized, (await AuthenticateAsync(server, null, server.SubscriptionId))?.Kind);

        server.Clock.Advance(TimeSpan.FromDays(366));
        Assert.Same(FerryErrors.Unauthorized, (await AuthenticateAsync(server, server.ArmToken, server.SubscriptionId))?.Kind);
    }

    [Fact]
    public async Task A_restart_keeps_a_token_still_valid_for_more_than_30_days_and_then_renews_it()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ferry-tests", Guid.NewGuid().ToString("N"));
        var start = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        try
        {
            string first;
            await using (var server = await FerryTestServer.StartAsync(new FerryTestServerOptions(StartTime: start, DataDirectory: dataDirectory)))
            {
                first = server.ArmToken;
            }

            await using (var server = await FerryTestServer.StartAsync(new FerryTestServerOptions(StartTime: start.AddDays(300), DataDirectory: dataDirectory)))
            {
                Assert.Equal(first, server.ArmToken);
                Assert.Null(await AuthenticateAsync(server, first, server.SubscriptionId));
            }

            await using (var server = await FerryTestServer.StartAsync(new FerryTestServerOptions(StartTime: start.AddDays(340), DataDirectory: dataDirectory)))
            {
                Assert.NotEqual(first, server.ArmToken);
                Assert.Equal(start.AddDays(340 + 365).UtcDateTime, new JsonWebToken(server.ArmToken).ValidTo);
                Assert.Null(await AuthenticateAsync(server, server.ArmToken, server.SubscriptionId));
                Assert.Equal(server.ArmToken, DevCredentials.ReadOrNull(dataDirectory)?.ArmToken);
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_bearer_token_changes_nothing_on_the_classic_and_operator_surfaces()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var customer = server.CreateClient();
        customer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.ArmToken);
        using var anonymous = server.CreateArmClient();

        using var classic = await customer.SendAsync(server, HttpMethod.Get, "locations");
        using var operatorRefused = await anonymous.GetAsync("operator/emulation");
        using var health = await anonymous.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.OK, classic.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, operatorRefused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Without_development_credentials_or_keys_there_is_no_token_and_every_token_is_refused()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ferry-tests", Guid.NewGuid().ToString("N"));
        try
        {
            string token;
            string subscriptionId;
            await using (var development = await FerryTestServer.StartAsync(new FerryTestServerOptions(DataDirectory: dataDirectory)))
            {
                (token, subscriptionId) = (development.ArmToken, development.SubscriptionId);
            }

            await using var production = await FerryTestServer.StartAsync(new FerryTestServerOptions(
                new Dictionary<string, string> { ["Ferry:DevCredentials"] = "false" }, DataDirectory: dataDirectory));

            Assert.False(production.Services.GetRequiredService<ArmTrust>().AcceptsTokens);
            Assert.Same(FerryErrors.Unauthorized, (await AuthenticateAsync(production, token, subscriptionId))?.Kind);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
