using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Ferry.Benchmarks;

/// <summary>
/// Builds the requests of the classic surface (docs/classic-api.md §2–§3) for one subscription and storage account,
/// and the <see cref="HttpClient"/> that sends them: HTTP/1.1 keep-alive over TLS with the management certificate.
/// </summary>
internal sealed class ClassicClient(Uri serviceBase, string storageAccount)
{
    public const string Version = "2014-11-01";

    private static readonly MediaTypeHeaderValue _jsonMediaType = new("application/json");

    // Any 64 bytes in Base64 will do: Put Job does not check the key against a real account (docs/classic-api.md §3.5).
    private static readonly string _accountKey = Convert.ToBase64String(Encoding.ASCII.GetBytes(new string('k', 64)));

    /// <summary><c>https://127.0.0.1:PORT/{subscription}/services/importexport</c>, without a trailing slash.</summary>
    public Uri ServiceBase { get; } = serviceBase;

    public string StorageAccount { get; } = storageAccount;

    /// <summary>Get Service Document: the trivial authenticated endpoint (the framework ceiling).</summary>
    public Uri ServiceDocument => new(ServiceBase + "/");

    public Uri JobsCollection => new($"{ServiceBase}/storageaccounts/{StorageAccount}/jobs");

    public Uri Job(string name) => new($"{ServiceBase}/storageaccounts/{StorageAccount}/jobs/{name}");

    public static HttpRequestMessage Get(Uri uri) => new(HttpMethod.Get, uri) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

    /// <summary>Put Job: an import job with one drive, as in the Put Job example of docs/classic-api.md §3.5.</summary>
    public HttpRequestMessage PutJob(string name)
    {
        var body = "{\"Name\":\"" + name + "\",\"Properties\":{\"StorageAccountKey\":\"" + _accountKey
            + "\",\"Location\":\"West US\",\"Type\":\"Import\",\"ReturnAddress\":{\"Name\":\"A\",\"Address\":\"B\",\"Phone\":\"1\",\"Email\":\"a@b.c\"}},"
            + "\"DriveList\":[{\"DriveId\":\"DRIVE0001\",\"BitLockerKey\":\"259358-100188-581471-154165-090552-296406-410091-426844\","
            + "\"ManifestFile\":\"\\\\DriveManifest.xml\",\"ManifestHash\":\"B306C4B34DAA0E99957A4B9C779D2FA2\"}]}";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = _jsonMediaType;
        return new HttpRequestMessage(HttpMethod.Put, Job(name))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
    }

    /// <summary>
    /// An HTTP/1.1 client that presents the management certificate and trusts exactly the server certificate of
    /// <paramref name="credentials"/> (and those of <paramref name="alsoTrusted"/>, PEM files of further instances that
    /// share its database). Every request carries <c>x-ms-version</c>.
    /// </summary>
    public static HttpClient CreateHttpClient(ServerCredentials credentials, int maxConnections, TimeSpan requestTimeout, IEnumerable<string>? alsoTrusted = null)
    {
        X509Certificate2 managementCertificate;
        using (var pem = X509Certificate2.CreateFromPemFile(credentials.ManagementCertificate, credentials.ManagementKey))
        {
            // A PEM key is ephemeral; TLS on some platforms needs a key it can persist, hence the PKCS#12 round trip.
            managementCertificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }

        var trustedHashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in (alsoTrusted ?? []).Prepend(credentials.ServerCertificate))
        {
            using var serverCertificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
            trustedHashes.Add(serverCertificate.GetCertHashString(HashAlgorithmName.SHA256));
        }

        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [managementCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && trustedHashes.Contains(certificate.GetCertHashString(HashAlgorithmName.SHA256)),
            },
        };
        var client = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = requestTimeout,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        client.DefaultRequestHeaders.Add("x-ms-version", Version);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }
}
