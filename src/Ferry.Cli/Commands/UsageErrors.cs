using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;

namespace Ferry.Cli.Commands;

/// <summary>
/// Usage errors in the user's words: a value that does not convert says what the option expects (never a .NET type), an
/// unknown command or option gets "did you mean" suggestions, and every report ends with the help to read.
/// </summary>
internal static class UsageErrors
{
    private static readonly string[] _typeNameMarkers = ["System.", "Ferry.", "`1", "Nullable"];

    /// <summary>The lines to print for a parse that failed.</summary>
    public static IReadOnlyList<string> Describe(ParseResult parse)
    {
        var lines = new List<string>();
        if (parse.UnmatchedTokens.Count > 0)
        {
            // Later unmatched tokens are mostly the values of the first (an unknown option's argument): one report says enough.
            lines.Add("ferry: " + (SwitchValue(parse) ?? Unmatched(parse.CommandResult.Command, parse.UnmatchedTokens[0])));
        }
        else
        {
            lines.AddRange(parse.Errors.Select(e => "ferry: " + Plain(e)).Distinct(StringComparer.Ordinal));
        }

        lines.Add($"See '{CommandPath(parse.CommandResult.Command)} --help'.");
        return lines;
    }

    /// <summary>The command as typed from the root, e.g. <c>ferry job list</c>.</summary>
    public static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command current; symbol = current.Parents.FirstOrDefault())
        {
            names.Insert(0, current is RootCommand ? "ferry" : current.Name);
        }

        return string.Join(' ', names);
    }

    private static string Plain(ParseError error)
    {
        var message = error.Message;
        var (name, valueType, tokens) = error.SymbolResult switch
        {
            OptionResult o => (o.Option.Name, o.Option.ValueType, o.Tokens),
            ArgumentResult { Parent: OptionResult o } a => (o.Option.Name, o.Option.ValueType, a.Tokens),
            ArgumentResult a => ($"<{a.Argument.Name}>", a.Argument.ValueType, a.Tokens),
            _ => (null, null, null),
        };
        if (error.SymbolResult is CommandResult { Command: { Action: null, Subcommands.Count: > 0 } group })
        {
            return $"'{CommandPath(group)}' needs a command: {string.Join(", ", group.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}.";
        }

        if (name is null || valueType is null || tokens is null)
        {
            return message;
        }

        if (tokens.Count == 0 && error.SymbolResult is OptionResult { Implicit: false } or ArgumentResult { Parent: OptionResult { Implicit: false } })
        {
            return $"{name} needs {Expected(valueType)} after it.";
        }

        var value = tokens.Select(t => t.Value).FirstOrDefault(v => message.Contains($"'{v}'", StringComparison.Ordinal)) ?? (tokens.Count > 0 ? tokens[0].Value : string.Empty);
        if (_typeNameMarkers.Append(valueType.ToString()).Any(m => message.Contains(m, StringComparison.Ordinal)))
        {
            return $"{name} expects {Expected(valueType)}, got '{value}'.";
        }

        // A value outside an option's fixed list (AcceptOnlyFromAmong): the list on one line.
        var allowed = (error.SymbolResult switch
        {
            OptionResult o => o.Option.GetCompletions(CompletionContext.Empty),
            ArgumentResult { Parent: OptionResult o } => o.Option.GetCompletions(CompletionContext.Empty),
            ArgumentResult a => a.Argument.GetCompletions(CompletionContext.Empty),
            _ => [],
        }).Select(c => c.Label).ToList();
        return allowed.Count > 0 && !allowed.Contains(value, StringComparer.Ordinal) && allowed.All(a => message.Contains($"'{a}'", StringComparison.Ordinal))
            ? $"{name} expects one of {string.Join(", ", allowed)}, got '{value}'."
            : message;
    }

    /// <summary>
    /// A switch given a value that is not true or false (<c>--skip-write=maybe</c>), which the parser leaves unmatched; null
    /// when the first unmatched token is something else. Commands that pass unmatched tokens on (<c>ferry serve</c>) are
    /// checked with it too.
    /// </summary>
    public static string? SwitchValue(ParseResult parse)
    {
        var tokens = parse.Tokens;
        var index = tokens.ToList().FindIndex(t => t.Value == parse.UnmatchedTokens[0] && t.Type == TokenType.Argument);
        // A bare switch followed by a setting passed through (--emulation --Ferry:Transfer:Enabled false) is fine.
        if (index < 1 || tokens[index - 1].Type != TokenType.Option || tokens[index].Value.StartsWith('-'))
        {
            return null;
        }

        var option = VisibleOptions(parse.CommandResult.Command).FirstOrDefault(o => o.Name == tokens[index - 1].Value || o.Aliases.Contains(tokens[index - 1].Value));
        return option is not null && (Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType) == typeof(bool)
            ? $"{option.Name} expects {Expected(typeof(bool))} (or nothing), got '{tokens[index].Value}'."
            : null;
    }

    /// <summary>What a value of <paramref name="type"/> looks like, in words.</summary>
    public static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray)
        {
            return Expected(type.GetElementType()!);
        }

        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type));
        }

        return type switch
        {
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
                || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) => "a whole number",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number such as 1.5",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(TimeSpan) => "a duration such as 30s, 500ms, 5m, 1h or 00:05:00",
            _ when type == typeof(Guid) => "a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => "a date such as 2026-01-31 or 2026-01-31T12:00:00Z",
            _ when type == typeof(DateOnly) => "a date such as 2026-01-31",
            _ when type == typeof(FileInfo) => "a file path",
            _ when type == typeof(DirectoryInfo) => "a directory path",
            _ when type == typeof(FileSystemInfo) => "a file or directory path",
            _ when type == typeof(Uri) => "a URI such as https://example.com/path",
            _ when type == typeof(string) => "a value",
            _ => "a valid value",
        };
    }

    private static string Unmatched(Command command, string token)
    {
        var isOption = token.StartsWith('-');
        var candidates = isOption
            ? VisibleOptions(command).SelectMany(o => o.Aliases.Prepend(o.Name))
            : command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name));
        var what = isOption ? "option" : command.Subcommands.Count > 0 ? "command" : "argument";
        var message = $"unknown {what} '{token}'.";
        var suggestions = Suggestions(token, candidates);
        return suggestions.Count switch
        {
            0 => message,
            1 => $"{message} Did you mean '{suggestions[0]}'?",
            _ => $"{message} Did you mean one of {string.Join(", ", suggestions.Select(s => $"'{s}'"))}?",
        };
    }

    /// <summary>The options that apply to <paramref name="command"/>: its own and the recursive ones of its ancestors.</summary>
    private static List<Option> VisibleOptions(Command command)
    {
        var options = command.Options.Where(o => !o.Hidden).ToList();
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            options.AddRange(parent.Options.Where(o => o.Recursive && !o.Hidden));
        }

        return options;
    }

    /// <summary>The closest candidates: a few edits away (a swap of two letters counts as one), or starting with the token.</summary>
    public static IReadOnlyList<string> Suggestions(string token, IEnumerable<string> candidates)
    {
        var bare = token.TrimStart('-');
        var allowed = bare.Length <= 4 ? 1 : bare.Length <= 8 ? 2 : 3;
        return [.. candidates
            .Distinct(StringComparer.Ordinal)
            .Select(c => (Name: c, Distance: Distance(token.ToUpperInvariant(), c.ToUpperInvariant())))
            .Where(c => c.Distance <= allowed || (bare.Length >= 2 && c.Name.TrimStart('-').StartsWith(bare, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(3)
            .Select(c => c.Name)];
    }

    /// <summary>The optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    private static int Distance(string a, string b)
    {
        var d = Enumerable.Range(0, a.Length + 1).Select(_ => new int[b.Length + 1]).ToArray();
        for (var i = 0; i <= a.Length; i++)
        {
            d[i][0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0][j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i][j] = Math.Min(Math.Min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i][j] = Math.Min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }

        return d[a.Length][b.Length];
    }
}
