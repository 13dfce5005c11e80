using System.Net;

namespace Ferry.Core.Webhooks;

/// <summary>
/// <see cref="WebhookOptions.AllowedHosts"/> parsed: host names (matched exactly, case-insensitively, against the
/// URL's host), IP addresses and CIDR ranges (matched against every address the host resolves to).
/// </summary>
internal sealed class WebhookAllowList
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IPNetwork> _networks = [];

    /// <summary>Why <paramref name="entry"/> is not a host name, an IP address or a CIDR range, or null when it is one.</summary>
    public static string? ProblemOrNull(string? entry)
    {
        if (string.IsNullOrWhiteSpace(entry))
        {
            return "an AllowedHosts entry is empty.";
        }

        if (entry.Contains('/', StringComparison.Ordinal))
        {
            // The address must be the range's first one: 10.1.2.3/8 is more likely a typo than a wish for all of 10/8.
            return IPNetwork.TryParse(entry, out var network) && IPAddress.TryParse(entry.Split('/')[0], out var start) && network.BaseAddress.Equals(start)
                ? null
                : $"AllowedHosts entry '{entry}' is not a valid CIDR range (e.g. 10.20.0.0/16 or fd00::/8).";
        }

        return IPAddress.TryParse(entry.TrimStart('[').TrimEnd(']'), out _) || Uri.CheckHostName(entry) == UriHostNameType.Dns
            ? null
            : $"AllowedHosts entry '{entry}' is not a host name, an IP address or a CIDR range.";
    }

    /// <summary>The list of valid entries (<see cref="WebhookOptions"/> validates them at start).</summary>
    public static WebhookAllowList Parse(IEnumerable<string> entries)
    {
        var list = new WebhookAllowList();
        foreach (var entry in entries)
        {
            var trimmed = entry.Trim();
            if (trimmed.Contains('/', StringComparison.Ordinal))
            {
                list._networks.Add(IPNetwork.Parse(trimmed));
            }
            else if (IPAddress.TryParse(trimmed.TrimStart('[').TrimEnd(']'), out var address))
            {
                list._networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                list._names.Add(trimmed.TrimEnd('.'));
            }
        }

        return list;
    }

    /// <summary>Whether the entries allow <paramref name="address"/> reached through <paramref name="host"/>.</summary>
    public bool Allows(string host, IPAddress address)
    {
        if (_names.Contains(host.TrimEnd('.')))
        {
            return true;
        }

        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _networks.Exists(n => n.Contains(plain));
    }
}
