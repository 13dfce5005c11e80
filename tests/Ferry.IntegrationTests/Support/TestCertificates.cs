using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ferry.IntegrationTests.Support;

/// <summary>Self-signed client certificates with a chosen validity period, usable by SslStream.</summary>
public static class TestCertificates
{
    /// <summary>A clientAuth certificate <c>CN=<paramref name="commonName"/></c> valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>, with its key.</summary>
    public static X509Certificate2 Client(string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var created = request.CreateSelfSigned(notBefore, notAfter);
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>Writes the public part of <paramref name="certificate"/> as PEM into <paramref name="folder"/>; returns the path.</summary>
    public static string WritePem(X509Certificate2 certificate, string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }
}
