using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Arm;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Hardening;

/// <summary>
/// The text a client can get wrong, each once, with the exact answer (docs/architecture.md §8.1): invalid UTF-8 and
/// escaped lone surrogates in a body (once answered 500), a NUL, and such text in the path. Each is a 400 in the
/// surface's envelope, names where it is, and changes nothing.
/// </summary>
public sealed class HostileInputTests
{
    private const string Account = "hostileacct";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, byte[], string> ClassicBodies => new()
    {
        { "raw byte FF", [.. "{\"Properties\":{\"FriendlyName\":\""u8, 0xFF, .. "\"}}"u8], "body" },
        { "overlong slash", [.. "{\"Properties\":{\"FriendlyName\":\""u8, 0xC0, 0xAF, .. "\"}}"u8], "body" },
        { "encoded surrogate", [.. "{\"Properties\":{\"FriendlyName\":\""u8, 0xED, 0xA0, 0x80, .. "\"}}"u8], "body" },
        { "lone high surrogate escape", "{\"Properties\":{\"FriendlyName\":\"\\ud800\"}}"u8.ToArray(), "Properties.FriendlyName" },
        { "lone low surrogate escape", "{\"Properties\":{\"FriendlyName\":\"a\\udfffb\"}}"u8.ToArray(), "Properties.FriendlyName" },
        { "NUL escape", "{\"Properties\":{\"FriendlyName\":\"a\\u0000b\"}}"u8.ToArray(), "Properties.FriendlyName" },
        { "lone surrogate in a member name", "{\"Properties\":{\"\\ud800\":\"x\"}}"u8.ToArray(), "Properties.(member name)" },
    };

    [Theory]
    [MemberData(nameof(ClassicBodies))]
    public async Task A_classic_update_with_bad_text_is_a_400_naming_where_and_leaves_the_job_as_it_was(string what, byte[] body, string target)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("HostileJob"));
        var before = await client.GetETagAsync(server, Account, "HostileJob");

        using var request = ClassicRequests.Create(server, HttpMethod.Patch, ClassicRequests.JobPath(Account, "HostileJob"));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.SendAsync(request, Ct);

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest");
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["odata.error"]!;
        Assert.Contains(target, error["azure.values"]![1]!["ExtendedInformation"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(before == await client.GetETagAsync(server, Account, "HostileJob"), $"{what}: the job changed.");
    }

    [Theory]
    [InlineData("{\"tags\":{\"a\":\"\\udfff\"}}", "tags.a")]
    [InlineData("{\"tags\":{\"a\":\"x\\u0000\"}}", "tags.a")]
    [InlineData("{\"tags\":{\"\\ud800\\ud800\":\"x\"}}", "tags.(member name)")]
    public async Task An_ARM_update_with_bad_text_is_a_400_InvalidRequestContent_naming_where(string body, string target)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateArmClient();
        var job = ArmRequests.JobPath(server.SubscriptionId, "hostilegroup", "hostilejob");
        await client.ArmOkAsync(HttpMethod.Put, job, HttpStatusCode.Created, body: ArmExamples.CreateImportBody());

        using var request = new HttpRequestMessage(HttpMethod.Patch, job + "?api-version=" + ArmRequests.Latest)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request, Ct);

        await ArmRequests.AssertArmErrorAsync(response, HttpStatusCode.BadRequest, "InvalidRequestContent", target);
        var after = await client.ArmOkAsync(HttpMethod.Get, job);
        Assert.Null(after!["tags"]?["a"]);
    }

    [Fact]
    public async Task Raw_invalid_UTF_8_in_an_ARM_body_is_a_400_InvalidRequestContent()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateArmClient();
        var job = ArmRequests.JobPath(server.SubscriptionId, "hostilegroup", "hostilejob");
        using var request = new HttpRequestMessage(HttpMethod.Put, job + "?api-version=" + ArmRequests.Latest)
        {
            Content = new ByteArrayContent([.. "{\"location\":\"West US\",\"tags\":{\"a\":\""u8, 0xFF, 0xFE, .. "\"}}"u8]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.SendAsync(request, Ct);

        await ArmRequests.AssertArmErrorAsync(response, HttpStatusCode.BadRequest, "InvalidRequestContent", "body");
        await client.ArmErrorAsync(HttpMethod.Get, job, HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Theory]
    [InlineData("Hostile%00Job")]
    [InlineData("Hostile%ED%A0%80Job")]
    public async Task A_job_name_with_a_NUL_or_a_lone_surrogate_in_the_path_is_a_400_not_a_store_error(string name)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        using var response = await client.SendAsync(server, HttpMethod.Get, ClassicRequests.JobPath(Account, name));

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        if (response.Content.Headers.ContentLength is > 0)
        {
            Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["odata.error"]);
        }
    }
}
