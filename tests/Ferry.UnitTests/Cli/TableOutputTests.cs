using Ferry.Cli;
using Ferry.Cli.Commands;
using Spectre.Console;

namespace Ferry.UnitTests.Cli;

/// <summary>Tables never split a key, GUID, thumbprint, URI or path, on an 80-column terminal or in a pipe.</summary>
public sealed class TableOutputTests
{
    private const string Key = "259358-100188-581471-154165-090552-296406-410091-426844";
    private const string Guid = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private const string Thumbprint = "A909502DD82AE41433E6F83886B00D4277A32A7B";
    private const string Uri = "https://mystorage.blob.core.windows.net/waimportexport/waies/photos_WD-1_20260131_error.xml?sv=2014-02-14";
    private const string Path = "/mnt/drives/WD-1/session1/photos/2026/holidays/beach/IMG_20260131_120000.jpg";

    private static readonly string[] _tokens = [Key, Guid, Thumbprint, Uri, Path];

    [Fact]
    public void On_an_80_column_terminal_every_token_stays_whole_on_one_line()
    {
        var writer = new StringWriter();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
        });
        terminal.Profile.Width = 80;

        Output.Unbroken(terminal, natural: false).Write(Table());

        AssertWhole(writer.ToString());
        Assert.Equal(80, terminal.Profile.Width);
    }

    [Fact]
    public void In_a_pipe_a_table_has_its_natural_width()
    {
        var writer = new StringWriter();

        Output.Console(new CliEnvironment(writer, TextWriter.Null, Interactive: false)).Write(Table());

        var lines = AssertWhole(writer.ToString());
        Assert.Contains(lines, l => l.Contains("A note long enough to wrap on a narrow terminal, kept on one line in a pipe.", StringComparison.Ordinal));
        Assert.True(lines.Max(l => l.Length) > 200, "the table should be wider than the old fixed pipe width");
    }

    [Fact]
    public void Prose_still_wraps_between_words_on_a_terminal()
    {
        var writer = new StringWriter();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        terminal.Profile.Width = 40;

        Output.Unbroken(terminal, natural: false).Write(Output.Properties([("Message", "a sentence of many short words that cannot fit on one forty column line")]));

        var lines = writer.ToString().Split('\n');
        Assert.All(lines, l => Assert.True(l.TrimEnd().Length <= 40, l));
        Assert.Contains(lines, l => l.Contains("forty", StringComparison.Ordinal));
    }

    private static Table Table() => Output.Table("DriveId", "BitLockerKey", "Subscription", "Thumbprint", "ErrorLogUri", "File", "Note")
        .Row("WD-1", Key, Guid, Thumbprint, Uri, Path, "A note long enough to wrap on a narrow terminal, kept on one line in a pipe.");

    private static string[] AssertWhole(string output)
    {
        var lines = output.Split('\n');
        Assert.All(_tokens, token => Assert.True(lines.Any(l => l.Contains(token, StringComparison.Ordinal)), $"{token} is split:\n{output}"));
        return lines;
    }
}
