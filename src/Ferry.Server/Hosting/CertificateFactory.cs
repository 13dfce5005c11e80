using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ferry.Server.Hosting;

/// <summary>
/// Creates, persists and loads the self-signed certificates Ferry uses for HTTPS and for
/// client-certificate authentication. Uses only the BCL cryptography APIs.
/// </summary>
internal static class CertificateFactory
{
    private const int ValidityYears = 5;
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private static readonly TimeSpan _backdate = TimeSpan.FromDays(1);

    /// <summary>
    /// Creates a self-signed ECDSA P-256/SHA-256 server certificate for <c>CN=localhost</c> with
    /// SANs <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c>, EKU serverAuth, key usage
    /// DigitalSignature|KeyEncipherment, not a CA, valid from now minus one day to now plus five years
    /// (as read from <paramref name="time"/>). The result has an exportable private key and is
    /// directly usable by Kestrel/<see cref="System.Net.Security.SslStream"/>.
    /// </summary>
    /// <param name="time">The clock used for the validity window.</param>
    /// <returns>A new certificate with its private key; the caller owns and disposes it.</returns>
    public static X509Certificate2 CreateServerCertificate(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);

        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);

        return Create(new X500DistinguishedName("CN=localhost"), ServerAuthOid, san, time);
    }

    /// <summary>
    /// Creates a self-signed ECDSA P-256/SHA-256 client certificate with subject
    /// <c>CN=<paramref name="commonName"/></c>, EKU clientAuth, key usage
    /// DigitalSignature|KeyEncipherment, not a CA, valid from now minus one day to now plus five years.
    /// </summary>
    /// <param name="commonName">The subject common name; must not be null or whitespace.</param>
    /// <param name="time">The clock used for the validity window.</param>
    /// <returns>A new certificate with its private key; the caller owns and disposes it.</returns>
    public static X509Certificate2 CreateClientCertificate(string commonName, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        ArgumentNullException.ThrowIfNull(time);

        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        return Create(subject.Build(), ClientAuthOid, san: null, time);
    }

    /// <summary>
    /// Writes <paramref name="certificate"/> as a PEM <c>CERTIFICATE</c> block to
    /// <paramref name="certificatePath"/> and, when <paramref name="keyPath"/> is not null, its
    /// private key as a PKCS#8 PEM <c>PRIVATE KEY</c> block to <paramref name="keyPath"/>.
    /// Existing files are overwritten. On Unix the key file is created with mode 0600 from the
    /// start, so it is never readable by group or others.
    /// </summary>
    /// <param name="certificate">The certificate; must have a private key when <paramref name="keyPath"/> is given.</param>
    /// <param name="certificatePath">Destination of the certificate PEM.</param>
    /// <param name="keyPath">Destination of the private key PEM, or null to write no key.</param>
    /// <exception cref="InvalidOperationException">A key path was given but the certificate has no private key.</exception>
    public static void WritePem(X509Certificate2 certificate, string certificatePath, string? keyPath)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentException.ThrowIfNullOrEmpty(certificatePath);

        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");

        if (keyPath is null)
        {
            return;
        }

        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
            ?? throw new InvalidOperationException("The certificate has no private key to write.");
        var keyPem = key.ExportPkcs8PrivateKeyPem() + "\n";

        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            // Truncating an existing (possibly world-readable) file would expose the new key through
            // its old mode, so replace it with a fresh file that is 0600 from open(2) onwards.
            File.Delete(keyPath);
            options.Mode = FileMode.CreateNew;
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(keyPath, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(keyPem);
        }

        if (!OperatingSystem.IsWindows())
        {
            // The create mode is filtered through the umask; make the final mode exactly 0600.
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>
    /// Loads a PEM certificate from <paramref name="certificatePath"/> and, when
    /// <paramref name="keyPath"/> is not null, pairs it with the PEM private key in that file.
    /// The result is re-imported through PKCS#12 so it is usable both as a Kestrel/SslStream server
    /// certificate and in <c>HttpClientHandler.ClientCertificates</c> on every platform.
    /// </summary>
    /// <param name="certificatePath">Path of a file holding a PEM <c>CERTIFICATE</c> block.</param>
    /// <param name="keyPath">Path of a file holding the matching PEM private key, or null.</param>
    /// <returns>The loaded certificate; the caller owns and disposes it.</returns>
    /// <exception cref="InvalidOperationException">A file is missing, unreadable or not valid PEM, or the key does not match.</exception>
    public static X509Certificate2 LoadPem(string certificatePath, string? keyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePath);

        RequireFile(certificatePath, "Certificate");
        if (keyPath is null)
        {
            try
            {
                // Not CreateFromPemFile(path): with no key path it looks for the key in the certificate file.
                return X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException(
                    $"Certificate file '{certificatePath}' could not be read as a PEM certificate: {ex.Message}", ex);
            }
        }

        RequireFile(keyPath, "Private key");
        X509Certificate2 ephemeral;
        try
        {
            ephemeral = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException(
                $"Could not load certificate '{certificatePath}' with private key '{keyPath}' " +
                $"(files must be PEM and the key must match the certificate): {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"Could not load certificate '{certificatePath}' with private key '{keyPath}': {ex.Message}", ex);
        }

        using (ephemeral)
        {
            // Ephemeral (PEM-loaded) keys are rejected by SChannel on Windows; a PKCS#12 round trip
            // gives a key that works on all platforms (it is not needed on Linux).
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
        }
    }

    /// <summary>
    /// Returns the SHA-1 thumbprint of <paramref name="certificate"/> as uppercase hexadecimal
    /// without separators (40 characters).
    /// </summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The uppercase hex thumbprint.</returns>
    public static string Sha1Thumbprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.Thumbprint.ToUpperInvariant();
    }

    private static X509Certificate2 Create(
        X500DistinguishedName subject, string ekuOid, SubjectAlternativeNameBuilder? san, TimeProvider time)
    {
        // ECDSA P-256: as strong as RSA-3072, accepted by every current TLS stack, and generated in microseconds.
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256);

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(ekuOid)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san.Build());
        }

        var now = time.GetUtcNow();
        using var created = request.CreateSelfSigned(now - _backdate, now.AddYears(ValidityYears));

        // Round-trip through PKCS#12 so the key is usable by SslStream on Windows as well as Linux.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    private static void RequireFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{what} file '{path}' does not exist.");
        }
    }
}
