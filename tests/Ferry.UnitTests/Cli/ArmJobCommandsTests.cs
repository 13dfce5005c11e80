using System.Net;
using Ferry.Cli;

namespace Ferry.UnitTests.Cli;

/// <summary><c>ferry arm job …</c> on a stub server: the request each command sends (path, api-version, token, body) and the exit codes.</summary>
public sealed class ArmJobCommandsTests
{
    private const string Jobs = CliHarness.Endpoint + "subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.ImportExport/jobs";

    private const string Job = """
        {"id":"/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.ImportExport/jobs/job1","name":"job1","location":"westus",
         "properties":{"storageAccountId":"/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.Storage/storageAccounts/acct","jobType":"Import",
          "state":"Transferring","cancelRequested":false,"percentComplete":50,
          "driveList":[{"driveId":"WD-1","state":"Transferring","copyStatus":"InProgress","percentComplete":50,"bytesSucceeded":1024,"errorLogUri":"https://acct.blob.core.windows.net/waimportexport/WD-1_error.xml"}]}}
        """;

    [Theory]
    [InlineData("show job1 -g rg-1", "GET", "/job1?api-version=2021-01-01", null)]
    [InlineData("show job1 -g rg-1 --api-version 2016-11-01", "GET", "/job1?api-version=2016-11-01", null)]
    [InlineData("ship job1 -g rg-1 --carrier FedEx --tracking 123 --drive-count 2", "PATCH", "/job1?api-version=2021-01-01",
        """{"properties":{"state":"Shipping","deliveryPackage":{"carrierName":"FedEx","trackingNumber":"123","driveCount":2}}}""")]
    [InlineData("cancel job1 -g rg-1", "PATCH", "/job1?api-version=2021-01-01", """{"properties":{"cancelRequested":true}}""")]
    [InlineData("update job1 -g rg-1 --log-level Verbose --return-phone 555", "PATCH", "/job1?api-version=2021-01-01",
        """{"properties":{"logLevel":"Verbose","returnAddress":{"phone":"555"}}}""")]
    [InlineData("create job1 -g rg-1 --location westus --type export --account acct --blob-prefix /photos --blob-path c/b.txt", "PUT", "/job1?api-version=2021-01-01",
        """{"location":"westus","properties":{"jobType":"Export","storageAccountId":"/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.Storage/storageAccounts/acct","export":{"blobList":{"blobPath":["c/b.txt"],"blobPathPrefix":["/photos"]}}}}""")]
    [InlineData("create job1 -g rg-1 --location westus --type import --storage-account-id /x --drive WD-1,KEY,\\m.xml,AB", "PUT", "/job1?api-version=2021-01-01",
        """{"location":"westus","properties":{"jobType":"Import","storageAccountId":"/x","driveList":[{"driveId":"WD-1","bitLockerKey":"KEY","manifestFile":"\\m.xml","manifestHash":"AB"}]}}""")]
    public async Task Each_command_sends_its_request_with_the_token_and_prints_the_job(string command, string method, string path, string? body)
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK, Job);
        cli.Variables["FERRY_ARM_TOKEN"] = "arm-secret";

        var result = await ArmAsync(cli, [.. command.Split(' '), "-o", "json"]);

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        var request = Assert.Single(cli.Handler.Requests);
        Assert.Equal((method, Jobs + path), (request.Method, request.Uri));
        Assert.Equal("Bearer arm-secret", request.Header("Authorization"));
        Assert.Equal(body, request.Body);
        var job = result.Json();
        Assert.Equal(("job1", "rg-1", "Transferring"), (job.GetProperty("name").GetString(), job.GetProperty("resourceGroup").GetString(), job.GetProperty("state").GetString()));
        Assert.Equal(1024, job.GetProperty("drives")[0].GetProperty("bytesSucceeded").GetInt64());
        Assert.DoesNotContain("arm-secret", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_from_a_body_lets_flags_override_and_a_drive_list_replace_its_drives()
    {
        using var cli = CliHarness.Json(HttpStatusCode.Created, Job);
        cli.Variables["FERRY_ARM_TOKEN"] = "t";
        Directory.CreateDirectory(cli.DataDirectory);
        var body = Path.Combine(cli.DataDirectory, "job.json");
        var drives = Path.Combine(cli.DataDirectory, "drives.json");
        await File.WriteAllTextAsync(body, """
            {"location":"eastus","tags":{"team":"a"},"properties":{"jobType":"Import","storageAccountId":"/s","logLevel":"Error",
             "returnAddress":{"recipientName":"A","city":"Redmond"},"driveList":[{"driveId":"OLD","bitLockerKey":"K","manifestFile":"\\m","manifestHash":"AA"}]}}
            """, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(drives, """[{"DriveId":"WD-9","BitLockerKey":"K9","ManifestFile":"\\m9","ManifestHash":"BB"}]""", TestContext.Current.CancellationToken);

        var result = await ArmAsync(cli, "create", "job1", "-g", "rg-1", "--body", body, "--location", "westus", "--log-level", "Verbose", "--return-city", "Seattle", "--drive-list", drives);

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        Assert.Equal(
            """{"location":"westus","tags":{"team":"a"},"properties":{"jobType":"Import","storageAccountId":"/s","logLevel":"Verbose","returnAddress":{"recipientName":"A","city":"Seattle"},"driveList":[{"driveId":"WD-9","bitLockerKey":"K9","manifestFile":"\\m9","manifestHash":"BB"}]}}""",
            Assert.Single(cli.Handler.Requests).Body);
        Assert.DoesNotContain("K9", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_option_wins_over_the_environment_and_the_credentials()
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK, Job);
        cli.Variables["FERRY_ARM_TOKEN"] = "from-env";
        cli.WriteCredentials(new { armToken = "from-file", subscriptionId = "sub-1", endpoint = CliHarness.Endpoint });

        await cli.RunAsync("arm", "job", "show", "job1", "-g", "rg-1", "--token", "from-flag");
        cli.Variables.Clear();
        await cli.RunAsync("arm", "job", "show", "job1", "-g", "rg-1");

        Assert.Equal(["Bearer from-flag", "Bearer from-file"], cli.Handler.Requests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task List_builds_the_filter_and_follows_next_links_up_to_top()
    {
        var pages = new Queue<string>([
            """{"value":[{"name":"a","id":"/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.ImportExport/jobs/a","properties":{"state":"Creating"}}],"nextLink":"https://ferry.example/subscriptions/sub-1/providers/Microsoft.ImportExport/jobs?api-version=2021-01-01&$skiptoken=abc"}""",
            """{"value":[{"name":"b","properties":{"state":"Creating"}},{"name":"c","properties":{"state":"Creating"}}]}""",
        ]);
        using var cli = new CliHarness(_ => Client.StubHandler.Respond(HttpStatusCode.OK, pages.Dequeue()));
        cli.Variables["FERRY_ARM_TOKEN"] = "t";

        var result = await ArmAsync(cli, "list", "--state", "creating", "--type", "import", "--top", "2", "-o", "json");

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        Assert.Equal(["a", "b"], result.Json().EnumerateArray().Select(j => j.GetProperty("name").GetString()));
        Assert.Equal(
            [
                CliHarness.Endpoint + "subscriptions/sub-1/providers/Microsoft.ImportExport/jobs?$filter=state%20eq%20%27Creating%27%20and%20jobType%20eq%20%27Import%27&$top=2&api-version=2021-01-01",
                "https://ferry.example/subscriptions/sub-1/providers/Microsoft.ImportExport/jobs?api-version=2021-01-01&$skiptoken=abc",
            ],
            cli.Handler.Requests.Select(r => r.Uri));
    }

    [Fact]
    public async Task An_error_in_the_arm_envelope_is_code_status_and_message_on_stderr_with_exit_1()
    {
        using var cli = CliHarness.Json(HttpStatusCode.NotFound, """{"error":{"code":"ResourceNotFound","message":"The job 'job1' was not found."}}""");
        cli.Variables["FERRY_ARM_TOKEN"] = "t";

        var result = await ArmAsync(cli, "keys", "job1", "-g", "rg-1");

        Assert.Equal(FerryCli.ServiceError, result.ExitCode);
        Assert.Equal("ferry: ResourceNotFound (HTTP 404): The job 'job1' was not found.", result.Error.Trim());
        Assert.Equal(("POST", Jobs + "/job1/listBitLockerKeys?api-version=2021-01-01"), (cli.Handler.Requests[0].Method, cli.Handler.Requests[0].Uri));
    }

    [Theory]
    [InlineData("show job1", "--resource-group")]
    [InlineData("wait job1 -g rg-1 --state Bogus", "not a job state")]
    [InlineData("create job1 -g rg-1 --type import", "needs --location")]
    public async Task Usage_errors_are_exit_2_without_a_request(string command, string message)
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK, Job);
        cli.Variables["FERRY_ARM_TOKEN"] = "t";

        var result = await ArmAsync(cli, command.Split(' '));

        Assert.True(result.ExitCode == FerryCli.UsageError, result.ToString());
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(cli.Handler.Requests);
    }

    [Fact]
    public async Task Without_any_token_the_command_says_where_one_comes_from()
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK, Job);

        var result = await ArmAsync(cli, "show", "job1", "-g", "rg-1");

        Assert.True(result.ExitCode == FerryCli.UsageError, result.ToString());
        Assert.Contains("no ARM token: pass --token or $FERRY_ARM_TOKEN", result.Error, StringComparison.Ordinal);
    }

    private static Task<CliRunResult> ArmAsync(CliHarness cli, params string[] args) =>
        cli.RunAsync(["arm", "job", .. args, "--endpoint", CliHarness.Endpoint, "--subscription", "sub-1"]);
}
