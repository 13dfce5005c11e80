using System.Text.Json.Nodes;
using Ferry.Core.Errors;
using Ferry.Server.Arm;
using Ferry.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Ferry.UnitTests.Server.Arm;

/// <summary>
/// With development credentials the server keeps a signing key in its data directory and a ready token (<c>armToken</c>)
/// in <c>dev-credentials.json</c>, renewed at start when it is missing, signed by another key, or expires within 30 days.
/// </summary>
public sealed class ArmDevelopmentTokenTests
{
    private const string Subscription = "6f43a5ce-afda-4637-ac1c-178c41ba6675";

    private static void WriteCredentials(string dataDirectory)
    {
        new DevCredentials(Subscription, "server.pem", "management.pem", "management.key") { OperatorToken = "operator-token-0123456789" }.Write(dataDirectory);
        var path = Path.Combine(dataDirectory, DevCredentials.FileName);
        var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        node["futureKey"] = "kept";
        File.WriteAllText(path, node.ToJsonString());
    }

    private static Task StartAsync(ArmAuthTestHost host) =>
        ArmAuthenticationSetup.StartAsync(host.Services, host.DataDirectory, NullLogger.Instance, CancellationToken.None);

    private static string? StoredToken(string dataDirectory) => DevCredentials.ReadOrNull(dataDirectory)?.ArmToken;

    [Fact]
    public void The_development_key_is_created_once_as_an_owner_only_PEM_private_key()
    {
        using var host = new ArmAuthTestHost(devCredentials: true, trustKey: false);
        var path = ArmTokens.SigningKeyPath(host.DataDirectory);
        Assert.Equal(Path.Combine(host.DataDirectory, "certs", "arm-signing.key"), path);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(path), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var first = host.Services.GetRequiredService<ArmTrust>().DevelopmentKey;
        Assert.NotNull(first);
        Assert.Equal(first.KeyId, ArmTokens.LoadOrCreateSigningKey(path).KeyId);
    }

    [Fact]
    public async Task A_start_writes_a_one_year_token_of_ferry_developer_for_the_development_subscription_and_keeps_other_keys()
    {
        using var host = new ArmAuthTestHost(devCredentials: true, trustKey: false);
        WriteCredentials(host.DataDirectory);

        await StartAsync(host);

        var token = StoredToken(host.DataDirectory);
        Assert.NotNull(token);
        var jwt = new JsonWebToken(token);
        Assert.Equal(ArmAuthenticationOptions.DevelopmentIssuer, jwt.Issuer);
        Assert.Equal([ArmAuthenticationOptions.DevelopmentAudience], jwt.Audiences);
        Assert.Equal("ferry-developer", jwt.Subject);
        Assert.Equal("ferry-developer", jwt.GetClaim("name").Value);
        Assert.Equal([Subscription], jwt.Claims.Where(c => c.Type == "subscriptions").Select(c => c.Value));
        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime, jwt.ValidFrom);
        Assert.Equal(host.Clock.GetUtcNow().AddDays(365).UtcDateTime, jwt.ValidTo);

        var file = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(host.DataDirectory, DevCredentials.FileName)))!.AsObject();
        Assert.Equal("kept", file["futureKey"]!.GetValue<string>());
        Assert.Equal("operator-token-0123456789", file["operatorToken"]!.GetValue<string>());
        Assert.Equal(token, file["armToken"]!.GetValue<string>());

        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error);
        Assert.Same(FerryErrors.AuthenticationFailed, (await host.AuthenticateAsync("Bearer " + token, Guid.NewGuid().ToString())).Error?.Kind);
    }

    [Fact]
    public async Task A_later_start_keeps_a_token_valid_for_more_than_30_days_and_renews_it_after()
    {
        using var host = new ArmAuthTestHost(devCredentials: true, trustKey: false);
        WriteCredentials(host.DataDirectory);
        await StartAsync(host);
        var first = StoredToken(host.DataDirectory);

        host.Clock.Advance(TimeSpan.FromDays(300));
        await StartAsync(host);
        Assert.Equal(first, StoredToken(host.DataDirectory));

        host.Clock.Advance(TimeSpan.FromDays(36));
        await StartAsync(host);
        var renewed = StoredToken(host.DataDirectory);
        Assert.NotEqual(first, renewed);
        Assert.Equal(host.Clock.GetUtcNow().AddDays(365).UtcDateTime, new JsonWebToken(renewed).ValidTo);
    }

    [Fact]
    public async Task A_stored_token_not_signed_by_the_current_key_is_replaced()
    {
        using var host = new ArmAuthTestHost(devCredentials: true, trustKey: false);
        WriteCredentials(host.DataDirectory);
        (DevCredentials.ReadOrNull(host.DataDirectory)! with { ArmToken = host.Granting(Subscription) }).Write(host.DataDirectory);

        await StartAsync(host);

        var token = StoredToken(host.DataDirectory);
        Assert.Equal(ArmAuthenticationOptions.DevelopmentIssuer, new JsonWebToken(token).Issuer);
        Assert.Null((await host.AuthenticateAsync("Bearer " + token, Subscription)).Error);
    }

    [Fact]
    public async Task Without_development_credentials_no_key_and_no_token_are_made()
    {
        using var host = new ArmAuthTestHost(devCredentials: false, trustKey: false);
        Directory.CreateDirectory(host.DataDirectory);
        WriteCredentials(host.DataDirectory);

        await StartAsync(host);

        Assert.False(File.Exists(ArmTokens.SigningKeyPath(host.DataDirectory)));
        Assert.Null(StoredToken(host.DataDirectory));
    }
}
