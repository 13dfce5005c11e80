using System.Text.Json;

namespace Ferry.Benchmarks;

/// <summary>
/// The server's <c>dev-credentials.json</c>: the subscription, the PEM files a caller needs, and the operator surface's
/// bearer token (null when the file has none).
/// </summary>
internal sealed record ServerCredentials(string SubscriptionId, string ServerCertificate, string ManagementCertificate, string ManagementKey, string? OperatorToken = null)
{
    public const string FileName = "dev-credentials.json";

    /// <summary>Reads the file of <paramref name="dataDirectory"/>; null while it does not exist or is incomplete.</summary>
    public static ServerCredentials? ReadOrNull(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            string? Get(string key) => root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var subscription = Get("subscriptionId");
            var server = Get("serverCertificate");
            var certificate = Get("managementCertificate");
            var key = Get("managementKey");
            return subscription is null || server is null || certificate is null || key is null
                ? null
                : new ServerCredentials(subscription, server, certificate, key, Get("operatorToken"));
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            // The server may still be writing the file.
            return null;
        }
    }
}
