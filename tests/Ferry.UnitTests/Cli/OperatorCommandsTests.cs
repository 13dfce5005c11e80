using System.Net;
using Ferry.Cli;
using Ferry.UnitTests.Client;

namespace Ferry.UnitTests.Cli;

/// <summary><c>ferry operator …</c> on a stub server: the request each command sends, its output and its exit code.</summary>
public sealed class OperatorCommandsTests
{
    private const string Job = CliHarness.Endpoint + "operator/subscriptions/sub-1/jobs/job1";

    [Theory]
    [InlineData("show job1", "GET", "", null)]
    [InlineData("show job1 --resource-group rg-1", "GET", "!" + CliHarness.Endpoint + "operator/subscriptions/sub-1/resourceGroups/rg-1/jobs/job1", null)]
    [InlineData("receive job1 --drive WD-1=/bay/WD-1 --drive WD-2", "POST", "/receive", """{"drives":[{"driveId":"WD-1","contentPath":"/bay/WD-1"},{"driveId":"WD-2"}]}""")]
    [InlineData("receive-drive job1 WD-1 --content-path /bay/WD-1", "POST", "/drives/WD-1/receive", """{"contentPath":"/bay/WD-1"}""")]
    [InlineData("never-received job1 WD-1", "POST", "/drives/WD-1/never-received", null)]
    [InlineData("close job1", "POST", "/close", null)]
    [InlineData("start-copy job1 WD-1", "POST", "/drives/WD-1/start", null)]
    [InlineData("progress job1 WD-1 --percent 40 --bytes 1024", "POST", "/drives/WD-1/progress", """{"percentComplete":40,"bytesSucceeded":1024}""")]
    [InlineData("complete-drive job1 WD-1", "POST", "/drives/WD-1/complete", "{}")]
    [InlineData("complete-drive job1 WD-1 --copy-status CompletedWithWarnings --more-info --bytes 5", "POST", "/drives/WD-1/complete", """{"copyStatus":"CompletedWithWarnings","moreInfo":true,"bytesSucceeded":5}""")]
    [InlineData("fail-drive job1 WD-1 --copy-status ManifestNotFound", "POST", "/drives/WD-1/fail", """{"copyStatus":"ManifestNotFound"}""")]
    [InlineData("ship-back job1 --carrier FedEx --tracking 123 --drive-count 2 --ship-date 2026-11-28", "POST", "/ship-back", """{"carrierName":"FedEx","trackingNumber":"123","driveCount":2,"shipDate":"2026-11-28"}""")]
    public async Task Each_job_step_sends_its_request_and_prints_the_job_view(string command, string method, string path, string? body)
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK, OperatorWire.JobView);

        var result = await cli.OperatorAsync([.. command.Split(' '), "-o", "json"]);

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        var request = Assert.Single(cli.Handler.Requests);
        Assert.Equal(method, request.Method);
        Assert.Equal(path.StartsWith('!') ? path[1..] : Job + path, request.Uri);
        Assert.Equal("Bearer tok-123", request.Header("Authorization"));
        Assert.Equal(body, request.Body);
        var job = result.Json();
        Assert.Equal(("job1", "Received", "Classic"), (job.GetProperty("name").GetString(), job.GetProperty("state").GetString(), job.GetProperty("surface").GetString()));
        Assert.Equal("WD-1", job.GetProperty("drives")[0].GetProperty("driveId").GetString());
        Assert.Equal("ManifestNotFound", job.GetProperty("drives")[1].GetProperty("copyStatus").GetString());
    }

    [Fact]
    public async Task Show_prints_the_job_and_its_drives_as_tables()
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK, OperatorWire.JobView);

        var result = await cli.OperatorAsync("show", "job1");

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        Assert.Contains("subscriptions/sub-1/jobs/job1", result.Output, StringComparison.Ordinal);
        Assert.Contains("FedEx 1, 1 drive(s)", result.Output, StringComparison.Ordinal);
        Assert.Contains("/bay/WD-1", result.Output, StringComparison.Ordinal);
        Assert.Contains("CompletedMoreInfo", result.Output, StringComparison.Ordinal);
        Assert.Contains("X-9", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_prints_each_entry_and_json_keeps_the_wire_names()
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK, OperatorWire.History);

        var table = await cli.OperatorAsync("history", "job1");
        var json = await cli.OperatorAsync("history", "job1", "-o", "json");

        Assert.Equal(Job + "/history", cli.Handler.Requests[0].Uri);
        Assert.Contains("ReceivePackage", table.Output, StringComparison.Ordinal);
        Assert.Contains("Specified -> Received", table.Output, StringComparison.Ordinal);
        Assert.Contains("in the package", table.Output, StringComparison.Ordinal);
        var entries = json.Json().EnumerateArray().ToList();
        Assert.Equal([41L, 42L], entries.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(("Operator", "ReceivePackage"), (entries[1].GetProperty("actorKind").GetString(), entries[1].GetProperty("action").GetString()));
    }

    [Fact]
    public async Task Emulation_shows_the_settings_and_changes_them_with_progression_and_step_delay()
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK, OperatorWire.Emulation);

        var shown = await cli.OperatorAsync("emulation");
        var set = await cli.OperatorAsync("emulation", "--progression", "Delayed", "--step-delay", "5s", "-o", "json");
        var lonelyDelay = await cli.OperatorAsync("emulation", "--step-delay", "5s");

        Assert.True(shown.ExitCode == FerryCli.Ok, shown.ToString());
        Assert.Contains("Delayed", shown.Output, StringComparison.Ordinal);
        Assert.Contains("00:00:05", shown.Output, StringComparison.Ordinal);
        Assert.Equal(("GET", CliHarness.Endpoint + "operator/emulation"), (cli.Handler.Requests[0].Method, cli.Handler.Requests[0].Uri));
        Assert.Equal(("PUT", """{"progression":"Delayed","stepDelay":"00:00:05"}"""), (cli.Handler.Requests[1].Method, cli.Handler.Requests[1].Body));
        Assert.Equal("Delayed", set.Json().GetProperty("progression").GetString());
        Assert.Equal(FerryCli.UsageError, lonelyDelay.ExitCode);
        Assert.Equal(2, cli.Handler.Requests.Count);
    }

    [Fact]
    public async Task Reset_needs_yes_and_then_deletes_the_subscription_jobs()
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK, """{"deleted":3}""");

        var refused = await cli.OperatorAsync("reset");
        Assert.Equal(FerryCli.UsageError, refused.ExitCode);
        Assert.Empty(cli.Handler.Requests);

        var done = await cli.OperatorAsync("reset", "--yes");

        Assert.True(done.ExitCode == FerryCli.Ok, done.ToString());
        Assert.Equal(("DELETE", CliHarness.Endpoint + "operator/subscriptions/sub-1/jobs"), (cli.Handler.Requests[0].Method, cli.Handler.Requests[0].Uri));
        Assert.Contains("Deleted 3 job(s) of subscription sub-1.", done.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_step_is_exit_1_printing_the_code_and_detail()
    {
        using var cli = CliHarness.Json(HttpStatusCode.Conflict, OperatorWire.Problem, "application/problem+json");

        var result = await cli.OperatorAsync("start-copy", "job1", "WD-1");

        Assert.Equal(FerryCli.ServiceError, result.ExitCode);
        Assert.Contains("Conflict (HTTP 409)", result.Error, StringComparison.Ordinal);
        Assert.Contains("only a Received drive can start copying", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task The_token_comes_from_the_flag_then_FERRY_OPERATOR_TOKEN_then_the_credentials_file()
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK, OperatorWire.Emulation);
        cli.WriteCredentials(new { endpoint = "https://creds.example:9443/", subscriptionId = "sub-file", operatorToken = "tok-file" });

        await cli.RunAsync("operator", "show", "job1");
        cli.Variables["FERRY_OPERATOR_TOKEN"] = "tok-env";
        await cli.RunAsync("operator", "show", "job1");
        await cli.RunAsync("operator", "show", "job1", "--operator-token", "tok-flag", "--subscription", "sub-flag", "--endpoint", "https://flag.example/");

        Assert.Equal(["Bearer tok-file", "Bearer tok-env", "Bearer tok-flag"], cli.Handler.Requests.Select(r => r.Header("Authorization")));
        Assert.Equal("https://creds.example:9443/operator/subscriptions/sub-file/jobs/job1", cli.Handler.Requests[0].Uri);
        Assert.Equal("https://flag.example/operator/subscriptions/sub-flag/jobs/job1", cli.Handler.Requests[2].Uri);
    }

    [Fact]
    public async Task Without_a_token_or_a_subscription_the_command_is_a_usage_error_and_sends_nothing()
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK, OperatorWire.JobView);

        var noToken = await cli.RunAsync("operator", "show", "job1", "--endpoint", CliHarness.Endpoint, "--subscription", "sub-1");
        var noSubscription = await cli.RunAsync("operator", "show", "job1", "--endpoint", CliHarness.Endpoint, "--operator-token", "t");
        var noDrive = await cli.OperatorAsync("receive", "job1");

        Assert.Equal(FerryCli.UsageError, noToken.ExitCode);
        Assert.Contains("operator token", noToken.Error, StringComparison.Ordinal);
        Assert.Equal(FerryCli.UsageError, noSubscription.ExitCode);
        Assert.Contains("subscription", noSubscription.Error, StringComparison.Ordinal);
        Assert.Equal(FerryCli.UsageError, noDrive.ExitCode);
        Assert.Empty(cli.Handler.Requests);
    }
}
