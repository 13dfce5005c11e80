using Ferry.Cli;
using Ferry.IntegrationTests.Support;
using static Ferry.IntegrationTests.Cli.OperatorCommandsTests;

namespace Ferry.IntegrationTests.Cli;

/// <summary><c>ferry storage-account add|list|remove</c> against a real server reached by nothing but <c>--data-dir</c>.</summary>
public sealed class StorageAccountCommandsTests
{
    private const string Id = "/subscriptions/6f43a5ce-afda-4637-ac1c-178c41ba6675/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/account1";
    private const string Key = "c2VjcmV0LWFjY291bnQta2V5LXZhbHVl";

    [Fact]
    public async Task Add_replace_list_and_remove()
    {
        await using var server = await FerryTestServer.StartAsync();

        var added = Ok(await CliRun.DevAsync(server, "storage-account", "add", "--id", Id, "--key", Key));
        Assert.Equal((Id.ToLowerInvariant(), "account1", "AccountKey", "yes"), (added.Property("Id"), added.Property("Account"), added.Property("Credential"), added.Property("New")));
        var replaced = Ok(await CliRun.DevAsync(server, "storage-account", "add", "--id", Id, "--sas", "photos?sv=2019-02-02&sig=c2VjcmV0", "-o", "json")).Json();
        Assert.Equal(("ContainerSas", false), (replaced.GetProperty("credentialType").GetString(), replaced.GetProperty("created").GetBoolean()));

        var table = Ok(await CliRun.DevAsync(server, "storage-account", "list"));
        Assert.Equal([[Id.ToLowerInvariant(), "account1", "ContainerSas"]], table.Rows().Skip(1).Select(r => r[..3]));
        var json = Ok(await CliRun.DevAsync(server, "storage-account", "list", "-o", "json"));
        Assert.Equal([Id.ToLowerInvariant()], json.Json().EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        Assert.DoesNotContain("c2VjcmV0", added.Output + table.Output + json.Output, StringComparison.Ordinal);

        var removed = Ok(await CliRun.DevAsync(server, "storage-account", "remove", "--id", Id));
        Assert.Equal($"Removed storage account {Id}.", removed.Output.Trim());
        var again = await CliRun.DevAsync(server, "storage-account", "remove", "--id", Id);
        Assert.True(again.ExitCode == FerryCli.ServiceError, again.ToString());
        Assert.Contains("ResourceNotFound", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_id_or_key_is_refused_by_the_service_with_exit_code_1()
    {
        await using var server = await FerryTestServer.StartAsync();

        var badId = await CliRun.DevAsync(server, "storage-account", "add", "--id", "account1", "--key", Key);
        var badKey = await CliRun.DevAsync(server, "storage-account", "add", "--id", Id, "--key", "not base64!");

        Assert.True(badId.ExitCode == FerryCli.ServiceError, badId.ToString());
        Assert.Contains("BadRequest (HTTP 400)", badId.Error, StringComparison.Ordinal);
        Assert.True(badKey.ExitCode == FerryCli.ServiceError, badKey.ToString());
        Assert.Contains("accountKey", badKey.Error, StringComparison.Ordinal);
        Assert.Empty(Ok(await CliRun.DevAsync(server, "storage-account", "list", "-o", "json")).Json().EnumerateArray());
    }
}
