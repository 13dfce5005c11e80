using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Ferry.Core.Webhooks;

namespace Ferry.IntegrationTests.Support;

/// <summary>
/// The test servers' webhook resolver: names a test sets (<see cref="Set"/>) answer what the test says, names under
/// <c>example.com</c>, <c>example</c> and <c>example.invalid</c> answer a documentation address (203.0.113.10: tests
/// that register them never deliver), other names under <c>invalid</c> do not resolve, and every other name goes to the
/// system resolver (so <c>localhost</c> resolves as it does on the machine).
/// </summary>
public sealed class TestHostResolver : IWebhookHostResolver
{
    /// <summary>The documentation address (TEST-NET-3) example names resolve to.</summary>
    public static readonly IPAddress Documentation = IPAddress.Parse("203.0.113.10");

    private readonly ConcurrentDictionary<string, IPAddress[]> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly DnsWebhookHostResolver _system = new();

    /// <summary>From now on, <paramref name="name"/> resolves to <paramref name="addresses"/> (none: does not resolve).</summary>
    public void Set(string name, params IPAddress[] addresses) => _names[name] = addresses;

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (_names.TryGetValue(host, out var addresses))
        {
            return addresses.Length > 0 ? Task.FromResult(addresses) : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
        }

        return host.EndsWith(".example.com", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".example", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".example.invalid", StringComparison.OrdinalIgnoreCase)
            ? Task.FromResult<IPAddress[]>([Documentation])
            : host.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase)
            ? Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound))
            : _system.ResolveAsync(host, cancellationToken);
    }
}
