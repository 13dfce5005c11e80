using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;
using Ferry.Client.Classic;

namespace Ferry.UnitTests.Client;

/// <summary>A classic client for subscription <c>sub-1</c> at <c>https://ferry.example/</c> over a stub handler, without retries.</summary>
internal static class ClassicTestClient
{
    public static ClassicImportExportClient Create(StubHandler handler)
    {
        var options = new ClassicImportExportClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) };
        options.Retry.MaxRetries = 0;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = new CertificateRequest("CN=unit", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        return new ClassicImportExportClient(new Uri("https://ferry.example/"), "sub-1", certificate, options);
    }
}
