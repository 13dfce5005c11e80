using System.Text.Json.Nodes;
using Ferry.Core.Errors;
using Ferry.Server.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.UnitTests.Server.Hosting;

/// <summary><see cref="ProblemDetailsRenderer"/>: every catalog entry as RFC 9457 problem details (docs/operator-api.md).</summary>
public sealed class ProblemDetailsRendererTests
{
    public static TheoryData<string> Kinds => [.. FerryErrors.All.Select(k => k.Name)];

    private static async Task<(HttpResponse Response, JsonObject Body)> RenderAsync(FerryError error)
    {
        await using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        using var body = new MemoryStream();
        http.Response.Body = body;

        await ProblemDetailsRenderer.WriteAsync(http, error);

        return (http.Response, JsonNode.Parse(body.ToArray())!.AsObject());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_catalog_entry_renders_with_its_status_type_title_code_and_detail(string name)
    {
        var kind = FerryErrors.All.Single(k => k.Name == name);

        var (response, body) = await RenderAsync(new FerryError(kind, "What went wrong here."));

        Assert.Equal(kind.Status, response.StatusCode);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(["type", "title", "status", "detail", "code"], body.Select(p => p.Key));
        Assert.Equal("https://ferry.dev/errors/" + kind.Name, body["type"]!.GetValue<string>());
        Assert.Equal(kind.Name, body["title"]!.GetValue<string>());
        Assert.Equal(kind.Status, body["status"]!.GetValue<int>());
        Assert.Equal("What went wrong here.", body["detail"]!.GetValue<string>());
        Assert.Equal(kind.Name, body["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_target_is_present_when_one_field_is_at_fault()
    {
        var (response, body) = await RenderAsync(FerryErrors.Invalid("driveId", "Drive 'WD-1' is not Received."));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(["type", "title", "status", "detail", "code", "target"], body.Select(p => p.Key));
        Assert.Equal("driveId", body["target"]!.GetValue<string>());
    }
}
