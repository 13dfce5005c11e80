using System.Text.Json;

namespace Ferry.Cli.Commands;

/// <summary>
/// The <c>dev-credentials.json</c> a development server writes into its data directory, read by the CLI itself (not
/// through server code): <c>endpoint</c>, <c>subscriptionId</c>, <c>serverCertificate</c>, <c>managementCertificate</c>,
/// <c>managementKey</c>, <c>operatorToken</c> and <c>armToken</c>, each optional. Relative paths are relative to the data directory.
/// </summary>
internal sealed record DevCredentialsFile(string? Endpoint, string? SubscriptionId, string? ServerCertificate, string? ManagementCertificate, string? ManagementKey, string? OperatorToken)
{
    /// <summary>The development ARM bearer token (<c>armToken</c>).</summary>
    public string? ArmToken { get; init; }

    public const string FileName = "dev-credentials.json";

    public static async Task<DevCredentialsFile?> ReadOrNullAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            await using var stream = System.IO.File.OpenRead(path);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CliException($"{path} is not a JSON object.");
            }

            string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            string? PathOf(string name) => Text(name) is { } file ? Path.GetFullPath(file, Path.GetFullPath(dataDirectory)) : null;
            return new DevCredentialsFile(Text("endpoint"), Text("subscriptionId"), PathOf("serverCertificate"), PathOf("managementCertificate"), PathOf("managementKey"), Text("operatorToken"))
            {
                ArmToken = Text("armToken"),
            };
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}");
        }
    }
}
