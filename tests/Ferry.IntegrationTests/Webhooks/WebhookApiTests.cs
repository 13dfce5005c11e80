using System.Net;
using Ferry.IntegrationTests.Support;
using static Ferry.IntegrationTests.Webhooks.FerryExtensionsRequests;

namespace Ferry.IntegrationTests.Webhooks;

/// <summary>Webhook registration on the customer extensions (docs/operator-api.md §3), over real TLS with management certificates.</summary>
public sealed class WebhookApiTests
{
    private const string StartInstant = "2026-01-05T09:00:00.0000000+00:00";

    private static readonly Uri _receiver = new("https://hooks.example.com/ferry?source=tests");

    [Fact]
    public async Task Adding_answers_201_with_the_secret_once_and_listing_shows_the_webhook_without_it()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        var created = await client.AddWebhookAsync(server, _receiver, "my-secret");
        var listed = await client.GetValueAsync(Base(server) + "/webhooks");

        Assert.Equal(["id", "url", "createdAt", "secret"], created.Select(p => p.Key));
        var id = created["id"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(_receiver.AbsoluteUri, created["url"]!.GetValue<string>());
        Assert.Equal(StartInstant, created["createdAt"]!.GetValue<string>());
        Assert.Equal("my-secret", created["secret"]!.GetValue<string>());
        var webhook = Assert.Single(listed)!.AsObject();
        Assert.Equal(["id", "url", "createdAt"], webhook.Select(p => p.Key));
        Assert.Equal((id, _receiver.AbsoluteUri, StartInstant), (webhook["id"]!.GetValue<string>(), webhook["url"]!.GetValue<string>(), webhook["createdAt"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Without_a_secret_one_of_32_random_bytes_is_generated_in_the_Standard_Webhooks_whsec_form()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        var first = (await client.AddWebhookAsync(server, _receiver))["secret"]!.GetValue<string>();
        var second = (await client.AddWebhookAsync(server, _receiver))["secret"]!.GetValue<string>();

        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", first);
        Assert.Equal(32, Convert.FromBase64String(first["whsec_".Length..]).Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Removing_answers_204_then_the_webhook_is_gone_and_its_id_unknown()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var id = (await client.AddWebhookAsync(server, _receiver))["id"]!.GetValue<string>();

        using var removed = await client.DeleteAsync($"{Base(server)}/webhooks/{id}");
        using var again = await client.DeleteAsync($"{Base(server)}/webhooks/{id}");
        using var deliveries = await client.GetAsync($"{Base(server)}/webhooks/{id}/deliveries");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Empty(await removed.Content.ReadAsByteArrayAsync());
        Assert.Empty(await client.GetValueAsync(Base(server) + "/webhooks"));
        await AssertProblemAsync(again, HttpStatusCode.NotFound, "ResourceNotFound", "id");
        await AssertProblemAsync(deliveries, HttpStatusCode.NotFound, "ResourceNotFound", "id");
    }

    [Fact]
    public async Task A_new_webhook_has_no_deliveries()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var id = (await client.AddWebhookAsync(server, _receiver))["id"]!.GetValue<string>();

        Assert.Empty(await client.GetValueAsync($"{Base(server)}/webhooks/{id}/deliveries"));
    }

    [Theory]
    [InlineData("""{"url":"ftp://hooks.example.com/x"}""", "url")]
    [InlineData("""{"url":"not a url"}""", "url")]
    [InlineData("""{"url":"/relative/path"}""", "url")]
    [InlineData("""{"url":"https://user:password@hooks.example.com/"}""", "url")]
    [InlineData("""{"url":""}""", "url")]
    [InlineData("""{}""", "url")]
    [InlineData("""{"url":null}""", "url")]
    [InlineData("""{"url":42}""", "url")]
    [InlineData("""{"url":["https://hooks.example.com/"]}""", "url")]
    [InlineData("""{"url":"https://hooks.example.com/","secret":""}""", "secret")]
    [InlineData("""{"url":"https://hooks.example.com/","secret":7}""", "secret")]
    [InlineData("""{"url":"https://hooks.example.com/","secret":"whsec_not*base64"}""", "secret")]
    [InlineData("""{"url":"https://hooks.example.com/","secret":"whsec_c2hvcnQ="}""", "secret")]
    [InlineData("""{"url":"https://unknown.invalid/"}""", "url")]
    [InlineData("""{"url":"https://hooks.example.com/","events":["job.stateChanged"]}""", "events")]
    [InlineData("""{"url":"https://hooks.example.com/","url":"https://other.example.com/"}""", "url")]
    [InlineData("""{"url":"https://hooks.example.com/" """, "body")]
    [InlineData("""null""", "body")]
    [InlineData("""["https://hooks.example.com/"]""", "body")]
    [InlineData("\"https://hooks.example.com/\"", "body")]
    [InlineData("", "body")]
    public async Task A_bad_body_answers_400_BadRequest_naming_the_field_and_adds_nothing(string json, string target)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.PostRawAsync(Base(server) + "/webhooks", json);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequest", target);
        Assert.Empty(await client.GetValueAsync(Base(server) + "/webhooks"));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-16")]
    public async Task A_body_that_is_not_JSON_answers_400_naming_the_Content_Type(string contentType)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.PostRawAsync(Base(server) + "/webhooks", """{"url":"https://hooks.example.com/"}""", contentType);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequest", "Content-Type");
    }

    [Fact]
    public async Task A_subscription_has_at_most_10_webhooks_the_11th_answers_409()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            await client.AddWebhookAsync(server, new Uri($"https://hooks.example.com/{i}"));
        }

        using var eleventh = await client.PostRawAsync(Base(server) + "/webhooks", """{"url":"https://hooks.example.com/10"}""");

        await AssertProblemAsync(eleventh, HttpStatusCode.Conflict, "Conflict");
        Assert.Equal(10, (await client.GetValueAsync(Base(server) + "/webhooks")).Count);
    }

    [Fact]
    public async Task Another_subscriptions_certificate_is_refused_with_403_on_every_operation()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var owner = server.CreateClient();
        var id = (await owner.AddWebhookAsync(server, _receiver))["id"]!.GetValue<string>();
        var (_, otherCertificate) = await server.AddSubscriptionAsync();
        using var other = server.CreateClient(otherCertificate);

        await AssertRefusedEverywhereAsync(other, server, id);

        Assert.Single(await owner.GetValueAsync(Base(server) + "/webhooks"));
    }

    [Fact]
    public async Task No_certificate_or_an_unregistered_one_is_refused_with_403_on_every_operation()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var owner = server.CreateClient();
        var id = (await owner.AddWebhookAsync(server, _receiver))["id"]!.GetValue<string>();
        using var anonymous = server.CreateClient(anonymous: true);
        using var stranger = FerryTestServer.UnregisteredCertificate();
        using var unregistered = server.CreateClient(stranger);

        await AssertRefusedEverywhereAsync(anonymous, server, id);
        await AssertRefusedEverywhereAsync(unregistered, server, id);

        Assert.Single(await owner.GetValueAsync(Base(server) + "/webhooks"));
    }

    [Fact]
    public async Task Each_subscription_sees_and_removes_only_its_own_webhooks()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var owner = server.CreateClient();
        var id = (await owner.AddWebhookAsync(server, _receiver))["id"]!.GetValue<string>();
        var (otherSubscription, otherCertificate) = await server.AddSubscriptionAsync();
        using var other = server.CreateClient(otherCertificate);

        var otherList = await other.GetValueAsync(Base(server, otherSubscription) + "/webhooks");
        using var removeFromOther = await other.DeleteAsync($"{Base(server, otherSubscription)}/webhooks/{id}");
        using var deliveriesFromOther = await other.GetAsync($"{Base(server, otherSubscription)}/webhooks/{id}/deliveries");

        Assert.Empty(otherList);
        await AssertProblemAsync(removeFromOther, HttpStatusCode.NotFound, "ResourceNotFound", "id");
        await AssertProblemAsync(deliveriesFromOther, HttpStatusCode.NotFound, "ResourceNotFound", "id");
        Assert.Single(await owner.GetValueAsync(Base(server) + "/webhooks"));
    }

    [Theory]
    [InlineData("GET", "nothing-here")]
    [InlineData("GET", "")]
    [InlineData("PUT", "webhooks")]
    [InlineData("POST", "jobs/job1/history")]
    public async Task An_unknown_operation_under_the_extensions_answers_a_404_problem(string method, string path)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"{Base(server)}/{path}"));

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "ResourceNotFound");
    }

    private static async Task AssertRefusedEverywhereAsync(HttpClient client, FerryTestServer server, string webhookId)
    {
        var requests = new Func<Task<HttpResponseMessage>>[]
        {
            () => client.GetAsync(Base(server) + "/webhooks"),
            () => client.PostRawAsync(Base(server) + "/webhooks", """{"url":"https://attacker.example.com/"}"""),
            () => client.PostRawAsync(Base(server) + "/webhooks", "{ not json"),
            () => client.DeleteAsync($"{Base(server)}/webhooks/{webhookId}"),
            () => client.GetAsync($"{Base(server)}/webhooks/{webhookId}/deliveries"),
            () => client.GetAsync(Base(server) + "/jobs/job1/history"),
            () => client.GetAsync(Base(server) + "/nothing-here"),
        };
        foreach (var send in requests)
        {
            using var response = await send();
            await AssertProblemAsync(response, HttpStatusCode.Forbidden, "AuthenticationFailed");
        }
    }
}
