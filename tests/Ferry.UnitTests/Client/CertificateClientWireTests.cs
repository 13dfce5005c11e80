using System.Net;
using Azure.Core.Pipeline;
using Ferry.Client.Models;
using Ferry.Client.Operator;

namespace Ferry.UnitTests.Client;

/// <summary>What <see cref="FerryOperatorClient"/> sends and reads for <c>/operator/certificates</c>.</summary>
public sealed class CertificateClientWireTests
{
    private const string Base = "https://ferry.example/operator/certificates";
    private const string View = """{"subscriptionId":"sub-1","subscriptionEnabled":false,"thumbprint":"AB12","subject":"CN=x","notAfter":"2020-06-30T12:00:00.0000000+00:00","addedAt":"2019-01-01T00:00:00.0000000+00:00","expired":true}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lists_every_certificate_or_those_expiring_within_a_period_sent_as_a_constant_TimeSpan()
    {
        var handler = StubHandler.Json(HttpStatusCode.OK, $$"""{"value":[{{View}}]}""");
        var client = CreateClient(handler);

        var all = (await client.GetCertificatesAsync(cancellationToken: Ct)).Value;
        await client.GetCertificatesAsync(TimeSpan.FromDays(30), Ct);
        await client.GetCertificatesAsync(TimeSpan.FromHours(36), Ct);

        Assert.Equal([Base, Base + "?expiringWithin=30.00%3A00%3A00", Base + "?expiringWithin=1.12%3A00%3A00"], handler.Requests.Select(r => r.Uri));
        var certificate = Assert.Single(all);
        Assert.Equal(("sub-1", false, "AB12", "CN=x", true), (certificate.SubscriptionId, certificate.SubscriptionEnabled, certificate.Thumbprint, certificate.Subject, certificate.Expired));
        Assert.Equal(new DateTimeOffset(2020, 6, 30, 12, 0, 0, TimeSpan.Zero), certificate.NotAfter);
        Assert.Equal(new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero), certificate.AddedAt);
    }

    [Fact]
    public async Task A_negative_period_is_refused_before_any_request_and_the_factory_builds_views()
    {
        var handler = StubHandler.Json(HttpStatusCode.OK, """{"value":[]}""");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => CreateClient(handler).GetCertificatesAsync(TimeSpan.FromSeconds(-1), Ct));

        Assert.Empty(handler.Requests);
        var model = FerryModelFactory.RegisteredCertificate("sub-1", "AB12", new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), expired: true);
        Assert.Equal(("sub-1", "AB12", true, true), (model.SubscriptionId, model.Thumbprint, model.Expired, model.SubscriptionEnabled));
    }

    private static FerryOperatorClient CreateClient(StubHandler handler)
    {
        var options = new FerryOperatorClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) };
        options.Retry.MaxRetries = 0;
        return new FerryOperatorClient(new Uri("https://ferry.example"), "tok-123", options);
    }
}
