using System.Net;
using Ferry.Cli;
using Ferry.Server.Arm;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.UnitTests.Cli;

/// <summary><c>ferry token</c>: a development ARM token signed with the data directory's key.</summary>
public sealed class TokenCommandTests
{
    private const string Subscription = "6f43a5ce-afda-4637-ac1c-178c41ba6675";

    private static SecurityKey CreateKey(CliHarness cli) =>
        ArmTokens.LoadOrCreateSigningKey(ArmTokens.SigningKeyPath(cli.DataDirectory));

    /// <summary>Validates <paramref name="token"/> as the development server does, except its lifetime; returns it parsed.</summary>
    private static async Task<JsonWebToken> ValidateAsync(string token, SecurityKey key)
    {
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = ArmAuthenticationOptions.DevelopmentIssuer,
            ValidAudience = ArmAuthenticationOptions.DevelopmentAudience,
            IssuerSigningKey = key,
            ValidateLifetime = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }

    private static IEnumerable<string> Subscriptions(JsonWebToken jwt) => jwt.Claims.Where(c => c.Type == "subscriptions").Select(c => c.Value);

    [Fact]
    public async Task The_token_alone_is_printed_signed_by_the_data_directory_key_for_the_development_subscription_for_one_hour()
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK);
        var key = CreateKey(cli);
        cli.WriteCredentials(new { subscriptionId = Subscription });

        var run = await cli.RunAsync("token");

        Assert.Equal(FerryCli.Ok, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var jwt = await ValidateAsync(Assert.Single(lines).Trim(), key);
        Assert.Equal([Subscription], Subscriptions(jwt));
        Assert.Equal("ferry-developer", jwt.Subject);
        Assert.Equal(TimeSpan.FromHours(1), jwt.ValidTo - jwt.ValidFrom);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Subscriptions_lifetime_and_subject_are_taken_from_the_options_and_json_gives_the_expiry()
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK);
        var key = CreateKey(cli);

        var run = await cli.RunAsync("token", "--subscription", "sub-a", "--subscription", "sub-b", "--lifetime", "7d", "--subject", "ci-runner", "--output", "json");

        Assert.Equal(FerryCli.Ok, run.ExitCode);
        var json = run.Json();
        var jwt = await ValidateAsync(json.GetProperty("token").GetString()!, key);
        Assert.Equal(["sub-a", "sub-b"], Subscriptions(jwt));
        Assert.Equal("ci-runner", jwt.Subject);
        Assert.Equal(TimeSpan.FromDays(7), jwt.ValidTo - jwt.ValidFrom);
        Assert.Equal(new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero), json.GetProperty("expiresOn").GetDateTimeOffset());
    }

    [Fact]
    public async Task All_subscriptions_grants_a_star()
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK);
        var key = CreateKey(cli);

        var run = await cli.RunAsync("token", "--all-subscriptions");

        Assert.Equal(FerryCli.Ok, run.ExitCode);
        Assert.Equal(["*"], Subscriptions(await ValidateAsync(run.Output.Trim(), key)));
    }

    [Fact]
    public async Task A_data_directory_without_a_signing_key_is_a_usage_error_that_says_to_start_the_server()
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK);
        cli.WriteCredentials(new { subscriptionId = Subscription });

        var run = await cli.RunAsync("token");

        Assert.Equal(FerryCli.UsageError, run.ExitCode);
        Assert.Contains("start the server once with this data directory", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Without_a_subscription_anywhere_it_is_a_usage_error()
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK);
        CreateKey(cli);

        var run = await cli.RunAsync("token");

        Assert.Equal(FerryCli.UsageError, run.ExitCode);
        Assert.Contains("--subscription", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--lifetime", "soon")]
    [InlineData("--lifetime", "0")]
    [InlineData("--all-subscriptions", "--subscription")]
    public async Task Bad_options_are_usage_errors(string option, string value)
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK);
        CreateKey(cli);
        cli.WriteCredentials(new { subscriptionId = Subscription });

        var run = await cli.RunAsync(value == "--subscription" ? ["token", option, value, Subscription] : ["token", option, value]);

        Assert.Equal(FerryCli.UsageError, run.ExitCode);
    }
}
