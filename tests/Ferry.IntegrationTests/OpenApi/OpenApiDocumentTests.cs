using System.Net;
using System.Text.RegularExpressions;
using Ferry.IntegrationTests.Support;
using Ferry.Server.Classic;
using Ferry.Server.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Ferry.IntegrationTests.OpenApi;

/// <summary>
/// The OpenAPI documents (docs/architecture.md §10): each is served anonymously, reads as OpenAPI 3.1, and lists
/// exactly the routes the application maps for its surface; <c>/docs</c> answers the reference page with its assets.
/// </summary>
public sealed partial class OpenApiDocumentTests
{
    [Theory]
    [InlineData(ApiDescriptions.Classic)]
    [InlineData(ApiDescriptions.Arm)]
    [InlineData(ApiDescriptions.Operator)]
    [InlineData(ApiDescriptions.Extensions)]
    public async Task EachDocumentIsServedAnonymouslyAndReadsAsOpenApi31(string name)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient(anonymous: true);
        using var response = await client.GetAsync(ApiDescriptions.PathOf(name).TrimStart('/'), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);

        var (document, diagnostic) = OpenApiDocument.Parse(text, "json");
        Assert.NotNull(diagnostic);
        Assert.Empty(diagnostic.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        Assert.NotNull(document);
        Assert.NotEmpty(document.Paths);
        Assert.All(document.Paths, path => Assert.NotEmpty(path.Value.Operations!));
    }

    [Theory]
    [InlineData(ApiDescriptions.Operator)]
    [InlineData(ApiDescriptions.Extensions)]
    public async Task TheGeneratedDocumentsListEveryRouteOfTheirSurface(string name)
    {
        await using var server = await FerryTestServer.StartAsync();
        var contract = await ContractAsync(server, name);
        var mapped = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
            .Where(e => OpenApiValidatingHandler.DocumentFor(Concrete(e.RoutePattern.RawText!)) == name)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .Order(StringComparer.Ordinal).ToList();
        var documented = contract.Templates
            .SelectMany(t => contract.MethodsOf(t).Select(m => $"{m.ToUpperInvariant()} {Normalize(t)}"))
            .Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(mapped);
        Assert.Equal(mapped, documented);
    }

    [Fact]
    public async Task TheArmDocumentListsEveryArmRoute()
    {
        await using var server = await FerryTestServer.StartAsync();
        var contract = await ContractAsync(server, ApiDescriptions.Arm);
        var mapped = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!)
            .Where(p => !p.Contains("{**", StringComparison.Ordinal) && OpenApiValidatingHandler.DocumentFor(Concrete(p)) == ApiDescriptions.Arm)
            .Select(Normalize).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(7, mapped.Count);
        Assert.Equal(mapped, contract.Templates.Select(Normalize).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task TheClassicDocumentListsEveryResourceAndVerbTheClassicRouterServes()
    {
        await using var server = await FerryTestServer.StartAsync();
        var contract = await ContractAsync(server, ApiDescriptions.Classic);
        var documented = new HashSet<string>(StringComparer.Ordinal);
        foreach (var template in contract.Templates)
        {
            Assert.StartsWith(ClassicApi.Prefix, template, StringComparison.Ordinal);
            var rest = template[ClassicApi.Prefix.Length..].TrimStart('/').Replace("{accountName}", "acc", StringComparison.Ordinal).Replace("{jobName}", "job", StringComparison.Ordinal);
            var route = ClassicRoute.ParseOrNull(rest);
            Assert.True(route is not null, $"{template} is not a classic route.");
            foreach (var method in contract.MethodsOf(template))
            {
                Assert.True(route.Supports(method.ToUpperInvariant()), $"{method} {template} is documented but not served.");
                documented.Add($"{route.Resource} {method.ToUpperInvariant()}");
            }
        }

        var served = Enum.GetValues<ClassicResource>()
            .SelectMany(r => new[] { "GET", "HEAD", "PUT", "PATCH", "DELETE", "POST" }.Where(m => new ClassicRoute(r, "acc", "job").Supports(m)).Select(m => $"{r} {m}"))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(served.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheReferencePageAndItsAssetsAreServedWithoutTheInternet()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient(anonymous: true);
        using var page = await client.GetAsync(ApiDescriptions.DocsPath.TrimStart('/'), TestContext.Current.CancellationToken);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        // The page names each document relative to the host's base (its script resolves them against the origin).
        foreach (var name in ApiDescriptions.Names)
        {
            var source = $"\"url\":\"{ApiDescriptions.PathOf(name).TrimStart('/')}\"";
            Assert.True(html.Contains(source, StringComparison.Ordinal), $"{source} is not in the page:\n{html}");
            using var document = await client.GetAsync(ApiDescriptions.PathOf(name).TrimStart('/'), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        }

        // Every script the page loads is served by Ferry itself: nothing points off the host.
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            var uri = new Uri(page.RequestMessage!.RequestUri!, script);
            Assert.Equal(server.BaseAddress.Authority, uri.Authority);
            using var asset = await client.GetAsync(uri, TestContext.Current.CancellationToken);
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{uri}: {(int)asset.StatusCode}");
            Assert.True((await asset.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Length > 1000, $"{uri} is nearly empty.");
        }
    }

    private static async Task<Ferry.TestSupport.OpenApiContract> ContractAsync(FerryTestServer server, string name)
    {
        using var client = server.CreateClient(anonymous: true, validate: false);
        return await OpenApiValidatingHandler.ContractAsync(name, path => client.GetStringAsync(path.TrimStart('/')));
    }

    /// <summary>A route pattern with its parameters named <c>{}</c>, so that parameter names do not matter.</summary>
    private static string Normalize(string pattern) => "/" + Parameter().Replace(pattern, "{}").Trim('/');

    /// <summary>A route pattern with each parameter replaced by a sample value, to classify it like a request path.</summary>
    private static string Concrete(string pattern) => "/" + Parameter().Replace(pattern, "x").TrimStart('/');

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptSource();
}
