using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Ferry.Benchmarks.Transfer;

namespace Ferry.Benchmarks.Api;

/// <summary>
/// The container operations measured on Azurite, as raw HTTP/1.1 requests signed with Shared Key (the Blob service's
/// string-to-sign, HMAC-SHA256 with the development account's key), sent by the same <see cref="LoadGenerator"/> as
/// Ferry's requests: no SDK pipeline (retry policy, diagnostics, response model) sits on Azurite's side only.
/// </summary>
internal sealed class AzuriteRequests(Uri accountEndpoint)
{
    /// <summary>The Blob service version the requests state.</summary>
    public const string Version = "2021-12-02";

    private static readonly byte[] _key = Convert.FromBase64String(AzuriteProcess.AccountKey);

    /// <summary><c>…/devstoreaccount1/&lt;container&gt;?restype=container</c>: Get Container Properties (GET), Create Container (PUT), Delete Container (DELETE).</summary>
    public HttpRequestMessage Container(HttpMethod method, string container) => Signed(method, container, [("restype", "container")], []);

    /// <summary>Set Container Metadata: <c>PUT …?restype=container&amp;comp=metadata</c> with one <c>x-ms-meta-</c> header.</summary>
    public HttpRequestMessage SetMetadata(string container, string value) =>
        Signed(HttpMethod.Put, container, [("restype", "container"), ("comp", "metadata")], [("x-ms-meta-bench", value)]);

    /// <summary>
    /// The Shared Key string-to-sign of a request without body or conditional headers: the verb, eleven empty standard
    /// headers (Content-Length is empty when zero), the <c>x-ms-</c> headers sorted, and the canonical resource
    /// <c>/account/&lt;path&gt;</c> with the query parameters sorted, one per line.
    /// </summary>
    public static string StringToSign(string method, string canonicalPath, IEnumerable<(string Name, string Value)> msHeaders, IEnumerable<(string Name, string Value)> query)
    {
        var s = new StringBuilder(method).Append('\n', 12);
        foreach (var (name, value) in msHeaders.OrderBy(h => h.Name.ToLowerInvariant(), StringComparer.Ordinal))
        {
            s.Append(name.ToLowerInvariant()).Append(':').Append(value.Trim()).Append('\n');
        }

        s.Append('/').Append(AzuriteProcess.AccountName).Append(canonicalPath);
        foreach (var (name, value) in query.OrderBy(q => q.Name.ToLowerInvariant(), StringComparer.Ordinal))
        {
            s.Append('\n').Append(name.ToLowerInvariant()).Append(':').Append(value);
        }

        return s.ToString();
    }

    private HttpRequestMessage Signed(HttpMethod method, string container, (string Name, string Value)[] query, (string Name, string Value)[] extraHeaders)
    {
        var uri = new Uri($"{accountEndpoint.ToString().TrimEnd('/')}/{container}?{string.Join('&', query.Select(q => q.Name + "=" + q.Value))}");
        var date = TimeProvider.System.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        (string, string)[] headers = [("x-ms-date", date), ("x-ms-version", Version), .. extraHeaders];
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(StringToSign(method.Method, uri.AbsolutePath, headers, query))));
        var request = new HttpRequestMessage(method, uri) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation("Authorization", $"SharedKey {AzuriteProcess.AccountName}:{signature}");
        return request;
    }
}
