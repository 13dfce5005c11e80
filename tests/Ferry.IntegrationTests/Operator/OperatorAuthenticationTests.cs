using System.Net;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Operator;

/// <summary>The operator surface answers only the operator's bearer token (docs/operator-api.md §1).</summary>
public sealed class OperatorAuthenticationTests
{
    [Fact]
    public async Task The_development_token_is_written_to_dev_credentials_and_opens_the_surface()
    {
        await using var server = await FerryTestServer.StartAsync();
        Assert.False(string.IsNullOrEmpty(server.Credentials.OperatorToken));
        Assert.True(server.Credentials.OperatorToken!.Length >= 32);
        using var client = server.CreateOperatorClient();

        using var response = await client.GetAsync("operator/emulation");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_customer_management_certificate_without_the_token_is_refused()
    {
        await using var server = await FerryTestServer.StartAsync();
        await server.ShippedImportJobAsync("job1");
        using var customer = server.CreateClient();

        using var response = await customer.PostAsync($"{OperatorRequests.JobPath(server, "job1")}/receive", null);

        await OperatorRequests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        using var operatorClient = server.CreateOperatorClient();
        Assert.Equal("Shipping", (await operatorClient.ViewAsync(server, "job1"))["state"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not-the-token")]
    [InlineData("")]
    public async Task A_wrong_or_empty_token_is_refused(string token)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateOperatorClient(token);

        using var response = await client.GetAsync("operator/emulation");

        await OperatorRequests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task A_configured_token_replaces_the_development_token()
    {
        const string Configured = "a-configured-operator-token-0123456789";
        await using var server = await FerryTestServer.StartAsync(new FerryTestServerOptions(new Dictionary<string, string> { ["Ferry:Operator:Token"] = Configured }));
        using var development = server.CreateOperatorClient();
        using var configured = server.CreateOperatorClient(Configured);

        using var refused = await development.GetAsync("operator/emulation");
        using var accepted = await configured.GetAsync("operator/emulation");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Unknown_operator_paths_are_problem_details_404()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateOperatorClient();

        using var response = await client.GetAsync("operator/nothing/here");

        await OperatorRequests.AssertProblemAsync(response, HttpStatusCode.NotFound, "ResourceNotFound");
    }
}
