using System.Security.Cryptography.X509Certificates;
using Azure.Core;

namespace Ferry.Client.Operator;

/// <summary>Options for <see cref="FerryOperatorClient"/>: the contract version and server-certificate trust.</summary>
public sealed class FerryOperatorClientOptions : ClientOptions
{
    private const ServiceVersion LatestVersion = ServiceVersion.V1;

    /// <summary>The operator-surface contract versions this client speaks.</summary>
    public enum ServiceVersion
    {
        /// <summary>The first contract (docs/operator-api.md); the surface is unversioned on the wire, so nothing is sent for it.</summary>
        V1 = 1,
    }

    /// <summary>Creates options for the given contract version (the newest by default).</summary>
    /// <param name="version">The version to speak.</param>
    /// <exception cref="NotSupportedException">The version is not one of <see cref="ServiceVersion"/>.</exception>
    public FerryOperatorClientOptions(ServiceVersion version = LatestVersion)
    {
        Version = version switch
        {
            ServiceVersion.V1 => version,
            _ => throw new NotSupportedException($"Service version {version} is not supported."),
        };
    }

    /// <summary>The contract version this client speaks.</summary>
    public ServiceVersion Version { get; }

    /// <summary>
    /// A server certificate to trust by thumbprint instead of chain validation (e.g. a self-signed Ferry server).
    /// <see langword="null"/> (the default) means normal chain validation. Ignored when <see cref="ClientOptions.Transport"/> was replaced.
    /// </summary>
    public X509Certificate2? ServerCertificate { get; set; }
}
