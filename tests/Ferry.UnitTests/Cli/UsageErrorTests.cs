using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using Ferry.Cli;
using Ferry.Cli.Commands;

namespace Ferry.UnitTests.Cli;

/// <summary>Usage errors speak the user's words: plain expectations, "did you mean", the help to read, exit code 2.</summary>
public sealed class UsageErrorTests
{
    private static readonly string[] _typeNameMarkers = ["System.", "Ferry.", "`1", "Nullable"];

    private static CliHarness Local() => new(_ => throw new InvalidOperationException("no HTTP expected"));

    [Fact]
    public async Task Every_option_of_every_command_given_a_bad_value_says_what_it_expects_without_a_type_name()
    {
        using var cli = Local();
        var root = FerryCli.CreateRoot([], new CliEnvironment(TextWriter.Null, TextWriter.Null, Interactive: false));
        var tried = new List<string>();
        foreach (var (path, arguments, option) in OptionsOf(root, []))
        {
            if (BadValue(option) is not { } bad)
            {
                continue;
            }

            // A server must never start here: should serve accept the value, the plain-HTTP URL stops it at once.
            string[] guard = path is ["serve"] ? ["--urls", "http://127.0.0.1:0"] : [];
            var result = await cli.RunLocalAsync([.. path, .. arguments, option.Name, bad, .. guard]);
            var where = $"{string.Join(' ', path)} {option.Name} {bad}: {result}";
            Assert.True(result.ExitCode == FerryCli.UsageError, where);
            Assert.Contains($"{option.Name} expects ", result.Error, StringComparison.Ordinal);
            Assert.Contains($"got '{bad}'", result.Error, StringComparison.Ordinal);
            Assert.Contains($"See '{string.Join(' ', ["ferry", .. path])} --help'.", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(_typeNameMarkers, m => result.Error.Contains(m, StringComparison.Ordinal));
            tried.Add(where);
        }

        // Every kind the tree holds: numbers, switches, enums, durations, a GUID and the fixed lists.
        Assert.True(tried.Count >= 25, $"only {tried.Count} options tried");
    }

    [Theory]
    [InlineData(new[] { "job", "list", "--top", "x" }, "--top expects a whole number, got 'x'.")]
    [InlineData(new[] { "operator", "emulation", "--progression", "x" }, "--progression expects one of Immediate, Delayed, Manual, got 'x'.")]
    [InlineData(new[] { "operator", "emulation", "--step-delay", "soon" }, "--step-delay expects a duration such as")]
    [InlineData(new[] { "job", "list", "--output", "xml" }, "--output expects one of json, table, got 'xml'.")]
    [InlineData(new[] { "drive", "prepare", "--skip-write=maybe" }, "--skip-write expects true or false (or nothing), got 'maybe'.")]
    [InlineData(new[] { "drive", "prepare", "--dataset" }, "--dataset needs a file path after it.")]
    [InlineData(new[] { "job", "list", "--account" }, "--account needs a value after it.")]
    [InlineData(new[] { "job" }, "'ferry job' needs a command: ")]
    [InlineData(new[] { "serve", "--emulation", "maybe", "--urls", "http://127.0.0.1:0" }, "--emulation expects true or false (or nothing), got 'maybe'.")]
    public async Task A_bad_value_is_explained(string[] args, string expected)
    {
        using var cli = Local();

        var result = await cli.RunLocalAsync(args);

        Assert.Equal(FerryCli.UsageError, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bare_serve_switch_before_a_passed_through_setting_is_not_a_usage_error()
    {
        using var cli = Local();

        // The plain-HTTP URL makes the server refuse at once (exit 1) once the command line got through the parser.
        var result = await cli.RunLocalAsync("serve", "--emulation", "--Ferry:Transfer:Enabled", "false", "--urls", "http://127.0.0.1:0", "--data-dir", cli.DataDirectory);

        Assert.Equal(FerryCli.ServiceError, result.ExitCode);
        Assert.DoesNotContain("expects", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "jbo", "list" }, "unknown command 'jbo'. Did you mean 'job'?", "See 'ferry --help'.")]
    [InlineData(new[] { "job", "list", "--acount", "x" }, "unknown option '--acount'. Did you mean '--account'?", "See 'ferry job list --help'.")]
    [InlineData(new[] { "job", "lsit" }, "unknown command 'lsit'. Did you mean 'list'?", "See 'ferry job --help'.")]
    [InlineData(new[] { "help", "jbo" }, "unknown command 'jbo'. Did you mean 'job'?", "See 'ferry --help'.")]
    public async Task A_mistyped_command_or_option_gets_a_suggestion(string[] args, string expected, string helpLine)
    {
        using var cli = Local();

        var result = await cli.RunLocalAsync(args);

        Assert.Equal(FerryCli.UsageError, result.ExitCode);
        Assert.Equal(["ferry: " + expected, helpLine], result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData(new[] { "help" }, new[] { "--help" })]
    [InlineData(new[] { "help", "job", "create" }, new[] { "job", "create", "--help" })]
    [InlineData(new[] { "help", "serve" }, new[] { "serve", "--help" })]
    public async Task Help_prints_the_help_of_the_command(string[] args, string[] same)
    {
        using var cli = Local();

        var help = await cli.RunLocalAsync(args);
        var option = await cli.RunLocalAsync(same);

        Assert.True(help.ExitCode == FerryCli.Ok, help.ToString());
        Assert.Contains("Usage:", help.Output, StringComparison.Ordinal);
        Assert.Equal(option.Output, help.Output);
    }

    [Fact]
    public void Suggestions_allow_a_swap_and_a_prefix_but_not_a_stranger()
    {
        Assert.Equal(["job"], UsageErrors.Suggestions("jbo", ["job", "db", "drive"]));
        Assert.Equal(["webhook"], UsageErrors.Suggestions("web", ["webhook", "job"]));
        Assert.Empty(UsageErrors.Suggestions("zzz", ["job", "db", "drive"]));
    }

    /// <summary>A value the option refuses; null for free text (strings, paths).</summary>
    private static string? BadValue(Option option)
    {
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        if (type == typeof(string) || type == typeof(string[]))
        {
            return option.GetCompletions(CompletionContext.Empty).Any() ? "not-in-the-list" : null;
        }

        return type == typeof(FileInfo) || type == typeof(DirectoryInfo) ? null : type == typeof(bool) ? "maybe" : "x1";
    }

    /// <summary>Every option with its command's path and a value for each of its arguments (so none takes the bad value).</summary>
    private static IEnumerable<(string[] Path, string[] Arguments, Option Option)> OptionsOf(Command command, string[] path)
    {
        string[] arguments = [.. command.Arguments.Select(a => a.GetCompletions(CompletionContext.Empty).FirstOrDefault()?.Label ?? "value1")];
        foreach (var option in command.Options.Where(o => o is not (HelpOption or VersionOption)))
        {
            yield return (path, arguments, option);
        }

        foreach (var sub in command.Subcommands)
        {
            foreach (var found in OptionsOf(sub, [.. path, sub.Name]))
            {
                yield return found;
            }
        }
    }
}
