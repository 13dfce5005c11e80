using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ferry.Server.Hosting;

/// <summary>
/// The <c>dev-credentials.json</c> file of a data directory: what a developer needs to call the server.
/// An object whose keys later features extend; unknown keys are preserved.
/// </summary>
public sealed record DevCredentials(string SubscriptionId, string ServerCertificate, string ManagementCertificate, string ManagementKey)
{
    /// <summary>File name inside the data directory.</summary>
    public const string FileName = "dev-credentials.json";

    private static readonly JsonSerializerOptions _indented = new() { WriteIndented = true };

    /// <summary>The development operator bearer token, or null (written by servers since the operator surface exists).</summary>
    public string? OperatorToken { get; init; }

    /// <summary>The development bearer token of the ARM surface, or null (written by servers since the ARM surface exists).</summary>
    public string? ArmToken { get; init; }

    /// <summary>The base URL the server last listened on, e.g. <c>https://localhost:8443/</c>, or null.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Reads the file of <paramref name="dataDirectory"/>, or null when there is none.</summary>
    public static DevCredentials? ReadOrNull(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var node = JsonNode.Parse(File.ReadAllText(path))?.AsObject()
            ?? throw new InvalidOperationException($"{path} is not a JSON object.");
        string Get(string key) => node[key]?.GetValue<string>() ?? throw new InvalidOperationException($"{path} lacks '{key}'.");
        return new DevCredentials(Get("subscriptionId"), Get("serverCertificate"), Get("managementCertificate"), Get("managementKey"))
        {
            OperatorToken = node["operatorToken"]?.GetValue<string>(),
            Endpoint = node["endpoint"]?.GetValue<string>(),
            ArmToken = node["armToken"]?.GetValue<string>(),
        };
    }

    /// <summary>Writes (or merges into) the file of <paramref name="dataDirectory"/>, readable by the owner only.</summary>
    public void Write(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        var node = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? [] : [];
        node["subscriptionId"] = SubscriptionId;
        node["serverCertificate"] = ServerCertificate;
        node["managementCertificate"] = ManagementCertificate;
        node["managementKey"] = ManagementKey;
        if (OperatorToken is not null)
        {
            node["operatorToken"] = OperatorToken;
        }

        if (Endpoint is not null)
        {
            node["endpoint"] = Endpoint;
        }

        if (ArmToken is not null)
        {
            node["armToken"] = ArmToken;
        }

        var temp = path + ".tmp";
        File.WriteAllText(temp, node.ToJsonString(_indented));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }
}
