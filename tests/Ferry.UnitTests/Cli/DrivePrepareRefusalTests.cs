using Ferry.Cli;
using Ferry.UnitTests.Core.Drives;

namespace Ferry.UnitTests.Cli;

/// <summary>A <c>ferry drive prepare</c> refused by validation leaves nothing behind: no journal, no drive folder.</summary>
public sealed class DrivePrepareRefusalTests
{
    private static CliHarness Local() => new(_ => throw new InvalidOperationException("no HTTP expected"));

    [Theory]
    [InlineData("too-small", "fits on no drive")]
    [InlineData("no-credential", "needs the storage account key or a container SAS")]
    [InlineData("missing-source", "nowhere")]
    [InlineData("bad-session", "session id")]
    public async Task A_refused_preparation_creates_no_journal_and_no_drive_folder(string problem, string message)
    {
        using var w = new DriveWorkspace();
        w.File("src/a.bin", 2 * 1024 * 1024);
        var journal = w.Combine("journals", "new.jrn");
        var drive = w.Combine("drives", "new-drive");
        using var cli = Local();
        string[] args = problem switch
        {
            "too-small" => ["--drive", drive + "=1MB", "--srcdir", w.Combine("src"), "--dstdir", "cont1/", "--storage-account-key", DriveWorkspace.AccountKey],
            "no-credential" => ["--drive", drive, "--srcdir", w.Combine("src"), "--dstdir", "cont1/"],
            "missing-source" => ["--drive", drive, "--srcdir", w.Combine("nowhere"), "--dstdir", "cont1/", "--storage-account-key", DriveWorkspace.AccountKey],
            _ => ["--drive", drive, "--srcdir", w.Combine("src"), "--dstdir", "cont1/", "--storage-account-key", DriveWorkspace.AccountKey],
        };

        var result = await cli.RunLocalAsync(["drive", "prepare", "--journal", journal, "--session-id", problem == "bad-session" ? "x" : "ses1", .. args]);

        Assert.True(result.ExitCode == FerryCli.UsageError, result.ToString());
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(journal), "journal created");
        Assert.False(Directory.Exists(Path.GetDirectoryName(journal)), "journal folder created");
        Assert.False(Directory.Exists(drive), "drive folder created");
        Assert.False(Directory.Exists(w.Combine("drives")), "drives folder created");
    }

    [Fact]
    public async Task A_refused_later_session_keeps_the_existing_journal()
    {
        using var w = new DriveWorkspace();
        w.File("src/a.bin", 1000);
        var drive = w.Drive("d1");
        using var cli = Local();
        string[] first = ["drive", "prepare", "--journal", w.Journal, "--session-id", "ses1", "--drive", drive, "--srcdir", w.Combine("src"), "--dstdir", "cont1/", "--storage-account-key", DriveWorkspace.AccountKey];
        Assert.Equal(FerryCli.Ok, (await cli.RunLocalAsync(first)).ExitCode);
        var before = await File.ReadAllTextAsync(w.Journal, TestContext.Current.CancellationToken);

        var again = await cli.RunLocalAsync(first);

        Assert.Equal(FerryCli.UsageError, again.ExitCode);
        Assert.Equal(before, await File.ReadAllTextAsync(w.Journal, TestContext.Current.CancellationToken));
    }
}
