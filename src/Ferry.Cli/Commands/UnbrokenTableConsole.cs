using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ferry.Cli.Commands;

/// <summary>
/// A console that sizes itself for each table it writes so that no word of a cell is split across lines (Spectre folds
/// a word longer than its column). In a pipe (<c>natural</c>) the width is the table's natural width; on a terminal it
/// is the window's, or the table's narrowest width that keeps every word whole when that is wider.
/// </summary>
internal sealed class UnbrokenTableConsole(IAnsiConsole inner, bool natural) : IAnsiConsole
{
    private const int Unlimited = 1 << 20;

    private readonly int _width = inner.Profile.Width;

    public Profile Profile => inner.Profile;

    public IAnsiConsoleCursor Cursor => inner.Cursor;

    public IAnsiConsoleInput Input => inner.Input;

    public IExclusivityMode ExclusivityMode => inner.ExclusivityMode;

    public RenderPipeline Pipeline => inner.Pipeline;

    public void Clear(bool home) => inner.Clear(home);

    public void WriteAnsi(Action<AnsiWriter> action) => inner.WriteAnsi(action);

    public void Write(IRenderable renderable)
    {
        if (renderable is Table table)
        {
            var options = RenderOptions.Create(inner, inner.Profile.Capabilities);
            KeepTokensWhole(table, options);
            var measurement = renderable.Measure(options, Unlimited);
            inner.Profile.Width = natural ? Math.Max(_width, measurement.Max) : Math.Max(_width, measurement.Min);
        }

        inner.Write(renderable);
        inner.Profile.Width = _width;
    }

    /// <summary>
    /// Marks every column whose cells are single words (keys, GUIDs, thumbprints, URIs, paths, ids, numbers) as not
    /// wrapping, so that a narrow window shrinks only the columns of prose, which wrap between words.
    /// </summary>
    private static void KeepTokensWhole(Table table, RenderOptions options)
    {
        for (var column = 0; column < table.Columns.Count; column++)
        {
            var index = column;
            table.Columns[column].NoWrap = table.Rows.All(row => row.Skip(index).FirstOrDefault() is not { } cell
                || cell.Measure(options, Unlimited) is var size && size.Min == size.Max);
        }
    }
}
