using System.Net;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;
using Ferry.IntegrationTests.Webhooks;

namespace Ferry.IntegrationTests.Classic;

/// <summary>
/// A registered management certificate is accepted only within its validity period, on the server's clock
/// (docs/classic-api.md §2.2): outside it, 403 AuthenticationFailed in the surface's envelope, naming the period's end
/// or start. Real TLS with real certificates.
/// </summary>
public sealed class CertificateValidityTests
{
    private const string DocumentedMessage = "The server failed to authenticate the request. Verify that the certificate is valid and is associated with this subscription.";

    private static readonly string[] _paths = ["", "$metadata", "locations", "storageaccounts", "storageaccounts/xttest/jobs", "storageaccounts/xttest/jobs/MySampleJob"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Utc(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_expired_certificate_answers_403_AuthenticationFailed_naming_its_expiry_on_every_operation()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var expired = TestCertificates.Client("expired in 2020", Utc(2019, 1, 1), Utc(2020, 6, 30, 12));
        var (subscription, _) = await server.AddSubscriptionAsync(expired);
        using var client = server.CreateClient(expired);
        var classicBase = $"{server.BaseAddress}{subscription}/services/importexport";

        var statuses = await StatusesAsync(client, classicBase);
        using var put = await client.SendAsync(ProtocolAssert.Absolute(HttpMethod.Put, classicBase + "/storageaccounts/xttest/jobs/MySampleJob"), Ct);
        using var one = await client.SendAsync(ProtocolAssert.Absolute(HttpMethod.Get, classicBase + "/locations"), Ct);

        Assert.All(statuses, s => Assert.Equal((403, "AuthenticationFailed"), (s.Status, s.Code)));
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        var information = await AssertDeniedAsync(one);
        Assert.Contains("expired at 2020-06-30T12:00:00Z", information, StringComparison.Ordinal);
        Assert.Contains(expired.Thumbprint, information, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_certificate_not_yet_valid_answers_403_AuthenticationFailed_naming_when_it_starts()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var future = TestCertificates.Client("valid from 2035", Utc(2035, 1, 1), Utc(2040, 1, 1));
        var (subscription, _) = await server.AddSubscriptionAsync(future);
        using var client = server.CreateClient(future);
        var classicBase = $"{server.BaseAddress}{subscription}/services/importexport";

        var statuses = await StatusesAsync(client, classicBase);
        using var one = await client.SendAsync(ProtocolAssert.Absolute(HttpMethod.Get, classicBase + "/locations"), Ct);

        Assert.All(statuses, s => Assert.Equal((403, "AuthenticationFailed"), (s.Status, s.Code)));
        var information = await AssertDeniedAsync(one);
        Assert.Contains("not yet valid", information, StringComparison.Ordinal);
        Assert.Contains("2035-01-01T00:00:00Z", information, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_within_its_validity_period_answers_200()
    {
        await using var server = await FerryTestServer.StartAsync();
        var now = server.Clock.GetUtcNow();
        using var valid = TestCertificates.Client("valid now", now.AddDays(-1), now.AddDays(1));
        var (subscription, _) = await server.AddSubscriptionAsync(valid);
        using var client = server.CreateClient(valid);

        var statuses = await StatusesAsync(client, $"{server.BaseAddress}{subscription}/services/importexport", _paths[..5]);

        Assert.All(statuses, s => Assert.Equal(200, s.Status));
    }

    [Fact]
    public async Task The_period_is_read_on_the_servers_clock_at_every_request_with_both_ends_included()
    {
        await using var server = await FerryTestServer.StartAsync();
        var start = server.Clock.GetUtcNow();
        var (notBefore, notAfter) = (Utc(start.Year, start.Month, start.Day).AddDays(1), Utc(start.Year, start.Month, start.Day).AddDays(3));
        using var certificate = TestCertificates.Client("two days", notBefore, notAfter);
        var (subscription, _) = await server.AddSubscriptionAsync(certificate);
        using var client = server.CreateClient(certificate);
        var locations = $"{server.BaseAddress}{subscription}/services/importexport/locations";
        var seen = new List<(string When, HttpStatusCode Status)>();

        async Task RequestAsync(string when, DateTimeOffset at)
        {
            server.Clock.SetUtcNow(at);
            using var response = await client.SendAsync(ProtocolAssert.Absolute(HttpMethod.Get, locations), Ct);
            seen.Add((when, response.StatusCode));
        }

        await RequestAsync("a second before", notBefore.AddSeconds(-1));
        await RequestAsync("at the start", notBefore);
        await RequestAsync("at the end", notAfter);
        await RequestAsync("a second after", notAfter.AddSeconds(1));

        Assert.Equal(
            [("a second before", HttpStatusCode.Forbidden), ("at the start", HttpStatusCode.OK), ("at the end", HttpStatusCode.OK), ("a second after", HttpStatusCode.Forbidden)],
            seen);
    }

    [Fact]
    public async Task The_development_certificate_is_refused_once_the_servers_clock_passes_its_expiry()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        using var before = await client.SendAsync(server, HttpMethod.Get, "locations");

        server.Clock.SetUtcNow(new DateTimeOffset(server.ManagementCertificate.NotAfter.ToUniversalTime(), TimeSpan.Zero).AddMinutes(1));
        using var after = await client.SendAsync(server, HttpMethod.Get, "locations");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Contains("expired at", await AssertDeniedAsync(after), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unregistered_expired_certificate_is_refused_as_unregistered()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var stranger = TestCertificates.Client("expired stranger", Utc(2019, 1, 1), Utc(2020, 1, 1));
        using var client = server.CreateClient(stranger);

        using var response = await client.SendAsync(server, HttpMethod.Get, "locations");

        var information = await AssertDeniedAsync(response);
        Assert.Contains("not registered", information, StringComparison.Ordinal);
        Assert.DoesNotContain("expired", information, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_customer_extensions_refuse_an_expired_certificate_with_a_403_problem_naming_its_expiry()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var expired = TestCertificates.Client("expired in 2020", Utc(2019, 1, 1), Utc(2020, 6, 30, 12));
        var (subscription, _) = await server.AddSubscriptionAsync(expired);
        using var client = server.CreateClient(expired);

        using var response = await client.GetAsync(FerryExtensionsRequests.Base(server, subscription) + "/webhooks", Ct);

        var problem = await FerryExtensionsRequests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "AuthenticationFailed");
        Assert.Contains("expired at 2020-06-30T12:00:00Z", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<string> AssertDeniedAsync(HttpResponseMessage response)
    {
        var information = await ProtocolAssert.ErrorAsync(response, 403, "AuthenticationFailed");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(DocumentedMessage, body["odata.error"]!["message"]!["value"]!.GetValue<string>());
        return information;
    }

    private static async Task<List<(string Path, int Status, string? Code)>> StatusesAsync(HttpClient client, string classicBase, string[]? paths = null)
    {
        var results = new List<(string Path, int Status, string? Code)>();
        foreach (var path in paths ?? _paths)
        {
            using var response = await client.SendAsync(ProtocolAssert.Absolute(HttpMethod.Get, classicBase + "/" + path), Ct);
            results.Add((path, (int)response.StatusCode, response.IsSuccessStatusCode ? null : await ClassicRequests.ExtendedCodeAsync(response)));
        }

        return results;
    }
}
