using System.Net;
using Ferry.Core.Webhooks;

namespace Ferry.UnitTests.Support;

/// <summary>
/// The unit tests' webhook resolver: every name resolves to 203.0.113.10 (a documentation address), so registration's
/// check passes; deliveries in these tests go to an in-memory receiver, never to the network.
/// </summary>
internal sealed class DocumentationResolver : IWebhookHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Task.FromResult<IPAddress[]>([IPAddress.Parse("203.0.113.10")]);
}
