using System.Net;
using System.Text.Json.Nodes;
using Ferry.Cli;
using Ferry.Client.Operator;
using Ferry.IntegrationTests.Cli;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Operator;

/// <summary>
/// <c>GET /operator/certificates</c> (docs/operator-api.md §1), its client method and <c>ferry operator certificates</c>:
/// the registered management certificates soonest expiry first, optionally only those expiring within a period of the
/// server's clock (expired included). Public facts only.
/// </summary>
public sealed class CertificateListTests
{
    private const string Path = "operator/certificates";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lists_every_certificate_soonest_expiry_first_and_filters_those_expiring_within_a_period()
    {
        await using var server = await FerryTestServer.StartAsync();
        var registered = await RegisterAsync(server);
        using var client = server.CreateOperatorClient();

        using var all = await client.GetAsync(Path, Ct);
        using var soon = await client.GetAsync(Path + "?expiringWithin=30.00:00:00", Ct);
        using var soonInDays = await client.GetAsync(Path + "?expiringWithin=30", Ct);
        using var none = await client.GetAsync(Path + "?expiringWithin=00:00:00", Ct);

        var values = await ValuesAsync(all);
        Assert.Equal([registered.Expired, registered.Soon, registered.Later, server.ManagementCertificate.Thumbprint],
            values.Select(v => v["thumbprint"]!.GetValue<string>()));
        Assert.Equal([true, false, false, false], values.Select(v => v["expired"]!.GetValue<bool>()));
        var first = values[0].AsObject();
        Assert.Equal(["subscriptionId", "subscriptionEnabled", "thumbprint", "subject", "notAfter", "addedAt", "expired"], first.Select(p => p.Key));
        Assert.Equal((registered.ExpiredSubscription, true, "CN=expired"), (first["subscriptionId"]!.GetValue<string>(), first["subscriptionEnabled"]!.GetValue<bool>(), first["subject"]!.GetValue<string>()));
        Assert.Equal(new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero), first["notAfter"]!.GetValue<DateTimeOffset>());
        Assert.Equal(server.Clock.GetUtcNow(), first["addedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal([registered.Expired, registered.Soon], (await ValuesAsync(soon)).Select(v => v["thumbprint"]!.GetValue<string>()));
        Assert.Equal([registered.Expired, registered.Soon], (await ValuesAsync(soonInDays)).Select(v => v["thumbprint"]!.GetValue<string>()));
        Assert.Equal([registered.Expired], (await ValuesAsync(none)).Select(v => v["thumbprint"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("?expiringWithin=soon")]
    [InlineData("?expiringWithin=-1.00:00:00")]
    [InlineData("?expiringWithin=")]
    [InlineData("?expiringWithin=99999999999")]
    [InlineData("?expiringWithin=1&expiringWithin=2")]
    public async Task A_bad_period_is_a_400_naming_expiringWithin(string query)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateOperatorClient();

        using var response = await client.GetAsync(Path + query, Ct);

        var problem = await OperatorRequests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal("expiringWithin", problem["target"]!.GetValue<string>());
    }

    [Fact]
    public async Task Needs_the_operator_token_a_management_certificate_is_not_enough()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var customer = server.CreateClient();

        using var response = await customer.GetAsync(Path, Ct);

        await OperatorRequests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task The_client_library_lists_and_filters_on_the_servers_clock()
    {
        await using var server = await FerryTestServer.StartAsync();
        var registered = await RegisterAsync(server);
        var client = new FerryOperatorClient(server.BaseAddress, server.Credentials.OperatorToken!, new FerryOperatorClientOptions { ServerCertificate = server.ServerCertificate });

        var all = (await client.GetCertificatesAsync(cancellationToken: Ct)).Value;
        var soon = (await client.GetCertificatesAsync(TimeSpan.FromDays(30), Ct)).Value;
        server.Clock.Advance(TimeSpan.FromDays(200));
        var later = (await client.GetCertificatesAsync(TimeSpan.FromDays(30), Ct)).Value;

        Assert.Equal(4, all.Count);
        Assert.Equal([(registered.Expired, true), (registered.Soon, false)], soon.Select(c => (c.Thumbprint, c.Expired)));
        Assert.Equal([(registered.Expired, true), (registered.Soon, true), (registered.Later, true)], later.Select(c => (c.Thumbprint, c.Expired)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetCertificatesAsync(TimeSpan.FromDays(-1), Ct));
    }

    [Fact]
    public async Task Ferry_operator_certificates_prints_those_expiring_within_the_period()
    {
        await using var server = await FerryTestServer.StartAsync();
        var registered = await RegisterAsync(server);

        var table = await CliRun.DevAsync(server, "operator", "certificates", "--expiring-within", "30d");
        var json = await CliRun.DevAsync(server, "operator", "certificates", "-o", "json");
        var bad = await CliRun.DevAsync(server, "operator", "certificates", "--expiring-within", "soon");

        Assert.True(table.ExitCode == 0, table.ToString());
        var rows = table.Rows();
        Assert.Equal(["Subscription", "Enabled", "Thumbprint", "Subject", "Expires", "Expired"], rows[0]);
        Assert.Equal([(registered.Expired, "2025-12-01 00:00:00Z", "yes"), (registered.Soon, "2026-01-20 00:00:00Z", "no")], rows.Skip(1).Select(r => (r[2], r[4], r[5])));
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal(4, json.Json().GetArrayLength());
        Assert.Equal(FerryCli.UsageError, bad.ExitCode);
        Assert.Contains("--expiring-within", bad.Error, StringComparison.Ordinal);
    }

    private static async Task<List<JsonNode>> ValuesAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.DoesNotContain("PRIVATE", text, StringComparison.OrdinalIgnoreCase);
        return [.. JsonNode.Parse(text)!["value"]!.AsArray().Select(v => v!)];
    }

    /// <summary>
    /// Registers, beside the development certificate (valid 5 years), one certificate expired before the server's clock
    /// (2026-01-05), one expiring within 30 days of it and one expiring later.
    /// </summary>
    private static async Task<Registered> RegisterAsync(FerryTestServer server)
    {
        static DateTimeOffset Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);
        using var expired = TestCertificates.Client("expired", Utc(2025, 1, 1), Utc(2025, 12, 1));
        using var soon = TestCertificates.Client("soon", Utc(2025, 1, 1), Utc(2026, 1, 20));
        using var later = TestCertificates.Client("later", Utc(2025, 1, 1), Utc(2026, 6, 1));
        var (expiredSubscription, _) = await server.AddSubscriptionAsync(expired);
        await server.AddSubscriptionAsync(later);
        await server.AddSubscriptionAsync(soon);
        return new Registered(expired.Thumbprint, soon.Thumbprint, later.Thumbprint, expiredSubscription);
    }

    private sealed record Registered(string Expired, string Soon, string Later, string ExpiredSubscription);
}
