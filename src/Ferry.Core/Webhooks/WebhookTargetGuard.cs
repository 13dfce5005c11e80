using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Webhooks;

/// <summary>
/// Decides which addresses a webhook may reach (docs/architecture.md §8.4). A target on a loopback, unspecified,
/// private, shared (CGNAT), link-local, unique-local, multicast or reserved address, or on a cloud-metadata address,
/// is refused unless <see cref="WebhookOptions.AllowPrivateNetworks"/> or <see cref="WebhookOptions.AllowedHosts"/>
/// allows it. The check runs at registration and where every delivery connects (<see cref="ConnectAsync"/>): the name
/// is resolved there, every address it gave is vetted, and the socket connects to a vetted address, so a name that
/// answers differently between the check and the connection cannot reach a refused one.
/// </summary>
public sealed class WebhookTargetGuard(IWebhookHostResolver resolver, IOptions<WebhookOptions> options)
{
    private const string HowToAllow = "Ferry:Webhooks:AllowPrivateNetworks or Ferry:Webhooks:AllowedHosts can allow it";

    private static readonly (IPNetwork Network, string Kind)[] _forbiddenV4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified (this-network) address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared (carrier-grade NAT) address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        (IPNetwork.Parse("192.0.0.0/24"), "a reserved (protocol assignments) address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        (IPNetwork.Parse("198.18.0.0/15"), "a reserved (benchmarking) address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved address"),
    ];

    private static readonly (IPNetwork Network, string Kind)[] _forbiddenV6 =
    [
        (IPNetwork.Parse("::/128"), "the unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a site-local address"),
        (IPNetwork.Parse("fc00::/7"), "a unique-local address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    /// <summary>Instance-metadata services of cloud hosts: refused even under <see cref="WebhookOptions.AllowPrivateNetworks"/>.</summary>
    private static readonly IPAddress[] _metadata = [IPAddress.Parse("169.254.169.254"), IPAddress.Parse("fd00:ec2::254")];

    private static readonly IPNetwork _nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork _sixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork _ipv4Compatible = IPNetwork.Parse("::/96");

    private readonly Lazy<WebhookAllowList> _allowed = new(() => WebhookAllowList.Parse(options.Value.AllowedHosts));

    /// <summary>
    /// Why <paramref name="address"/> is not a public unicast address ("a loopback address (127.0.0.0/8)"), or null when
    /// it is one. IPv4 carried in IPv6 (mapped <c>::ffff:a.b.c.d</c>, compatible, NAT64 and 6to4) is judged as the IPv4
    /// address it carries.
    /// </summary>
    public static string? ForbiddenKindOrNull(IPAddress address)
    {
        if (IsMetadata(address))
        {
            return "a cloud instance-metadata address";
        }

        var v4 = EmbeddedIPv4OrNull(address);
        if (v4 is not null)
        {
            return IsMetadata(v4) ? "a cloud instance-metadata address" : Match(_forbiddenV4, v4);
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 ? Match(_forbiddenV6, address) : null;
    }

    /// <summary>
    /// The addresses a delivery to <paramref name="host"/> may connect to: the literal itself, or every address the
    /// name resolves to, each allowed.
    /// </summary>
    /// <exception cref="WebhookTargetRefusedException">The name does not resolve, or one of its addresses is refused.</exception>
    public async Task<IPAddress[]> VetAsync(string host, CancellationToken cancellationToken)
    {
        var name = host.TrimStart('[').TrimEnd(']');
        if (IPAddress.TryParse(name, out var literal))
        {
            var why = RefusalOrNull(name, literal);
            return why is null ? [literal] : throw new WebhookTargetRefusedException($"The webhook address {literal} is {why}; {HowToAllow}.");
        }

        IPAddress[] addresses;
        try
        {
            addresses = await resolver.ResolveAsync(name, cancellationToken);
        }
        catch (SocketException e)
        {
            throw new WebhookTargetRefusedException($"The webhook host '{name}' does not resolve ({e.SocketErrorCode}).", e);
        }
        catch (ArgumentException e)
        {
            // The resolver's own refusal of a name it cannot look up (e.g. longer than 255 characters).
            throw new WebhookTargetRefusedException($"The webhook host '{name}' is not a name that can be resolved.", e);
        }

        if (addresses.Length == 0)
        {
            throw new WebhookTargetRefusedException($"The webhook host '{name}' does not resolve.");
        }

        foreach (var address in addresses)
        {
            if (RefusalOrNull(name, address) is { } why)
            {
                throw new WebhookTargetRefusedException($"The webhook host '{name}' resolves to {address}, {why}; {HowToAllow}.");
            }
        }

        return addresses;
    }

    /// <summary>
    /// The <see cref="SocketsHttpHandler.ConnectCallback"/> of the deliveries' handler: vets the host (<see cref="VetAsync"/>)
    /// and connects to the first vetted address that answers.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await VetAsync(context.DnsEndPoint.Host, cancellationToken);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }

    private string? RefusalOrNull(string host, IPAddress address)
    {
        if (_allowed.Value.Allows(host, address))
        {
            return null;
        }

        var kind = ForbiddenKindOrNull(address);
        if (kind is null)
        {
            return null;
        }

        // Private networks may be allowed wholesale; the metadata services only by name in AllowedHosts.
        return options.Value.AllowPrivateNetworks && !IsMetadata(EmbeddedIPv4OrNull(address) ?? address) ? null : kind;
    }

    private static bool IsMetadata(IPAddress address) => _metadata.Any(address.Equals);

    private static string? Match((IPNetwork Network, string Kind)[] ranges, IPAddress address)
    {
        foreach (var (network, kind) in ranges)
        {
            if (network.Contains(address))
            {
                return $"{kind} ({network})";
            }
        }

        return null;
    }

    /// <summary>The IPv4 address <paramref name="address"/> is or carries, or null for a native IPv6 address.</summary>
    private static IPAddress? EmbeddedIPv4OrNull(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (_nat64.Contains(address) || (_ipv4Compatible.Contains(address) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback)))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return _sixToFour.Contains(address) ? new IPAddress(bytes.AsSpan(2, 4)) : null;
    }
}
