using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ferry.Core.Persistence;
using Ferry.Core.Subscriptions;

namespace Ferry.Server.Hosting;

/// <summary>First-start work on a data directory: the TLS certificate and the development credentials.</summary>
internal static partial class ServerBootstrap
{
    /// <summary>Creates the data directory (owner-only) and returns its absolute path.</summary>
    public static string PrepareDataDirectory(string configured)
    {
        var path = Path.GetFullPath(configured);
        if (!Directory.Exists(path))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        return path;
    }

    /// <summary>The configured TLS certificate, or the data directory's development certificate (generated once).</summary>
    public static (X509Certificate2 Certificate, string Path) LoadOrCreateServerCertificate(ServerOptions options, string dataDirectory, TimeProvider time)
    {
        if (options.TlsCertificate is { } configured)
        {
            return (CertificateFactory.LoadPem(configured, options.TlsKey), Path.GetFullPath(configured));
        }

        var certificates = Directory.CreateDirectory(Path.Combine(dataDirectory, "certs")).FullName;
        var certificatePath = Path.Combine(certificates, "server.pem");
        var keyPath = Path.Combine(certificates, "server.key");
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            using var created = CertificateFactory.CreateServerCertificate(time);
            CertificateFactory.WritePem(created, certificatePath, keyPath);
        }

        return (CertificateFactory.LoadPem(certificatePath, keyPath), certificatePath);
    }

    /// <summary>
    /// On a data directory without <c>dev-credentials.json</c>: generates a management certificate, registers it
    /// to a new subscription and writes the file. Does nothing when the file exists.
    /// </summary>
    public static async Task EnsureDevCredentialsAsync(IJobStore store, string dataDirectory, string serverCertificatePath, string operatorToken, ILogger logger, TimeProvider time, CancellationToken cancellationToken)
    {
        if (DevCredentials.ReadOrNull(dataDirectory) is { } existing)
        {
            if (existing.OperatorToken is null)
            {
                (existing with { OperatorToken = operatorToken }).Write(dataDirectory);
            }

            return;
        }

        var certificates = Directory.CreateDirectory(Path.Combine(dataDirectory, "certs")).FullName;
        var certificatePath = Path.Combine(certificates, "management.pem");
        var keyPath = Path.Combine(certificates, "management.key");
        var subscriptionId = Guid.NewGuid().ToString();
        using var certificate = CertificateFactory.CreateClientCertificate("Ferry development management certificate", time);
        CertificateFactory.WritePem(certificate, certificatePath, keyPath);
        await store.RegisterCertificateAsync(subscriptionId, new ManagementCertificate
        {
            Thumbprint = CertificateFactory.Sha1Thumbprint(certificate),
            Subject = certificate.Subject,
            NotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
        }, time.GetUtcNow(), cancellationToken);
        new DevCredentials(subscriptionId, serverCertificatePath, certificatePath, keyPath) { OperatorToken = operatorToken }.Write(dataDirectory);
        LogDevCredentials(logger, subscriptionId, Path.Combine(dataDirectory, DevCredentials.FileName));
    }

    /// <summary>The development operator token of the data directory's credentials file, or a new one (32 random bytes, base64url).</summary>
    public static string DevelopmentOperatorToken(string dataDirectory) =>
        DevCredentials.ReadOrNull(dataDirectory)?.OperatorToken ?? Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Records the URL the server listens on in the credentials file, so tools find it.</summary>
    public static void RecordEndpoint(string dataDirectory, string? address)
    {
        if (address is null || DevCredentials.ReadOrNull(dataDirectory) is not { } credentials)
        {
            return;
        }

        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "localhost";
        }

        (credentials with { Endpoint = uri.Uri.AbsoluteUri }).Write(dataDirectory);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Development credentials created: subscription {SubscriptionId}, see {Path}. Do not use them in production.")]
    private static partial void LogDevCredentials(ILogger logger, string subscriptionId, string path);
}
