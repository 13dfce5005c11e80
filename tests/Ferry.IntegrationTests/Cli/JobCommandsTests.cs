using System.Text.Json;
using Ferry.Cli;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Cli;

/// <summary>The classic job commands of <c>ferry</c> against a real server: tables, <c>--output json</c> and exit codes.</summary>
public sealed class JobCommandsTests
{
    [Fact]
    public async Task Create_prints_the_new_job_as_a_table_without_secrets_and_show_json_has_its_drives()
    {
        await using var server = await FerryTestServer.StartAsync();

        var created = await CliRun.CreateImportJobAsync(server, "job-a", extra: ["--friendly-name", "first"]);

        Assert.True(created.ExitCode == FerryCli.Ok, created.ToString());
        Assert.Contains("job-a", created.Output, StringComparison.Ordinal);
        Assert.Contains("Creating", created.Output, StringComparison.Ordinal);
        Assert.Contains("DRIVE-job-a", created.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(CliRun.BitLockerKey, created.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(CliRun.AccountKey, created.Output, StringComparison.Ordinal);

        var shown = await CliRun.RunAsync(server, "job", "show", "job-a", "--account", "cliacct", "--output", "json");

        Assert.True(shown.ExitCode == FerryCli.Ok, shown.ToString());
        var json = shown.Json();
        Assert.Equal("job-a", json.GetProperty("name").GetString());
        Assert.Equal("cliacct", json.GetProperty("storageAccount").GetString());
        Assert.Equal("Import", json.GetProperty("type").GetString());
        Assert.Equal("Creating", json.GetProperty("state").GetString());
        Assert.Equal("first", json.GetProperty("friendlyName").GetString());
        Assert.Equal("John Doe", json.GetProperty("returnAddress").GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("etag").GetString()));
        var drive = Assert.Single(json.GetProperty("drives").EnumerateArray());
        Assert.Equal("DRIVE-job-a", drive.GetProperty("driveId").GetString());
        Assert.Equal("Specified", drive.GetProperty("state").GetString());
        Assert.False(drive.TryGetProperty("bitLockerKey", out _));
        Assert.DoesNotContain(CliRun.BitLockerKey, shown.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_shows_the_account_jobs_as_a_table_and_as_json_filtered_by_state()
    {
        await using var server = await FerryTestServer.StartAsync();
        await CliRun.CreateImportJobAsync(server, "job-a");
        await CliRun.CreateImportJobAsync(server, "job-b");
        await CliRun.RunAsync(server, "job", "ship", "job-b", "--account", "cliacct", "--carrier", "FedEx", "--tracking", "123");

        var table = await CliRun.RunAsync(server, "job", "list", "--account", "cliacct");
        var json = await CliRun.RunAsync(server, "job", "list", "--account", "cliacct", "--state", "Shipping", "-o", "json");

        Assert.True(table.ExitCode == FerryCli.Ok, table.ToString());
        Assert.Contains("job-a", table.Output, StringComparison.Ordinal);
        Assert.Contains("job-b", table.Output, StringComparison.Ordinal);
        Assert.Contains("Shipping", table.Output, StringComparison.Ordinal);
        var listed = Assert.Single(json.Json().EnumerateArray());
        Assert.Equal(("job-b", "Shipping"), (listed.GetProperty("name").GetString(), listed.GetProperty("state").GetString()));
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("drives").ValueKind);
    }

    [Fact]
    public async Task Ship_sets_the_delivery_package_and_Shipping_and_cancel_sets_CancelRequested()
    {
        await using var server = await FerryTestServer.StartAsync();
        await CliRun.CreateImportJobAsync(server, "job-s");

        var shipped = await CliRun.RunAsync(server, "job", "ship", "job-s", "--account", "cliacct", "--carrier", "FedEx", "--tracking", "999999999999",
            "--drive-count", "1", "--ship-date", "2026-01-05", "--return-phone", "1-555-0100", "-o", "json");

        Assert.True(shipped.ExitCode == FerryCli.Ok, shipped.ToString());
        var json = shipped.Json();
        Assert.Equal("Shipping", json.GetProperty("state").GetString());
        var package = json.GetProperty("deliveryPackage");
        Assert.Equal(("FedEx", "999999999999", 1, "2026-01-05"), (package.GetProperty("carrierName").GetString(), package.GetProperty("trackingNumber").GetString(), package.GetProperty("driveCount").GetInt32(), package.GetProperty("shipDate").GetString()));
        var address = json.GetProperty("returnAddress");
        Assert.Equal(("John Doe", "1-555-0100"), (address.GetProperty("name").GetString(), address.GetProperty("phone").GetString()));

        var canceled = await CliRun.RunAsync(server, "job", "cancel", "job-s", "--account", "cliacct", "-o", "json");

        Assert.True(canceled.ExitCode == FerryCli.Ok, canceled.ToString());
        Assert.True(canceled.Json().GetProperty("cancelRequested").GetBoolean());
    }

    [Fact]
    public async Task Update_changes_only_the_given_properties_and_honours_if_match()
    {
        await using var server = await FerryTestServer.StartAsync();
        await CliRun.CreateImportJobAsync(server, "job-u", extra: ["--description", "kept"]);

        var updated = await CliRun.RunAsync(server, "job", "update", "job-u", "--account", "cliacct", "--friendly-name", "renamed", "-o", "json");
        var stale = await CliRun.RunAsync(server, "job", "update", "job-u", "--account", "cliacct", "--metadata", "m", "--if-match", "\"stale\"");

        Assert.True(updated.ExitCode == FerryCli.Ok, updated.ToString());
        Assert.Equal(("renamed", "kept"), (updated.Json().GetProperty("friendlyName").GetString(), updated.Json().GetProperty("description").GetString()));
        Assert.Equal(FerryCli.ServiceError, stale.ExitCode);
        Assert.Contains("412", stale.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_removes_the_job_and_a_missing_job_is_exit_1_with_ResourceNotFound()
    {
        await using var server = await FerryTestServer.StartAsync();
        await CliRun.CreateImportJobAsync(server, "job-d");

        var deleted = await CliRun.RunAsync(server, "job", "delete", "job-d", "--account", "cliacct");
        var missing = await CliRun.RunAsync(server, "job", "show", "job-d", "--account", "cliacct");

        Assert.True(deleted.ExitCode == FerryCli.Ok, deleted.ToString());
        Assert.Contains("Deleted job job-d.", deleted.Output, StringComparison.Ordinal);
        Assert.Equal(FerryCli.ServiceError, missing.ExitCode);
        Assert.Contains("ResourceNotFound", missing.Error, StringComparison.Ordinal);
        Assert.Contains("404", missing.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, missing.Output);
    }

    [Fact]
    public async Task Create_from_a_body_file_lets_flags_override_and_add_export_members()
    {
        await using var server = await FerryTestServer.StartAsync();
        var body = Path.Combine(server.DataDirectory, "export.json");
        await File.WriteAllTextAsync(body, """
            {"Name":"job-e","Properties":{"StorageAccountKey":"KEY","Location":"East US","Type":"Export","Description":"from the body",
             "ReturnAddress":{"Name":"John Doe","Address":"One Way","Phone":"1-800","Email":"j@example.com"}},
             "Export":{"BlobList":{"BlobPath":["photos/a.jpg"]}}}
            """.Replace("KEY", CliRun.AccountKey, StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var created = await CliRun.RunAsync(server, "job", "create", "job-e", "--account", "cliacct", "--body", body, "--location", "West US",
            "--blob-prefix", "/videos", "--return-carrier", "FedEx", "--return-carrier-account", "123456789", "-o", "json");
        var mismatch = await CliRun.RunAsync(server, "job", "create", "other", "--account", "cliacct", "--body", body);

        Assert.True(created.ExitCode == FerryCli.Ok, created.ToString());
        var json = created.Json();
        Assert.Equal(("Export", "West US", "from the body"), (json.GetProperty("type").GetString(), json.GetProperty("location").GetString(), json.GetProperty("description").GetString()));
        Assert.Equal(["/videos"], json.GetProperty("export").GetProperty("blobPathPrefixes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("FedEx", json.GetProperty("returnShipping").GetProperty("carrierName").GetString());
        Assert.DoesNotContain(CliRun.AccountKey, created.Output, StringComparison.Ordinal);
        Assert.Equal(FerryCli.UsageError, mismatch.ExitCode);
    }

    [Theory]
    [InlineData("job", "show", "job-x")]
    [InlineData("job", "create", "job-x", "--account", "a", "--location", "West US")]
    [InlineData("job", "create", "job-x", "--account", "a", "--type", "sideways", "--location", "West US")]
    [InlineData("job", "create", "job-x", "--account", "a", "--type", "import", "--location", "West US", "--drive", "ONLY-AN-ID")]
    [InlineData("job", "create", "job-x", "--account", "a", "--type", "import", "--location", "West US", "--return-phone", "1")]
    [InlineData("job", "ship", "job-x", "--account", "a", "--carrier", "FedEx")]
    [InlineData("job", "update", "job-x", "--account", "a")]
    [InlineData("job", "list", "--account", "a", "--output", "yaml")]
    public async Task Usage_errors_are_exit_2_and_send_nothing(params string[] args)
    {
        await using var server = await FerryTestServer.StartAsync();

        var result = await CliRun.RunAsync(server, args);

        Assert.True(result.ExitCode == FerryCli.UsageError, result.ToString());
        Assert.NotEqual(string.Empty, result.Error);
        Assert.DoesNotContain("ResourceNotFound", result.Error, StringComparison.Ordinal);
    }
}
