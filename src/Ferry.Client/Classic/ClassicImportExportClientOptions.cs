using System.Security.Cryptography.X509Certificates;
using Azure.Core;

namespace Ferry.Client.Classic;

/// <summary>Options for <see cref="ClassicImportExportClient"/>: the API version sent as <c>x-ms-version</c>, and server-certificate trust.</summary>
public sealed class ClassicImportExportClientOptions : ClientOptions
{
    private const ServiceVersion LatestVersion = ServiceVersion.V2014_11_01;

    /// <summary>The classic API versions this client speaks.</summary>
#pragma warning disable CA1707 // Azure SDK convention: V{yyyy}_{MM}_{dd}
    public enum ServiceVersion
    {
        /// <summary>Version <c>2014-05-01</c>.</summary>
        V2014_05_01 = 1,

        /// <summary>Version <c>2014-11-01</c>, the default.</summary>
        V2014_11_01 = 2,
    }
#pragma warning restore CA1707

    /// <summary>Creates options for the given API version (the newest by default).</summary>
    /// <param name="version">The version to send.</param>
    /// <exception cref="NotSupportedException">The version is not one of <see cref="ServiceVersion"/>.</exception>
    public ClassicImportExportClientOptions(ServiceVersion version = LatestVersion)
    {
        Version = version switch
        {
            ServiceVersion.V2014_05_01 => "2014-05-01",
            ServiceVersion.V2014_11_01 => "2014-11-01",
            _ => throw new NotSupportedException($"Service version {version} is not supported."),
        };
    }

    /// <summary>The <c>x-ms-version</c> value sent with every request, e.g. <c>2014-11-01</c>.</summary>
    public string Version { get; }

    /// <summary>
    /// A server certificate to trust by thumbprint instead of chain validation (e.g. a self-signed Ferry server).
    /// <see langword="null"/> (the default) means normal chain validation. Ignored when <see cref="ClientOptions.Transport"/> was replaced.
    /// </summary>
    public X509Certificate2? ServerCertificate { get; set; }
}
