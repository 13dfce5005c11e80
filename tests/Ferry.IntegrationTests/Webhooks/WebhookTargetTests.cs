using System.Net;
using System.Net.Sockets;
using Ferry.Core.Webhooks;
using Ferry.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Ferry.IntegrationTests.Webhooks.FerryExtensionsRequests;

namespace Ferry.IntegrationTests.Webhooks;

/// <summary>
/// Webhook targets (docs/architecture.md §8.4): non-public addresses are refused at registration (400, nothing stored)
/// and where each delivery connects (a name that resolves differently by then reaches nothing), unless a setting
/// allows them; redirects are not followed; an attempt's timeout runs on the server's clock. The delivery tests run
/// the server without its worker (<c>Ferry:Roles api</c>) and make one dispatcher pass themselves, so each assertion
/// follows a finished attempt.
/// </summary>
public sealed class WebhookTargetTests
{
    private const string Account = "xttest";

    /// <summary>A real attempt that the guard failed to stop would wait on the fake clock; this bounds such a failure.</summary>
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<FerryTestServer> StartAsync(params (string Key, string Value)[] settings)
    {
        var all = settings.ToDictionary(s => s.Key, s => s.Value);
        all["Ferry:Roles"] = "api";
        return FerryTestServer.StartAsync(new FerryTestServerOptions(all));
    }

    private static Task<TimeSpan?> DispatchAsync(FerryTestServer server) =>
        server.Services.GetRequiredService<WebhookDispatcher>().RunOnceAsync(Ct).WaitAsync(_patience, TimeProvider.System, Ct);

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, FerryTestServer server, string url) =>
        client.PostRawAsync(Base(server) + "/webhooks", $$"""{"url":"{{url}}"}""");

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", "127.0.0.1 is a loopback address")]
    [InlineData("http://127.8.9.10/hook", "127.8.9.10 is a loopback address")]
    [InlineData("http://2130706433/hook", "127.0.0.1 is a loopback address")]
    [InlineData("http://[::1]:8080/hook", "::1 is a loopback address")]
    [InlineData("http://[::ffff:127.0.0.1]/hook", "is a loopback address (127.0.0.0/8)")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud instance-metadata address")]
    [InlineData("http://169.254.10.20/hook", "is a link-local address")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/", "is a cloud instance-metadata address")]
    [InlineData("http://10.1.2.3/hook", "10.1.2.3 is a private address (10.0.0.0/8)")]
    [InlineData("http://172.16.5.4/hook", "is a private address (172.16.0.0/12)")]
    [InlineData("http://192.168.1.1/hook", "is a private address (192.168.0.0/16)")]
    [InlineData("http://100.64.0.1/hook", "is a shared (carrier-grade NAT) address")]
    [InlineData("http://0.0.0.0/hook", "is an unspecified (this-network) address")]
    [InlineData("http://[::]/hook", "is the unspecified address")]
    [InlineData("http://[fc00::1]/hook", "is a unique-local address (fc00::/7)")]
    [InlineData("http://[fe80::1]/hook", "is a link-local address (fe80::/10)")]
    [InlineData("http://224.0.0.1/hook", "is a multicast address")]
    [InlineData("http://[ff02::1]/hook", "is a multicast address")]
    [InlineData("http://localhost:8080/hook", "The webhook host 'localhost' resolves to")]
    public async Task Registering_a_target_that_is_not_public_answers_400_naming_why_and_stores_nothing(string url, string why)
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();

        using var response = await RegisterAsync(client, server, url);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequest", "url");
        Assert.Contains(why, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Ferry:Webhooks:AllowPrivateNetworks", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await client.GetValueAsync(Base(server) + "/webhooks"));
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_answers_400_and_stores_nothing()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();

        using var response = await RegisterAsync(client, server, "https://nowhere.invalid/hook");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequest", "url");
        Assert.Contains("'nowhere.invalid' does not resolve", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await client.GetValueAsync(Base(server) + "/webhooks"));
    }

    [Fact]
    public async Task A_name_too_long_to_look_up_answers_400_not_a_server_error()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        var host = string.Concat(Enumerable.Repeat("abcdefghij.", 25)) + "test";

        using var response = await RegisterAsync(client, server, $"https://{host}/hook");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequest", "url");
        Assert.Empty(await client.GetValueAsync(Base(server) + "/webhooks"));
    }

    [Theory]
    [InlineData("Ferry:Webhooks:AllowPrivateNetworks", "true", "http://127.0.0.1:8080/hook", HttpStatusCode.Created)]
    [InlineData("Ferry:Webhooks:AllowPrivateNetworks", "true", "http://[::1]:8080/hook", HttpStatusCode.Created)]
    [InlineData("Ferry:Webhooks:AllowPrivateNetworks", "true", "http://10.1.2.3/hook", HttpStatusCode.Created)]
    [InlineData("Ferry:Webhooks:AllowPrivateNetworks", "true", "http://[fc00::1]/hook", HttpStatusCode.Created)]
    [InlineData("Ferry:Webhooks:AllowPrivateNetworks", "true", "http://localhost:8080/hook", HttpStatusCode.Created)]
    [InlineData("Ferry:Webhooks:AllowPrivateNetworks", "true", "http://169.254.169.254/latest/meta-data/", HttpStatusCode.BadRequest)]
    [InlineData("Ferry:Webhooks:AllowedHosts:0", "10.0.0.0/8", "http://10.1.2.3/hook", HttpStatusCode.Created)]
    [InlineData("Ferry:Webhooks:AllowedHosts:0", "10.0.0.0/8", "http://127.0.0.1/hook", HttpStatusCode.BadRequest)]
    [InlineData("Ferry:Webhooks:AllowedHosts:0", "fc00::/7", "http://[fd12::7]/hook", HttpStatusCode.Created)]
    [InlineData("Ferry:Webhooks:AllowedHosts:0", "127.0.0.1", "http://127.0.0.1:8080/hook", HttpStatusCode.Created)]
    [InlineData("Ferry:Webhooks:AllowedHosts:0", "localhost", "http://localhost:8080/hook", HttpStatusCode.Created)]
    [InlineData("Ferry:Webhooks:AllowedHosts:0", "169.254.169.254", "http://169.254.169.254/latest/meta-data/", HttpStatusCode.Created)]
    public async Task The_settings_allow_what_they_name_and_nothing_more(string key, string value, string url, HttpStatusCode expected)
    {
        await using var server = await StartAsync((key, value));
        using var client = server.CreateClient();

        using var response = await RegisterAsync(client, server, url);

        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal(expected == HttpStatusCode.Created ? 1 : 0, (await client.GetValueAsync(Base(server) + "/webhooks")).Count);
    }

    [Theory]
    [InlineData("127.0.0.1", "a loopback address")]
    [InlineData("::1", "a loopback address")]
    [InlineData("::ffff:127.0.0.1", "a loopback address")]
    [InlineData("169.254.169.254", "a cloud instance-metadata address")]
    [InlineData("fd00:ec2::254", "a cloud instance-metadata address")]
    [InlineData("10.1.2.3", "a private address")]
    [InlineData("fc00::1", "a unique-local address")]
    public async Task A_name_that_resolves_to_a_refused_address_at_delivery_reaches_nothing(string rebound, string why)
    {
        // A listener on every loopback address of a port: the target, were the name's new answer followed.
        var listener = new TcpListener(IPAddress.IPv6Any, 0);
        listener.Server.DualMode = true;
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            await using var server = await StartAsync();
            using var client = server.CreateClient();
            server.Hosts.Set("rebind.example.com", TestHostResolver.Documentation);
            var webhookId = (await client.AddWebhookAsync(server, new Uri($"http://rebind.example.com:{port}/events"), "s3cret"))["id"]!.GetValue<string>();
            server.Hosts.Set("rebind.example.com", IPAddress.Parse(rebound));

            await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("job1"));
            await DispatchAsync(server);

            var delivery = Assert.Single(await client.GetValueAsync($"{Base(server)}/webhooks/{webhookId}/deliveries"))!;
            Assert.Equal(("Pending", 1), (delivery["status"]!.GetValue<string>(), delivery["attempts"]!.GetValue<int>()));
            Assert.Null(delivery["lastStatusCode"]);
            Assert.Equal(
                $"refused: The webhook host 'rebind.example.com' resolves to {IPAddress.Parse(rebound)}, {why}",
                delivery["lastError"]!.GetValue<string>().Split(" (")[0].Split(';')[0]);
            Assert.False(listener.Pending(), "A connection reached the rebound address.");
        }
        finally
        {
            listener.Stop();
        }
    }

    [Theory]
    [InlineData("Ferry:Webhooks:AllowPrivateNetworks", "true")]
    [InlineData("Ferry:Webhooks:AllowedHosts:0", "localhost")]
    public async Task A_loopback_receiver_gets_the_event_when_a_setting_allows_it(string key, string value)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await StartAsync((key, value));
        using var client = server.CreateClient();
        var webhookId = (await client.AddWebhookAsync(server, new Uri($"http://localhost:{receiver.Url.Port}/events"), "s3cret"))["id"]!.GetValue<string>();

        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("job1"));
        await DispatchAsync(server);

        Assert.Equal("job1", (await receiver.NextAsync()).Data["jobName"]!.GetValue<string>());
        var delivery = Assert.Single(await client.GetValueAsync($"{Base(server)}/webhooks/{webhookId}/deliveries"))!;
        Assert.Equal(("Delivered", 200), (delivery["status"]!.GetValue<string>(), delivery["lastStatusCode"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_redirect_is_a_failed_attempt_and_is_not_followed(int status)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext(status);
        await using var server = await StartAsync(("Ferry:Webhooks:AllowedHosts:0", "127.0.0.1"));
        using var client = server.CreateClient();
        var webhookId = (await client.AddWebhookAsync(server, receiver.Url, "s3cret"))["id"]!.GetValue<string>();

        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("job1"));
        await DispatchAsync(server);

        var first = await receiver.NextAsync();
        Assert.Equal(("/events", status), (first.Path, first.AnsweredStatus));
        Assert.Null(receiver.TakeOrNull());
        var delivery = Assert.Single(await client.GetValueAsync($"{Base(server)}/webhooks/{webhookId}/deliveries"))!;
        Assert.Equal(("Pending", 1, status), (delivery["status"]!.GetValue<string>(), delivery["attempts"]!.GetValue<int>(), delivery["lastStatusCode"]!.GetValue<int>()));
        Assert.Equal($"HTTP {status} (redirects are not followed)", delivery["lastError"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_receiver_that_never_answers_is_given_up_on_when_the_server_clock_passes_the_timeout()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext(WebhookReceiver.Hang);

        // Five minutes on the server's clock: far beyond this test's real-time patience, so only the fake clock can end it.
        await using var server = await StartAsync(("Ferry:Webhooks:AllowedHosts:0", "127.0.0.1"), ("Ferry:Webhooks:Timeout", "00:05:00"), ("Ferry:Webhooks:MaxAttempts", "1"));
        using var client = server.CreateClient();
        var webhookId = (await client.AddWebhookAsync(server, receiver.Url, "s3cret"))["id"]!.GetValue<string>();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("job1"));

        var pass = DispatchAsync(server);
        await receiver.NextAsync();
        Assert.False(pass.IsCompleted);
        server.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.False(receiver.IsAbandoned);
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        await pass;
        await receiver.WhenAbandonedAsync();

        var delivery = Assert.Single(await client.GetValueAsync($"{Base(server)}/webhooks/{webhookId}/deliveries"))!;
        Assert.Equal(("Failed", 1), (delivery["status"]!.GetValue<string>(), delivery["attempts"]!.GetValue<int>()));
        Assert.Equal("no answer within 300 s", delivery["lastError"]!.GetValue<string>());
        Assert.Null(delivery["lastStatusCode"]);
    }
}
