using System.Net;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Classic;

/// <summary>Management-certificate authentication over real TLS (docs/classic-api.md §2.2).</summary>
public sealed class AuthenticationTests
{
    private const string DocumentedMessage = "The server failed to authenticate the request. Verify that the certificate is valid and is associated with this subscription.";

    private static readonly string[] _paths = ["", "$metadata", "locations", "storageaccounts", "storageaccounts/xttest/jobs", "storageaccounts/xttest/jobs/MySampleJob"];

    [Fact]
    public async Task Requests_without_a_client_certificate_answer_403_AuthenticationFailed_on_every_operation()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient(anonymous: true);

        var results = await StatusesAsync(client, server.ClassicBase);

        Assert.All(results, r => Assert.Equal((403, "AuthenticationFailed"), (r.Status, r.Code)));
        using var one = await client.SendAsync(server, HttpMethod.Get, "locations");
        await AssertDeniedAsync(one);
    }

    [Fact]
    public async Task Anonymous_Put_Job_is_refused_and_creates_nothing()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var anonymous = server.CreateClient(anonymous: true);
        using var client = server.CreateClient();

        using var put = await anonymous.SendAsync(server, HttpMethod.Put, "storageaccounts/xttest/jobs/MySampleJob", body: ClassicRequests.ImportJob("MySampleJob"));
        using var get = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/xttest/jobs/MySampleJob");

        await AssertDeniedAsync(put);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task An_unregistered_certificate_answers_403_AuthenticationFailed()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var certificate = FerryTestServer.UnregisteredCertificate();
        using var client = server.CreateClient(certificate);

        var results = await StatusesAsync(client, server.ClassicBase);

        Assert.All(results, r => Assert.Equal((403, "AuthenticationFailed"), (r.Status, r.Code)));
        using var one = await client.SendAsync(server, HttpMethod.Get, "locations");
        await AssertDeniedAsync(one);
    }

    [Fact]
    public async Task A_certificate_registered_to_another_subscription_is_refused_on_this_one_and_accepted_on_its_own()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));
        var (otherSubscription, otherCertificate) = await server.AddSubscriptionAsync();
        using var other = server.CreateClient(otherCertificate);

        var onFirst = await StatusesAsync(other, server.ClassicBase);
        var onOwn = await StatusesAsync(other, $"{server.BaseAddress}{otherSubscription}/services/importexport", _paths[..5]);
        using var firstCertificateOnOther = await client.SendAsync(ProtocolAssert.Absolute(HttpMethod.Get, $"{server.BaseAddress}{otherSubscription}/services/importexport/locations"));

        Assert.All(onFirst, r => Assert.Equal((403, "AuthenticationFailed"), (r.Status, r.Code)));
        Assert.All(onOwn, r => Assert.Equal(200, r.Status));
        await AssertDeniedAsync(firstCertificateOnOther);
    }

    [Fact]
    public async Task Another_subscriptions_certificate_cannot_delete_this_subscriptions_job()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));
        var (_, otherCertificate) = await server.AddSubscriptionAsync();
        using var other = server.CreateClient(otherCertificate);

        using var delete = await other.SendAsync(server, HttpMethod.Delete, "storageaccounts/xttest/jobs/MySampleJob");
        using var get = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/xttest/jobs/MySampleJob");

        await AssertDeniedAsync(delete);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("12345")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task A_subscription_segment_that_is_not_the_certificates_subscription_answers_403(string subscription)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(ProtocolAssert.Absolute(HttpMethod.Get, $"{server.BaseAddress}{subscription}/services/importexport/locations"));

        await AssertDeniedAsync(response);
    }

    [Fact]
    public async Task Healthz_is_reachable_without_a_certificate()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient(anonymous: true);

        using var response = await client.GetAsync(new Uri(server.BaseAddress, "healthz"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    private static async Task AssertDeniedAsync(HttpResponseMessage response)
    {
        await ProtocolAssert.ErrorAsync(response, 403, "AuthenticationFailed");
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(DocumentedMessage, body["odata.error"]!["message"]!["value"]!.GetValue<string>());
    }

    private static async Task<List<(string Path, int Status, string? Code)>> StatusesAsync(HttpClient client, string classicBase, string[]? paths = null)
    {
        var results = new List<(string Path, int Status, string? Code)>();
        foreach (var path in paths ?? _paths)
        {
            using var response = await client.SendAsync(ProtocolAssert.Absolute(HttpMethod.Get, classicBase + "/" + path));
            results.Add((path, (int)response.StatusCode, response.IsSuccessStatusCode ? null : await ClassicRequests.ExtendedCodeAsync(response)));
        }

        return results;
    }
}
