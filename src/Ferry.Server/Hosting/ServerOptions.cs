namespace Ferry.Server.Hosting;

/// <summary>
/// Where the server keeps its state and which TLS certificate it serves (section <c>Ferry</c>).
/// To add a setting: add the property and its default here, validate it in <see cref="FerryServer"/>, give its
/// default in <c>appsettings.json</c>, and add its line to the README's configuration reference.
/// </summary>
public sealed class ServerOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Ferry";

    /// <summary>The data directory: database, data-protection keys, generated certificates (default <c>./ferry-data</c>).</summary>
    public string DataDirectory { get; set; } = "ferry-data";

    /// <summary>PEM certificate to serve; null to generate a development certificate in the data directory.</summary>
    public string? TlsCertificate { get; set; }

    /// <summary>PEM private key of <see cref="TlsCertificate"/>; null when the key is inside the certificate file.</summary>
    public string? TlsKey { get; set; }

    /// <summary>Whether the first start generates development credentials (a management certificate and subscription).</summary>
    public bool DevCredentials { get; set; } = true;
}
