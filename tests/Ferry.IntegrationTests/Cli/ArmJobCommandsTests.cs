using Ferry.Cli;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Cli;

/// <summary>
/// <c>ferry arm job …</c> against a real server with nothing but <c>--data-dir</c> (the development <c>armToken</c>
/// of <c>dev-credentials.json</c>): an ARM job's whole life with the operator commands playing the data centre, and
/// an error in the ARM envelope.
/// </summary>
public sealed class ArmJobCommandsTests
{
    private const string Group = "rg-cli";
    private const string Job = "armjob";

    [Fact]
    public async Task An_arm_job_goes_from_create_to_Completed_and_is_deleted_through_the_cli()
    {
        await using var server = await FerryTestServer.StartAsync();

        var created = Ok(await CliRun.DevAsync(server, [
            "arm", "job", "create", Job, "-g", Group, "--location", "West US", "--type", "import", "--account", "acct1",
            "--drive", $"WD-A,{CliRun.BitLockerKey},\\DriveManifest.xml,B306C4B34DAA0E99957A4B9C779D2FA2",
            "--return-name", "John Doe", "--return-street", "One Microsoft Way", "--return-city", "Redmond", "--return-postal-code", "98052",
            "--return-country", "USA", "--return-phone", "1-800-000-0000", "--return-email", "john@example.com",
            "--return-carrier", "FedEx", "--return-carrier-account", "123456", "--log-level", "Verbose", "-o", "json",
        ])).Json();
        Assert.Equal((Job, Group, "Import", "Creating", "Verbose"), (created.GetProperty("name").GetString(), created.GetProperty("resourceGroup").GetString(),
            created.GetProperty("type").GetString(), created.GetProperty("state").GetString(), created.GetProperty("logLevel").GetString()));
        Assert.Equal($"/subscriptions/{server.SubscriptionId}/resourceGroups/{Group}/providers/Microsoft.Storage/storageAccounts/acct1", created.GetProperty("storageAccountId").GetString());
        Assert.Equal("WD-A", created.GetProperty("drives")[0].GetProperty("driveId").GetString());

        var shipped = Ok(await CliRun.DevAsync(server, "arm", "job", "ship", Job, "-g", Group, "--carrier", "FedEx", "--tracking", "999999999999"));
        Assert.Equal(("Shipping", "FedEx 999999999999"), (shipped.Property("State"), shipped.Property("Delivery package")));
        Ok(await CliRun.DevAsync(server, "operator", "receive", Job, "--resource-group", Group, "--drive", "WD-A"));
        Ok(await CliRun.DevAsync(server, "operator", "start-copy", Job, "WD-A", "--resource-group", Group));
        Ok(await CliRun.DevAsync(server, "operator", "progress", Job, "WD-A", "--resource-group", Group, "--percent", "25", "--bytes", "1073741824"));

        var copying = Ok(await CliRun.DevAsync(server, "arm", "job", "show", Job, "-g", Group));
        Assert.Equal(["WD-A", "Transferring", "InProgress", "25%", "1.0 GiB of ~4.0 GiB", "\\DriveManifest.xml"], copying.Rows().Single(r => r[0] == "WD-A"));

        Ok(await CliRun.DevAsync(server, "operator", "complete-drive", Job, "WD-A", "--resource-group", Group, "--bytes", "4294967296"));
        Ok(await CliRun.DevAsync(server, "operator", "ship-back", Job, "--resource-group", Group, "--carrier", "UPS", "--tracking", "RET-1"));
        var waited = await CliRun.DevAsync(server, "arm", "job", "wait", Job, "-g", Group, "--timeout", "30s");
        Assert.True(waited.ExitCode == FerryCli.Ok, waited.ToString());
        Assert.Contains("WD-A ShippedBack 100% 4.0 GiB", waited.Output, StringComparison.Ordinal);

        var shown = Ok(await CliRun.DevAsync(server, "arm", "job", "show", Job, "-g", Group, "-o", "json")).Json();
        Assert.Equal(("Completed", "UPS RET-1, 1 drive(s), shipped 2026-01-05"), (shown.GetProperty("state").GetString(), shown.GetProperty("returnPackage").GetString()));
        Assert.Equal(4294967296, shown.GetProperty("drives")[0].GetProperty("bytesSucceeded").GetInt64());
        var listed = Ok(await CliRun.DevAsync(server, "arm", "job", "list", "--state", "completed", "-o", "json")).Json();
        Assert.Equal([(Job, Group)], listed.EnumerateArray().Select(j => (j.GetProperty("name").GetString(), j.GetProperty("resourceGroup").GetString())));
        var keys = Ok(await CliRun.DevAsync(server, "arm", "job", "keys", Job, "-g", Group));
        Assert.Equal(["WD-A", CliRun.BitLockerKey], keys.Rows().Single(r => r[0] == "WD-A"));
        Assert.DoesNotContain(CliRun.BitLockerKey, shown.ToString(), StringComparison.Ordinal);

        var deleted = Ok(await CliRun.DevAsync(server, "arm", "job", "delete", Job, "-g", Group));
        Assert.Equal($"Deleted job {Job}.", deleted.Output.Trim());
        var gone = await CliRun.DevAsync(server, "arm", "job", "show", Job, "-g", Group);
        Assert.True(gone.ExitCode == FerryCli.ServiceError, gone.ToString());
        Assert.StartsWith("ferry: ResourceNotFound (HTTP 404): ", gone.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(server.ArmToken, gone.Error + gone.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_follows_next_links_with_top_and_filters_by_type_and_cancel_sets_cancelRequested()
    {
        await using var server = await FerryTestServer.StartAsync();
        foreach (var (name, group) in new[] { ("a1", "rg-a"), ("a2", "rg-a"), ("b1", "rg-b") })
        {
            Ok(await CliRun.DevAsync(server, "arm", "job", "create", name, "-g", group, "--location", "West US", "--type", "export", "--account", "acct1", "--blob-prefix", "/"));
        }

        var canceled = Ok(await CliRun.DevAsync(server, "arm", "job", "cancel", "a2", "-g", "rg-a", "-o", "json")).Json();
        var inGroup = Ok(await CliRun.DevAsync(server, "arm", "job", "list", "-g", "rg-a", "--type", "export", "-o", "json")).Json();
        var top = Ok(await CliRun.DevAsync(server, "arm", "job", "list", "--top", "2", "-o", "json")).Json();
        var imports = Ok(await CliRun.DevAsync(server, "arm", "job", "list", "--type", "import", "-o", "json")).Json();

        Assert.True(canceled.GetProperty("cancelRequested").GetBoolean());
        Assert.Equal(["a1", "a2"], inGroup.EnumerateArray().Select(j => j.GetProperty("name").GetString()));
        Assert.Equal(2, top.GetArrayLength());
        Assert.Equal(0, imports.GetArrayLength());
    }

    [Fact]
    public async Task A_missing_job_is_the_arm_error_on_stderr_with_exit_1_and_a_bad_token_is_refused()
    {
        await using var server = await FerryTestServer.StartAsync();

        var missing = await CliRun.DevAsync(server, "arm", "job", "keys", "nope", "-g", Group);
        var refused = await CliRun.DevAsync(server, "arm", "job", "list", "--token", "not-a-token");

        Assert.True(missing.ExitCode == FerryCli.ServiceError, missing.ToString());
        Assert.StartsWith("ferry: ResourceNotFound (HTTP 404): ", missing.Error, StringComparison.Ordinal);
        Assert.Empty(missing.Output);
        Assert.True(refused.ExitCode == FerryCli.ServiceError, refused.ToString());
        Assert.Contains("(HTTP 401)", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-token", refused.Error, StringComparison.Ordinal);
    }

    private static CliResult Ok(CliResult result)
    {
        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        return result;
    }
}
