using System.Net;
using Ferry.Cli;
using Ferry.Core.Persistence;
using Ferry.IntegrationTests.Classic;
using Ferry.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.IntegrationTests.Cli;

/// <summary>
/// <c>ferry subscription add|list</c> on a running server's database, with the CLI on the server's clock: a certificate
/// outside its validity period is refused unless <c>--force</c>, one expiring within 30 days is registered with a
/// warning, and <c>list</c> shows each expiry (docs/classic-api.md §2.2).
/// </summary>
public sealed class SubscriptionCommandsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Utc(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Add_refuses_an_expired_certificate_naming_its_expiry_and_registers_nothing()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var expired = TestCertificates.Client("expired in 2020", Utc(2019, 1, 1), Utc(2020, 6, 30, 12));

        var result = await AddAsync(server, expired);

        Assert.True(result.ExitCode == FerryCli.UsageError, result.ToString());
        Assert.StartsWith($"ferry: certificate {expired.Thumbprint} expired at 2020-06-30T12:00:00Z", result.Error, StringComparison.Ordinal);
        Assert.Contains("--force", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
        Assert.Null(await FindAsync(server, expired.Thumbprint));
    }

    [Fact]
    public async Task Add_refuses_a_certificate_not_yet_valid_naming_when_it_starts()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var future = TestCertificates.Client("valid from 2035", Utc(2035, 1, 1), Utc(2040, 1, 1));

        var result = await AddAsync(server, future);

        Assert.True(result.ExitCode == FerryCli.UsageError, result.ToString());
        Assert.StartsWith($"ferry: certificate {future.Thumbprint} is not valid until 2035-01-01T00:00:00Z", result.Error, StringComparison.Ordinal);
        Assert.Null(await FindAsync(server, future.Thumbprint));
    }

    [Fact]
    public async Task Force_registers_an_expired_certificate_with_a_warning_and_the_server_still_refuses_it()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var expired = TestCertificates.Client("expired in 2020", Utc(2019, 1, 1), Utc(2020, 6, 30, 12));
        var subscription = Guid.NewGuid().ToString();

        var result = await AddAsync(server, expired, subscription, "--force");
        using var client = server.CreateClient(expired);
        using var response = await client.SendAsync(ProtocolAssert.Absolute(HttpMethod.Get, $"{server.BaseAddress}{subscription}/services/importexport/locations"), Ct);

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        Assert.StartsWith($"ferry: warning: certificate {expired.Thumbprint} expired at 2020-06-30T12:00:00Z; registering it anyway (--force).", result.Error, StringComparison.Ordinal);
        Assert.Equal(subscription, (await FindAsync(server, expired.Thumbprint))?.SubscriptionId);
        Assert.Contains("expired at 2020-06-30T12:00:00Z", await ProtocolAssert.ErrorAsync(response, 403, "AuthenticationFailed"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_warns_about_a_certificate_that_expires_within_30_days_and_not_about_one_that_expires_later()
    {
        await using var server = await FerryTestServer.StartAsync();
        var now = server.Clock.GetUtcNow();
        using var soon = TestCertificates.Client("soon", now.AddDays(-1), now.AddDays(10).AddHours(1));
        using var later = TestCertificates.Client("later", now.AddDays(-1), now.AddDays(31));
        var subscription = Guid.NewGuid().ToString();

        var warned = await AddAsync(server, soon, subscription);
        var quiet = await AddAsync(server, later);
        using var client = server.CreateClient(soon);
        using var response = await client.SendAsync(ProtocolAssert.Absolute(HttpMethod.Get, $"{server.BaseAddress}{subscription}/services/importexport/locations"), Ct);

        Assert.True(warned.ExitCode == FerryCli.Ok, warned.ToString());
        Assert.Equal($"ferry: warning: certificate {soon.Thumbprint} expires at 2026-01-15T10:00:00Z (in 10 days); register its successor before then.", warned.Error.TrimEnd());
        Assert.NotNull(await FindAsync(server, soon.Thumbprint));
        Assert.True(quiet.ExitCode == FerryCli.Ok, quiet.ToString());
        Assert.Equal("", quiet.Error);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task List_shows_each_expiry_and_status_and_filters_those_expiring_within_a_period()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var expired = TestCertificates.Client("expired", Utc(2025, 1, 1), Utc(2025, 12, 1));
        using var soon = TestCertificates.Client("soon", Utc(2025, 1, 1), Utc(2026, 1, 20));
        await server.AddSubscriptionAsync(expired);
        await server.AddSubscriptionAsync(soon);

        var all = await RunAsync(server, "subscription", "list");
        var filtered = await RunAsync(server, "subscription", "list", "--expiring-within", "30d", "-o", "json");
        var bad = await RunAsync(server, "subscription", "list", "--expiring-within", "soon");

        Assert.True(all.ExitCode == FerryCli.Ok, all.ToString());
        var rows = all.Rows();
        Assert.Equal(["Subscription", "Enabled", "Certificate thumbprint", "Subject", "Expires", "Status"], rows[0]);
        var byThumbprint = rows.Skip(1).ToDictionary(r => r[2], r => (r[4], r[5]));
        Assert.Equal(("2025-12-01 00:00:00Z", "expired"), byThumbprint[expired.Thumbprint]);
        Assert.Equal(("2026-01-20 00:00:00Z", "expiring"), byThumbprint[soon.Thumbprint]);
        Assert.Equal("valid", byThumbprint[server.ManagementCertificate.Thumbprint].Item2);
        Assert.True(filtered.ExitCode == FerryCli.Ok, filtered.ToString());
        var certificates = filtered.Json().EnumerateArray().SelectMany(s => s.GetProperty("certificates").EnumerateArray()).ToList();
        Assert.Equal(new Dictionary<string, string> { [expired.Thumbprint] = "expired", [soon.Thumbprint] = "expiring" },
            certificates.ToDictionary(c => c.GetProperty("thumbprint").GetString()!, c => c.GetProperty("status").GetString()!));
        Assert.Equal(Utc(2025, 12, 1), certificates.Single(c => c.GetProperty("thumbprint").GetString() == expired.Thumbprint).GetProperty("notAfter").GetDateTimeOffset());
        Assert.Equal(FerryCli.UsageError, bad.ExitCode);
        Assert.Contains("--expiring-within", bad.Error, StringComparison.Ordinal);
    }

    private static async Task<CliResult> AddAsync(FerryTestServer server, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, string? subscription = null, params string[] extra)
    {
        var pem = TestCertificates.WritePem(certificate, Path.Combine(server.DataDirectory, "customer"), certificate.Thumbprint);
        return await RunAsync(server, ["subscription", "add", "--id", subscription ?? Guid.NewGuid().ToString(), "--certificate", pem, .. extra]);
    }

    /// <summary>Runs <c>ferry</c> on the server's database (its data directory, and its PostgreSQL database if any) and clock.</summary>
    private static async Task<CliResult> RunAsync(FerryTestServer server, params string[] args)
    {
        var database = await ServerDatabases.ArgumentsAsync(server.DataDirectory);
        string[] options = database.Count == 0 ? [] : ["--database", "postgresql", "--connection-string", database[^1]];
        var (output, error) = (new StringWriter(), new StringWriter());
        var env = new CliEnvironment(output, error, Interactive: false) { Time = server.Clock };
        var code = await FerryCli.RunAsync([.. args, "--data-dir", server.DataDirectory, .. options], env);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    private static Task<Ferry.Core.Subscriptions.ManagementCertificate?> FindAsync(FerryTestServer server, string thumbprint) =>
        server.Services.GetRequiredService<IJobStore>().FindCertificateOrNullAsync(thumbprint.ToUpperInvariant(), Ct);
}
