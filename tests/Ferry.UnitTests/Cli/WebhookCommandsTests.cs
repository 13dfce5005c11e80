using System.Net;
using Ferry.Cli;
using Ferry.UnitTests.Client;

namespace Ferry.UnitTests.Cli;

/// <summary><c>ferry webhook …</c> and <c>ferry job history</c> (the customer extensions) on a stub server.</summary>
public sealed class WebhookCommandsTests
{
    private const string Base = CliHarness.Endpoint + "sub-1/services/ferry";
    private const string Created = """{"id":"wh-1","url":"https://hooks.example/ferry","createdAt":"2026-11-28T21:00:00.0000000+00:00","secret":"generated-secret"}""";

    [Fact]
    public async Task Add_posts_the_url_and_shows_a_generated_secret_once()
    {
        using var cli = CliHarness.Json(HttpStatusCode.Created, Created);

        var result = await cli.CustomerAsync("webhook", "add", "https://hooks.example/ferry");

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        var request = Assert.Single(cli.Handler.Requests);
        Assert.Equal(("POST", Base + "/webhooks", """{"url":"https://hooks.example/ferry"}"""), (request.Method, request.Uri, request.Body));
        Assert.Contains("wh-1", result.Output, StringComparison.Ordinal);
        Assert.Contains("generated-secret", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_with_a_chosen_secret_never_prints_it()
    {
        using var cli = CliHarness.Json(HttpStatusCode.Created, Created.Replace("generated-secret", "my-secret", StringComparison.Ordinal));

        var table = await cli.CustomerAsync("webhook", "add", "https://hooks.example/ferry", "--secret", "my-secret");
        var json = await cli.CustomerAsync("webhook", "add", "https://hooks.example/ferry", "--secret", "my-secret", "-o", "json");

        Assert.Equal("""{"url":"https://hooks.example/ferry","secret":"my-secret"}""", cli.Handler.Requests[0].Body);
        Assert.DoesNotContain("my-secret", table.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("my-secret", json.Output, StringComparison.Ordinal);
        Assert.Equal("wh-1", json.Json().GetProperty("id").GetString());
    }

    [Fact]
    public async Task List_remove_and_deliveries_call_their_endpoints()
    {
        using var cli = new CliHarness(request => request.Method == HttpMethod.Delete
            ? StubHandler.Respond(HttpStatusCode.NoContent)
            : request.RequestUri!.AbsolutePath.EndsWith("/deliveries", StringComparison.Ordinal)
                ? StubHandler.Respond(HttpStatusCode.OK, """{"value":[{"id":7,"eventId":"ev-1","eventType":"drive.stateChanged","jobName":"job1","status":"Failed","attempts":12,"lastStatusCode":500,"lastError":null,"nextAttemptAt":null,"deliveredAt":null,"createdAt":"2026-11-28T21:00:00.0000000+00:00"}]}""")
                : StubHandler.Respond(HttpStatusCode.OK, """{"value":[{"id":"wh-1","url":"https://hooks.example/ferry","createdAt":"2026-11-28T21:00:00.0000000+00:00"}]}"""));

        var list = await cli.CustomerAsync("webhook", "list", "-o", "json");
        var removed = await cli.CustomerAsync("webhook", "remove", "wh-1");
        var deliveries = await cli.CustomerAsync("webhook", "deliveries", "wh-1");
        var deliveriesJson = await cli.CustomerAsync("webhook", "deliveries", "wh-1", "-o", "json");

        Assert.Equal(
            [("GET", Base + "/webhooks"), ("DELETE", Base + "/webhooks/wh-1"), ("GET", Base + "/webhooks/wh-1/deliveries"), ("GET", Base + "/webhooks/wh-1/deliveries")],
            cli.Handler.Requests.Select(r => (r.Method, r.Uri)));
        Assert.Equal("https://hooks.example/ferry", Assert.Single(list.Json().EnumerateArray()).GetProperty("url").GetString());
        Assert.Contains("Removed webhook wh-1.", removed.Output, StringComparison.Ordinal);
        Assert.Contains("drive.stateChanged ev-1", deliveries.Output, StringComparison.Ordinal);
        Assert.Contains("Failed", deliveries.Output, StringComparison.Ordinal);
        var delivery = Assert.Single(deliveriesJson.Json().EnumerateArray());
        Assert.Equal(("drive.stateChanged", "Failed", 12), (delivery.GetProperty("eventType").GetString(), delivery.GetProperty("status").GetString(), delivery.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task Job_history_reads_the_extension_and_prints_the_chain_of_custody()
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK, OperatorWire.History);

        var result = await cli.CustomerAsync("job", "history", "job1");

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        Assert.Equal(("GET", Base + "/jobs/job1/history"), (cli.Handler.Requests[0].Method, cli.Handler.Requests[0].Uri));
        Assert.Contains("Subscription sub-1", result.Output, StringComparison.Ordinal);
        Assert.Contains("ReceivePackage", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_problem_from_the_extensions_is_exit_1_with_its_code()
    {
        using var cli = CliHarness.Json(HttpStatusCode.BadRequest, """{"title":"BadRequest","status":400,"detail":"At most 10 webhooks per subscription.","code":"BadRequest"}""", "application/problem+json");

        var result = await cli.CustomerAsync("webhook", "add", "https://hooks.example/ferry");

        Assert.Equal(FerryCli.ServiceError, result.ExitCode);
        Assert.Contains("BadRequest (HTTP 400): At most 10 webhooks per subscription.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relative_url_is_a_usage_error()
    {
        using var cli = CliHarness.Json(HttpStatusCode.Created, Created);

        var result = await cli.CustomerAsync("webhook", "add", "hooks/ferry");

        Assert.Equal(FerryCli.UsageError, result.ExitCode);
        Assert.Empty(cli.Handler.Requests);
    }
}
