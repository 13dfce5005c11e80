using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;

namespace Ferry.Client.Internal;

/// <summary>Transport options shared by the clients: an optional TLS client certificate and an optional pinned server certificate.</summary>
internal static class ClientTransport
{
    public static HttpPipelineTransportOptions Create(X509Certificate2? clientCertificate, X509Certificate2? pinnedServerCertificate)
    {
        var options = new HttpPipelineTransportOptions();
        if (clientCertificate is not null)
        {
            options.ClientCertificates.Add(clientCertificate);
        }

        if (pinnedServerCertificate is not null)
        {
            var thumbprint = pinnedServerCertificate.GetCertHashString();
            options.ServerCertificateCustomValidationCallback = args =>
                args.Certificate is not null && string.Equals(args.Certificate.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase);
        }

        return options;
    }
}
