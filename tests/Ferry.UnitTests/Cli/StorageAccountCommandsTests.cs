using System.Net;
using Ferry.Cli;
using Ferry.UnitTests.Client;

namespace Ferry.UnitTests.Cli;

/// <summary><c>ferry storage-account …</c> on a stub server: where the secret comes from, what is sent, and that it is never printed.</summary>
public sealed class StorageAccountCommandsTests
{
    private const string Url = CliHarness.Endpoint + "operator/storage-accounts";
    private const string Id = "/subscriptions/sub-1/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/account1";
    private const string Key = "c2VjcmV0LWtleQ==";
    private const string View = """{"id":"/subscriptions/sub-1/resourcegroups/rg1/providers/microsoft.storage/storageaccounts/account1","accountName":"account1","credentialType":"AccountKey","registeredAt":"2026-11-28T21:00:00.0000000+00:00"}""";

    private static Task<CliRunResult> RunAsync(CliHarness cli, params string[] args) =>
        cli.RunAsync(["storage-account", .. args, "--endpoint", CliHarness.Endpoint, "--operator-token", "tok-123"]);

    [Theory]
    [InlineData("--key", Key, "", "accountKey")]
    [InlineData("--key", "-", Key + "\n", "accountKey")]
    [InlineData("--sas", "-", "photos?sv=2019-02-02&sig=c2VjcmV0LWtleQ\n", "containerSas")]
    public async Task Add_sends_the_secret_from_the_option_or_standard_input_and_never_prints_it(string option, string value, string input, string member)
    {
        using var cli = CliHarness.Json(HttpStatusCode.Created, View);
        cli.Input = input;

        var table = await RunAsync(cli, "add", "--id", Id, option, value);
        var json = await RunAsync(cli, "add", "--id", Id, option, value, "-o", "json");

        Assert.True(table.ExitCode == FerryCli.Ok, table.ToString());
        Assert.True(json.ExitCode == FerryCli.Ok, json.ToString());
        var request = cli.Handler.Requests[0];
        Assert.Equal(("PUT", Url, "Bearer tok-123"), (request.Method, request.Uri, request.Header("Authorization")));
        Assert.Contains($"\"{member}\":", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"-\"", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0LWtleQ", table.Output + table.Error + json.Output, StringComparison.Ordinal);
        Assert.Contains("account1", table.Output, StringComparison.Ordinal);
        Assert.Equal(("account1", "AccountKey", true), (json.Json().GetProperty("accountName").GetString(), json.Json().GetProperty("credentialType").GetString(), json.Json().GetProperty("created").GetBoolean()));
    }

    [Fact]
    public async Task Add_without_key_or_sas_reads_the_key_from_the_environment()
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK, View);
        cli.Variables["FERRY_STORAGE_ACCOUNT_KEY"] = Key;

        var result = await RunAsync(cli, "add", "--id", Id, "-o", "json");

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        Assert.Equal($$"""{"id":"{{Id}}","accountKey":"{{Key}}"}""", Assert.Single(cli.Handler.Requests).Body);
        Assert.False(result.Json().GetProperty("created").GetBoolean());
    }

    [Theory]
    [InlineData("add", "--id", Id)]
    [InlineData("add", "--id", Id, "--key", Key, "--sas", "c?sv=2019-02-02&sig=x")]
    [InlineData("add", "--id", Id, "--key", "-")]
    [InlineData("add", "--key", Key)]
    [InlineData("remove")]
    public async Task Missing_or_conflicting_options_are_usage_errors_and_send_nothing(params string[] args)
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK, View);

        var result = await RunAsync(cli, args);

        Assert.Equal(FerryCli.UsageError, result.ExitCode);
        Assert.Empty(cli.Handler.Requests);
    }

    [Fact]
    public async Task List_prints_the_registrations_and_remove_deletes_by_escaped_id()
    {
        using var cli = new CliHarness(r => r.Method == HttpMethod.Delete
            ? StubHandler.Respond(HttpStatusCode.OK, """{"deleted":true}""")
            : StubHandler.Respond(HttpStatusCode.OK, $$"""{"value":[{{View}}]}"""));

        var list = await RunAsync(cli, "list", "-o", "json");
        var table = await RunAsync(cli, "list");
        var removed = await RunAsync(cli, "remove", "--id", Id);

        Assert.Equal("AccountKey", Assert.Single(list.Json().EnumerateArray()).GetProperty("credentialType").GetString());
        Assert.Contains("account1", table.Output, StringComparison.Ordinal);
        Assert.Equal(FerryCli.Ok, removed.ExitCode);
        Assert.Equal(("DELETE", Url + "?id=" + Uri.EscapeDataString(Id)), (cli.Handler.Requests[2].Method, cli.Handler.Requests[2].Uri));
        Assert.Contains("Removed storage account", removed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_error_is_exit_code_1_with_the_code()
    {
        using var cli = CliHarness.Json(HttpStatusCode.NotFound, """{"status":404,"code":"ResourceNotFound","detail":"Storage account 'x' is not registered."}""", "application/problem+json");

        var result = await RunAsync(cli, "remove", "--id", Id);

        Assert.Equal(FerryCli.ServiceError, result.ExitCode);
        Assert.Contains("ResourceNotFound (HTTP 404)", result.Error, StringComparison.Ordinal);
    }
}
