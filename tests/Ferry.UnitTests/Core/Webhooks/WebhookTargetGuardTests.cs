using System.Net;
using System.Net.Sockets;
using Ferry.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace Ferry.UnitTests.Core.Webhooks;

/// <summary><see cref="WebhookTargetGuard"/>: which addresses are refused, and what the settings allow (docs/architecture.md §8.4).</summary>
public sealed class WebhookTargetGuardTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static WebhookTargetGuard Guard(StaticResolver? resolver = null, bool allowPrivate = false, params string[] allowed) =>
        new(resolver ?? new StaticResolver(), Options.Create(new WebhookOptions { AllowPrivateNetworks = allowPrivate, AllowedHosts = [.. allowed] }));

    [Theory]
    [InlineData("127.0.0.1", "a loopback address (127.0.0.0/8)")]
    [InlineData("127.255.255.254", "a loopback address (127.0.0.0/8)")]
    [InlineData("0.0.0.0", "an unspecified (this-network) address (0.0.0.0/8)")]
    [InlineData("0.1.2.3", "an unspecified (this-network) address (0.0.0.0/8)")]
    [InlineData("10.0.0.1", "a private address (10.0.0.0/8)")]
    [InlineData("100.64.0.1", "a shared (carrier-grade NAT) address (100.64.0.0/10)")]
    [InlineData("100.127.255.255", "a shared (carrier-grade NAT) address (100.64.0.0/10)")]
    [InlineData("169.254.0.1", "a link-local address (169.254.0.0/16)")]
    [InlineData("169.254.169.254", "a cloud instance-metadata address")]
    [InlineData("172.16.0.1", "a private address (172.16.0.0/12)")]
    [InlineData("172.31.255.255", "a private address (172.16.0.0/12)")]
    [InlineData("192.168.0.1", "a private address (192.168.0.0/16)")]
    [InlineData("224.0.0.251", "a multicast address (224.0.0.0/4)")]
    [InlineData("255.255.255.255", "a reserved address (240.0.0.0/4)")]
    [InlineData("::", "the unspecified address (::/128)")]
    [InlineData("::1", "a loopback address (::1/128)")]
    [InlineData("::ffff:127.0.0.1", "a loopback address (127.0.0.0/8)")]
    [InlineData("::ffff:10.1.2.3", "a private address (10.0.0.0/8)")]
    [InlineData("::ffff:169.254.169.254", "a cloud instance-metadata address")]
    [InlineData("::127.0.0.1", "a loopback address (127.0.0.0/8)")]
    [InlineData("64:ff9b::7f00:1", "a loopback address (127.0.0.0/8)")]
    [InlineData("2002:a00:1::", "a private address (10.0.0.0/8)")]
    [InlineData("fe80::1", "a link-local address (fe80::/10)")]
    [InlineData("febf::1", "a link-local address (fe80::/10)")]
    [InlineData("fc00::1", "a unique-local address (fc00::/7)")]
    [InlineData("fdff::1", "a unique-local address (fc00::/7)")]
    [InlineData("fd00:ec2::254", "a cloud instance-metadata address")]
    [InlineData("ff02::1", "a multicast address (ff00::/8)")]
    public void A_non_public_address_is_named_with_its_kind(string address, string kind) =>
        Assert.Equal(kind, WebhookTargetGuard.ForbiddenKindOrNull(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.167.255.255")]
    [InlineData("11.0.0.1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::")]
    public void A_public_address_is_not_refused(string address) =>
        Assert.Null(WebhookTargetGuard.ForbiddenKindOrNull(IPAddress.Parse(address)));

    [Fact]
    public async Task A_name_is_refused_when_any_of_its_addresses_is_refused()
    {
        var resolver = new StaticResolver();
        resolver.Names["mixed.test"] = [IPAddress.Parse("8.8.8.8"), IPAddress.Parse("10.0.0.5")];
        resolver.Names["public.test"] = [IPAddress.Parse("8.8.8.8"), IPAddress.Parse("2001:4860:4860::8888")];

        var refused = await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => Guard(resolver).VetAsync("mixed.test", Ct));
        var vetted = await Guard(resolver).VetAsync("public.test", Ct);

        Assert.StartsWith("The webhook host 'mixed.test' resolves to 10.0.0.5, a private address (10.0.0.0/8); ", refused.Message, StringComparison.Ordinal);
        Assert.Equal(resolver.Names["public.test"], vetted);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_or_resolves_to_nothing_is_refused()
    {
        var resolver = new StaticResolver();
        resolver.Names["empty.test"] = [];

        var missing = await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => Guard(resolver).VetAsync("missing.test", Ct));
        var empty = await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => Guard(resolver).VetAsync("empty.test", Ct));

        Assert.Equal("The webhook host 'missing.test' does not resolve (HostNotFound).", missing.Message);
        Assert.Equal("The webhook host 'empty.test' does not resolve.", empty.Message);
    }

    [Fact]
    public async Task An_IP_literal_is_judged_without_asking_the_resolver()
    {
        var resolver = new StaticResolver();

        Assert.Equal([IPAddress.Parse("8.8.8.8")], await Guard(resolver).VetAsync("8.8.8.8", Ct));
        Assert.Equal([IPAddress.Parse("2001:db8::1")], await Guard(resolver).VetAsync("[2001:db8::1]", Ct));
        await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => Guard(resolver).VetAsync("[::1]", Ct));
        Assert.Empty(resolver.Asked);
    }

    [Fact]
    public async Task AllowPrivateNetworks_allows_every_kind_but_the_metadata_addresses()
    {
        var guard = Guard(allowPrivate: true);

        foreach (var address in new[] { "127.0.0.1", "::1", "10.1.2.3", "192.168.1.1", "fc00::1", "fe80::1", "100.64.0.1" })
        {
            Assert.NotEmpty(await guard.VetAsync(address, Ct));
        }

        await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => guard.VetAsync("169.254.169.254", Ct));
        await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => guard.VetAsync("[fd00:ec2::254]", Ct));
        await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => guard.VetAsync("::ffff:169.254.169.254", Ct));
    }

    [Fact]
    public async Task AllowedHosts_allows_the_names_addresses_and_ranges_it_lists_and_nothing_else()
    {
        var resolver = new StaticResolver();
        resolver.Names["hooks.internal"] = [IPAddress.Parse("10.9.9.9")];
        resolver.Names["other.internal"] = [IPAddress.Parse("192.168.7.7")];
        var guard = Guard(resolver, false, "HOOKS.internal", "127.0.0.1", "172.16.0.0/12", "fd12::/16");

        Assert.NotEmpty(await guard.VetAsync("hooks.internal", Ct));
        Assert.NotEmpty(await guard.VetAsync("127.0.0.1", Ct));
        Assert.NotEmpty(await guard.VetAsync("::ffff:127.0.0.1", Ct));
        Assert.NotEmpty(await guard.VetAsync("172.20.1.1", Ct));
        Assert.NotEmpty(await guard.VetAsync("fd12:3456::1", Ct));
        await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => guard.VetAsync("other.internal", Ct));
        await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => guard.VetAsync("127.0.0.2", Ct));
        await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => guard.VetAsync("fd13::1", Ct));
        await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => guard.VetAsync("169.254.169.254", Ct));
    }

    /// <summary>A resolver of fixed answers; a name it does not know does not resolve.</summary>
    private sealed class StaticResolver : IWebhookHostResolver
    {
        public Dictionary<string, IPAddress[]> Names { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<string> Asked { get; } = [];

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            Asked.Add(host);
            return Names.TryGetValue(host, out var addresses)
                ? Task.FromResult(addresses)
                : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
        }
    }
}
