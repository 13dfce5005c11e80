using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ferry.Core.Subscriptions;

namespace Ferry.UnitTests.Core.Subscriptions;

/// <summary><see cref="CertificateValidity"/>: both ends of the period included, UTC instants, and the refusal texts.</summary>
public sealed class CertificateValidityTests
{
    private static readonly DateTimeOffset _notBefore = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _notAfter = new(2026, 6, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_period_includes_both_ends_and_nothing_outside()
    {
        using var certificate = Create();

        var statuses = new[] { _notBefore.AddSeconds(-1), _notBefore, _notAfter, _notAfter.AddSeconds(1) }
            .Select(at => CertificateValidity.Of(certificate, at).Status);

        Assert.Equal([CertificateValidityStatus.NotYetValid, CertificateValidityStatus.Valid, CertificateValidityStatus.Valid, CertificateValidityStatus.Expired], statuses);
        Assert.Equal((_notBefore, _notAfter), (CertificateValidity.Of(certificate, _notBefore).NotBefore, CertificateValidity.Of(certificate, _notBefore).NotAfter));
        Assert.Equal(TimeSpan.Zero, CertificateValidity.Of(certificate, _notBefore).NotAfter.Offset);
    }

    [Fact]
    public void The_refusal_names_the_thumbprint_and_the_end_or_the_start()
    {
        using var certificate = Create();

        Assert.Null(CertificateValidity.Of(certificate, _notBefore).Problem("AB12"));
        Assert.Equal("The management certificate AB12 expired at 2026-06-30T12:00:00Z; register a renewed certificate.",
            CertificateValidity.Of(certificate, _notAfter.AddDays(1)).Problem("AB12"));
        Assert.Equal("The management certificate AB12 is not yet valid: its validity period starts at 2026-01-01T00:00:00Z.",
            CertificateValidity.Of(certificate, _notBefore.AddDays(-1)).Problem("AB12"));
        Assert.Equal("2026-06-30T12:00:00Z", CertificateValidity.Format(_notAfter.ToOffset(TimeSpan.FromHours(2))));
    }

    private static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest("CN=validity", key, HashAlgorithmName.SHA256).CreateSelfSigned(_notBefore, _notAfter);
    }
}
