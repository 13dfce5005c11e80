using System.Net;
using Ferry.Cli;

namespace Ferry.UnitTests.Cli;

/// <summary>
/// <c>ferry job show</c> and <c>job keys</c> on a stub classic server answering a job whose drives have log blobs (the
/// transfer engine writes them, so the integration tests, which run without it, never see any).
/// </summary>
public sealed class JobShowTests
{
    private const string Key = "259358-100188-581471-154165-090552-296406-410091-426844";

    private const string Job = $$"""
        {"Name":"job1","Properties":{"Type":"Import","State":"Transferring","PercentComplete":50,"Location":"West US"},
         "DriveList":[
           {"DriveId":"WD-1","BitLockerKey":"{{Key}}","State":"Completed","CopyStatus":"Completed","PercentComplete":100,
            "ErrorLogUri":"https://acct.blob.core.windows.net/waimportexport/WD-1_error.xml","VerboseLogUri":"https://acct.blob.core.windows.net/waimportexport/WD-1_verbose.xml"},
           {"DriveId":"WD-2","BitLockerKey":"{{Key}}","State":"Received"}]}
        """;

    [Fact]
    public async Task Show_prints_each_drive_log_and_progress_but_never_its_key()
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK, Job);

        var result = await cli.CustomerAsync("job", "show", "job1", "--account", "acct");

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        var rows = Rows(result.Output);
        Assert.Contains(["WD-1", "Completed", "Completed", "100%", ""], rows);
        Assert.Contains(["Drive", "Error log", "Verbose log", "Manifest backup"], rows);
        Assert.Contains(["WD-1", "https://acct.blob.core.windows.net/waimportexport/WD-1_error.xml", "https://acct.blob.core.windows.net/waimportexport/WD-1_verbose.xml", ""], rows);
        Assert.DoesNotContain(rows, r => r[0] == "WD-2" && r.Length == 4);
        Assert.DoesNotContain(Key, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_prints_the_key_of_every_drive_that_has_one()
    {
        using var cli = CliHarness.Json(HttpStatusCode.OK, Job);

        var result = await cli.CustomerAsync("job", "keys", "job1", "--account", "acct", "-o", "json");

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        Assert.Equal([("WD-1", Key), ("WD-2", Key)], result.Json().EnumerateArray().Select(d => (d.GetProperty("driveId").GetString(), d.GetProperty("bitLockerKey").GetString())));
        Assert.EndsWith("/jobs/job1", Assert.Single(cli.Handler.Requests).Uri.Split('?')[0], StringComparison.Ordinal);
    }

    private static List<string[]> Rows(string output) =>
    [
        .. output.Split('\n')
            .Where(line => line.Contains('│', StringComparison.Ordinal))
            .Select(line => line.Split('│').Select(cell => cell.Trim()).ToArray()[1..^1]),
    ];
}
