using System.Text.RegularExpressions;
using Ferry.Cli;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Cli;

/// <summary>
/// <c>ferry job keys</c> on an export job (the only classic command that prints BitLocker keys, and only once the
/// service reveals them) and <c>ferry job show</c>'s drive columns, which never include a key.
/// </summary>
public sealed partial class JobKeysCommandTests
{
    private const string Account = "cliacct";

    [Fact]
    public async Task Keys_of_an_export_job_appear_once_shipped_back_and_show_never_prints_them()
    {
        await using var server = await FerryTestServer.StartAsync();
        Ok(await CliRun.RunAsync(server, [
            "job", "create", "exp", "--account", Account, "--type", "export", "--location", "West US", "--account-key", CliRun.AccountKey, "--blob-prefix", "/",
            "--return-name", "John Doe", "--return-address", "One Microsoft Way, Redmond", "--return-phone", "1-800-000-0000", "--return-email", "john@example.com",
        ]));
        Ok(await CliRun.DevAsync(server, "job", "ship", "exp", "--account", Account, "--carrier", "FedEx", "--tracking", "1"));
        Ok(await CliRun.DevAsync(server, "operator", "receive", "exp", "--drive", "EXP-1"));
        Ok(await CliRun.DevAsync(server, "operator", "complete-drive", "exp", "EXP-1"));

        var hidden = Ok(await CliRun.DevAsync(server, "job", "keys", "exp", "--account", Account));
        Assert.Equal(["EXP-1", "(not available yet)"], hidden.Rows().Single(r => r[0] == "EXP-1"));

        Ok(await CliRun.DevAsync(server, "operator", "ship-back", "exp", "--carrier", "UPS", "--tracking", "RET-1"));
        var keys = Ok(await CliRun.DevAsync(server, "job", "keys", "exp", "--account", Account, "-o", "json")).Json();
        var drive = Assert.Single(keys.EnumerateArray());
        Assert.Equal("EXP-1", drive.GetProperty("driveId").GetString());
        var key = drive.GetProperty("bitLockerKey").GetString()!;
        Assert.Matches(RecoveryPassword(), key);
        var table = Ok(await CliRun.DevAsync(server, "job", "keys", "exp", "--account", Account));
        Assert.Equal(["EXP-1", key], table.Rows().Single(r => r[0] == "EXP-1"));

        var shown = Ok(await CliRun.DevAsync(server, "job", "show", "exp", "--account", Account));
        var shownJson = Ok(await CliRun.DevAsync(server, "job", "show", "exp", "--account", Account, "-o", "json"));
        Assert.DoesNotContain(key, shown.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, shownJson.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("bitLockerKey", shownJson.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Show_has_each_drive_progress_and_a_completed_drive_is_100_percent()
    {
        await using var server = await FerryTestServer.StartAsync();
        Ok(await CliRun.CreateImportJobAsync(server, "cols"));
        Ok(await CliRun.DevAsync(server, "job", "ship", "cols", "--account", Account, "--carrier", "FedEx", "--tracking", "1"));
        Ok(await CliRun.DevAsync(server, "operator", "receive", "cols", "--drive", "DRIVE-cols"));
        Ok(await CliRun.DevAsync(server, "operator", "start-copy", "cols", "DRIVE-cols"));
        Ok(await CliRun.DevAsync(server, "operator", "progress", "cols", "DRIVE-cols", "--percent", "40", "--bytes", "4096"));

        var copying = Ok(await CliRun.DevAsync(server, "job", "show", "cols", "--account", Account));
        Assert.Equal(["Drive", "State", "Copy status", "Progress", "Manifest"], copying.Rows().First(r => r[0] == "Drive"));
        Assert.Equal(["DRIVE-cols", "Transferring", "InProgress", "40%", "\\DriveManifest.xml"], copying.Rows().Single(r => r[0] == "DRIVE-cols"));

        Ok(await CliRun.DevAsync(server, "operator", "complete-drive", "cols", "DRIVE-cols"));
        Ok(await CliRun.DevAsync(server, "operator", "ship-back", "cols", "--carrier", "UPS", "--tracking", "RET-1"));
        var shipped = Ok(await CliRun.DevAsync(server, "job", "show", "cols", "--account", Account));
        Assert.Equal(["DRIVE-cols", "ShippedBack", "Completed", "100%", "\\DriveManifest.xml"], shipped.Rows().Single(r => r[0] == "DRIVE-cols"));
        var json = Ok(await CliRun.DevAsync(server, "job", "show", "cols", "--account", Account, "-o", "json")).Json();
        Assert.Equal(100, json.GetProperty("drives")[0].GetProperty("percentComplete").GetInt32());
        Assert.DoesNotContain(CliRun.BitLockerKey, shipped.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\d{6}(-\d{6}){7}$")]
    private static partial Regex RecoveryPassword();

    private static CliResult Ok(CliResult result)
    {
        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        return result;
    }
}
