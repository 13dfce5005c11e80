using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ferry.Cli.Commands;

/// <summary>
/// The <c>--output table|json</c> option and the two renderings: Spectre.Console tables for people, indented camelCase
/// JSON (enums as strings, every member present) for scripts.
/// </summary>
internal static class Output
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },

        // Output for terminals and scripts, never embedded in HTML: ETags keep their quotes instead of \u0022.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Option<string> CreateOption() => new Option<string>("--output", "-o")
    {
        Description = "Output format: table (for people) or json (for scripts).",
        DefaultValueFactory = _ => "table",
        Recursive = true,
    }.AcceptOnlyFromAmong("table", "json");

    public static bool IsJson(ParseResult parse, Option<string> option) => parse.GetValue(option) == "json";

    public static async Task WriteJsonAsync<T>(CliEnvironment env, T value)
    {
        await env.Output.WriteLineAsync(JsonSerializer.Serialize(value, Json));
        await env.Output.FlushAsync();
    }

    /// <summary>
    /// A console over the command's output: live and coloured on a terminal, plain and wide in a pipe. Its tables never
    /// split a word (a key, GUID, thumbprint, URI or path): in a pipe a table has its natural width, however long; on a
    /// terminal it grows past the window rather than break a word, and only text with spaces wraps.
    /// </summary>
    public static IAnsiConsole Console(CliEnvironment env)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(env.Output),
            Ansi = env.Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = env.Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = env.Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        return Unbroken(console, natural: !env.Interactive);
    }

    /// <summary>
    /// Wraps <paramref name="console"/> so that tables never split a word: with <paramref name="natural"/> (output for
    /// scripts) every table is written at its natural width, otherwise the console widens to the table's narrowest width
    /// that keeps each word whole when the window is narrower.
    /// </summary>
    internal static IAnsiConsole Unbroken(IAnsiConsole console, bool natural)
    {
        if (natural)
        {
            console.Profile.Width = PipeWidth;
        }

        return new UnbrokenTableConsole(console, natural);
    }

    private const int PipeWidth = 200;

    /// <summary>A table whose cells are plain text (never markup), so names and messages print as they are.</summary>
    public static Table Table(params string[] columns)
    {
        var table = new Table();
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column)));
        }

        return table;
    }

    public static Table Row(this Table table, params string?[] cells) =>
        table.AddRow(cells.Select(c => (IRenderable)new Text(c ?? string.Empty)));

    /// <summary>A two-column property table; rows whose value is <see langword="null"/> are left out.</summary>
    public static Table Properties(IEnumerable<(string Name, string? Value)> rows)
    {
        var table = Table("Property", "Value");
        foreach (var (name, value) in rows.Where(r => r.Value is not null))
        {
            table.Row(name, value);
        }

        return table;
    }

    public static string Percent(int? value) => value is { } v ? v + "%" : string.Empty;

    public static string Instant(DateTimeOffset? value) => value?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;

    public static string YesNo(bool? value) => value switch { true => "yes", false => "no", null => string.Empty };
}
