using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Arm;

/// <summary>The protocol rules of docs/arm-api.md §2 and §6: routing, order of checks, api-version, headers, bodies.</summary>
public sealed class ArmProtocolTests
{
    private const string Group = "rg1";

    private static string Jobs(FerryTestServer server) => $"subscriptions/{server.SubscriptionId}/resourceGroups/{Group}/providers/Microsoft.ImportExport/jobs";

    [Fact]
    public async Task Unknown_path_is_404_NotFound_before_authentication()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var anonymous = server.CreateArmHttpClient(token: null);

        await anonymous.ArmErrorAsync(HttpMethod.Get, $"subscriptions/{server.SubscriptionId}/providers/Microsoft.ImportExport/widgets", HttpStatusCode.NotFound, "NotFound");
        await anonymous.ArmErrorAsync(HttpMethod.Get, "providers/Microsoft.ImportExport/nothing/here", HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task Known_path_with_another_method_is_405_MethodNotAllowed_naming_the_allowed_ones()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var anonymous = server.CreateArmHttpClient(token: null);

        using var response = await anonymous.ArmAsync(HttpMethod.Post, Jobs(server) + "/job1");
        await ArmRequests.AssertArmErrorAsync(response, HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
        Assert.Equal("GET, PUT, PATCH, DELETE", response.Content.Headers.Allow.Count == 0 ? response.Headers.GetValues("Allow").Single() : string.Join(", ", response.Content.Headers.Allow));
        await anonymous.ArmErrorAsync(HttpMethod.Delete, "providers/Microsoft.ImportExport/locations", HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
        await anonymous.ArmErrorAsync(HttpMethod.Get, Jobs(server) + "/job1/listBitLockerKeys", HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
    }

    [Fact]
    public async Task Missing_token_is_401_AuthenticationFailed_before_the_api_version_check()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var anonymous = server.CreateArmHttpClient(token: null);

        using var response = await anonymous.ArmAsync(HttpMethod.Get, Jobs(server), apiVersion: "1999-01-01");

        await ArmRequests.AssertArmErrorAsync(response, HttpStatusCode.Unauthorized, "AuthenticationFailed");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("2019-01-01")]
    [InlineData("2021-01-01-preview")]
    [InlineData("2014-11-01")]
    public async Task Missing_or_unknown_api_version_is_400_InvalidApiVersionParameter(string? version)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = await server.CreateArmClientForAsync(server.SubscriptionId);

        await client.ArmErrorAsync(HttpMethod.Get, Jobs(server), HttpStatusCode.BadRequest, "InvalidApiVersionParameter", "api-version", apiVersion: version);
        await client.ArmErrorAsync(HttpMethod.Get, "providers/Microsoft.ImportExport/operations", HttpStatusCode.BadRequest, "InvalidApiVersionParameter", apiVersion: version);
    }

    [Fact]
    public async Task Responses_carry_a_request_id_and_echo_the_client_request_id()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = await server.CreateArmClientForAsync(server.SubscriptionId);
        using var request = new HttpRequestMessage(HttpMethod.Get, "providers/Microsoft.ImportExport/locations?api-version=2021-01-01");
        request.Headers.Add("x-ms-client-request-id", "4f9a1e9c-3c43-4b55-9f4a-3bd1a4a4d7d1");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Guid.TryParse(response.Headers.GetValues("x-ms-request-id").Single(), out _));
        Assert.Equal("4f9a1e9c-3c43-4b55-9f4a-3bd1a4a4d7d1", response.Headers.GetValues("x-ms-client-request-id").Single());
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    public async Task PUT_body_that_is_not_a_JSON_object_is_400_InvalidRequestContent_and_creates_nothing(string body)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = await server.CreateArmClientForAsync(server.SubscriptionId);
        using var request = new HttpRequestMessage(HttpMethod.Put, Jobs(server) + "/job1?api-version=2021-01-01")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };

        using var response = await client.SendAsync(request);

        await ArmRequests.AssertArmErrorAsync(response, HttpStatusCode.BadRequest, "InvalidRequestContent");
        await client.ArmErrorAsync(HttpMethod.Get, Jobs(server) + "/job1", HttpStatusCode.NotFound, "ResourceNotFound", "jobName");
    }

    [Fact]
    public async Task PATCH_of_a_missing_job_is_404_even_with_an_invalid_field()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = await server.CreateArmClientForAsync(server.SubscriptionId);

        var error = await client.ArmErrorAsync(HttpMethod.Patch, Jobs(server) + "/ghost", HttpStatusCode.NotFound, "ResourceNotFound", "jobName",
            body: new JsonObject { ["properties"] = new JsonObject { ["logLevel"] = "Chatty" } });

        Assert.Equal($"The Resource 'Microsoft.ImportExport/jobs/ghost' under resource group '{Group}' was not found.", error["message"]!.GetValue<string>());
        await client.ArmErrorAsync(HttpMethod.Delete, Jobs(server) + "/ghost", HttpStatusCode.NotFound, "ResourceNotFound");
        await client.ArmErrorAsync(HttpMethod.Post, Jobs(server) + "/ghost/listBitLockerKeys", HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task Unknown_location_is_404_ResourceNotFound_and_locations_match_by_short_or_display_name()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = await server.CreateArmClientForAsync(server.SubscriptionId);

        await client.ArmErrorAsync(HttpMethod.Get, "providers/Microsoft.ImportExport/locations/Atlantis", HttpStatusCode.NotFound, "ResourceNotFound");
        foreach (var name in new[] { "westus", "West%20US", "WESTUS", "west%20us" })
        {
            var location = await client.ArmOkAsync(HttpMethod.Get, "providers/Microsoft.ImportExport/locations/" + name);
            Assert.Equal("West US", location!["name"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Literal_path_segments_match_case_insensitively()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = await server.CreateArmClientForAsync(server.SubscriptionId);

        var list = await client.ArmOkAsync(HttpMethod.Get, $"SUBSCRIPTIONS/{server.SubscriptionId}/resourcegroups/{Group}/PROVIDERS/microsoft.importexport/JOBS");

        Assert.Empty(list!["value"]!.AsArray());
    }
}
