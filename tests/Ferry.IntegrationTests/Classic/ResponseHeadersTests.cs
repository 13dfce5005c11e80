using System.Net;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Classic;

/// <summary>The headers every classic response carries, and the error envelope (docs/classic-api.md §2.8, §2.10).</summary>
public sealed class ResponseHeadersTests
{
    [Theory]
    [InlineData(ClassicRequests.V1)]
    [InlineData(ClassicRequests.V2)]
    public async Task Successful_responses_carry_the_standard_headers_and_echo_the_request_version(string version)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var serviceDocument = await client.SendAsync(server, HttpMethod.Get, "", version);
        using var metadata = await client.SendAsync(server, HttpMethod.Get, "$metadata", version);
        using var locations = await client.SendAsync(server, HttpMethod.Get, "locations", version);
        using var accounts = await client.SendAsync(server, HttpMethod.Get, "storageaccounts", version);

        Assert.All([serviceDocument, metadata, locations, accounts], response =>
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ProtocolAssert.StandardHeaders(response, version);
        });
    }

    [Fact]
    public async Task Json_bodies_are_sent_with_their_exact_Content_Length_not_chunked()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(server, HttpMethod.Get, "locations");

        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
    }

    [Fact]
    public async Task Every_response_has_a_fresh_request_id()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var first = await client.SendAsync(server, HttpMethod.Get, "locations");
        using var second = await client.SendAsync(server, HttpMethod.Get, "locations");

        Assert.NotEqual(first.Headers.GetValues("x-ms-request-id").Single(), second.Headers.GetValues("x-ms-request-id").Single());
    }

    [Theory]
    [InlineData(ClassicRequests.V1)]
    [InlineData(ClassicRequests.V2)]
    public async Task Missing_job_answers_404_in_the_documented_envelope_with_the_standard_headers(string version)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/xttest/jobs/MySampleJob", version);

        var information = await ProtocolAssert.ErrorAsync(response, 404, "ResourceNotFound");
        Assert.Contains("MySampleJob", information, StringComparison.Ordinal);
        ProtocolAssert.StandardHeaders(response, version);
        Assert.Equal((await response.Content.ReadAsByteArrayAsync()).Length, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Errors_from_early_checks_also_carry_the_standard_headers_and_envelope()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var unknownPath = await client.SendAsync(server, HttpMethod.Get, "nothing/here", ClassicRequests.V1);
        using var badVerb = await client.SendAsync(server, HttpMethod.Post, "locations", ClassicRequests.V1);
        using var notAcceptable = await client.SendAsync(ClassicRequests.Create(server, HttpMethod.Get, "locations", ClassicRequests.V1).WithAccept("text/html"));
        using var anonymous = server.CreateClient(anonymous: true);
        using var denied = await anonymous.SendAsync(server, HttpMethod.Get, "locations", ClassicRequests.V1);

        await ProtocolAssert.ErrorAsync(unknownPath, 404, "ResourceNotFound");
        await ProtocolAssert.ErrorAsync(badVerb, 400, "InvalidHttpVerb");
        await ProtocolAssert.ErrorAsync(notAcceptable, 406, "NotAcceptable");
        await ProtocolAssert.ErrorAsync(denied, 403, "AuthenticationFailed");
        Assert.All([unknownPath, badVerb, notAcceptable, denied], r => ProtocolAssert.StandardHeaders(r, ClassicRequests.V1));
    }
}
