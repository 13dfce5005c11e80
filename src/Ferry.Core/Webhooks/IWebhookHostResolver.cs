using System.Net;

namespace Ferry.Core.Webhooks;

/// <summary>
/// Resolves a webhook's host name to addresses, at registration and at every delivery attempt. The server's is
/// <see cref="DnsWebhookHostResolver"/>; tests give a name other answers to show that a name that changes its answer
/// between registration and delivery is caught where the connection is made.
/// </summary>
public interface IWebhookHostResolver
{
    /// <summary>The addresses of <paramref name="host"/> (a DNS name, never an IP literal); empty or a
    /// <see cref="System.Net.Sockets.SocketException"/> when it does not resolve.</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver (<see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>).</summary>
public sealed class DnsWebhookHostResolver : IWebhookHostResolver
{
    /// <inheritdoc />
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
