using System.Text.RegularExpressions;
using Ferry.Cli;

namespace Ferry.UnitTests.Cli;

/// <summary><c>ferry serve --help</c> and <c>ferry db migrate</c> (SQLite).</summary>
public sealed class ServeAndDbCommandsTests
{
    private static CliHarness Local() => new(_ => throw new InvalidOperationException("no HTTP expected"));

    [Fact]
    public async Task Serve_help_lists_every_server_option_and_the_setting_syntax()
    {
        using var cli = Local();

        var result = await cli.RunLocalAsync("serve", "--help");

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        Assert.All(
            ["--data-dir", "--urls", "--tls-certificate", "--tls-key", "--database", "--connection-string", "--roles", "--blob-endpoint", "--emulation", "--config", "--Section:Key value"],
            option => Assert.Contains(option, result.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Db_migrate_names_the_migrations_it_applied_then_says_the_schema_was_up_to_date()
    {
        using var cli = Local();

        var first = await cli.RunAsync("db", "migrate");
        var second = await cli.RunAsync("db", "migrate");

        Assert.True(first.ExitCode == FerryCli.Ok, first.ToString());
        var applied = first.Output.Split('\n').Select(l => l.Trim()).Where(l => Regex.IsMatch(l, @"^\d{14}_\w+$")).ToList();
        Assert.NotEmpty(applied);
        Assert.Contains($"Applied {applied.Count} migration(s):", first.Output, StringComparison.Ordinal);
        Assert.True(second.ExitCode == FerryCli.Ok, second.ToString());
        Assert.Equal("The database schema was already up to date; no migration applied.", second.Output.Trim());
    }
}
