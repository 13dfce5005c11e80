using Ferry.Cli;

namespace Ferry.UnitTests.Cli;

/// <summary><c>ferry completion</c> scripts and the <c>[suggest]</c> directive they call.</summary>
public sealed class CompletionCommandTests
{
    private static CliHarness Local() => new(_ => throw new InvalidOperationException("no HTTP expected"));

    [Theory]
    [InlineData("ferry job ", new[] { "create", "list", "show", "ship" })]
    [InlineData("ferry job li", new[] { "list" })]
    [InlineData("ferry job list --acc", new[] { "--account" })]
    [InlineData("ferry operator emulation --progression ", new[] { "Immediate", "Delayed", "Manual" })]
    [InlineData("ferry completion ", new[] { "bash", "zsh", "pwsh" })]
    public async Task The_suggest_directive_completes_commands_options_and_values(string line, string[] expected)
    {
        using var cli = Local();

        var result = await cli.RunLocalAsync($"[suggest:{line.Length}]", line);

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        var suggestions = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.All(expected, e => Assert.Contains(e, suggestions));
        Assert.DoesNotContain("delete", suggestions.Where(_ => line.EndsWith("li", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _ferry_complete ferry")]
    [InlineData("zsh", "compdef _ferry_complete ferry")]
    [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName ferry")]
    public async Task Each_shell_gets_a_script_with_its_hook(string shell, string hook)
    {
        using var cli = Local();

        var result = await cli.RunLocalAsync("completion", shell);

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        Assert.Contains(hook, result.Output, StringComparison.Ordinal);
        Assert.Contains("[suggest:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_shell_is_a_usage_error()
    {
        using var cli = Local();

        var result = await cli.RunLocalAsync("completion", "fish");

        Assert.Equal(FerryCli.UsageError, result.ExitCode);
        Assert.Contains("<shell> expects one of bash, pwsh, zsh, got 'fish'.", result.Error, StringComparison.Ordinal);
    }
}
