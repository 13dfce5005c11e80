using System.CommandLine;

namespace Ferry.Cli.Commands;

/// <summary>What every API command group is built with: the environment, the connection options and the output option.</summary>
internal sealed record CommandContext(CliEnvironment Env, Connection Connection, Option<string> Output)
{
    public bool IsJson(ParseResult parse) => Commands.Output.IsJson(parse, Output);

    /// <summary>Writes <paramref name="json"/> for <c>--output json</c>, or the table for people.</summary>
    public async Task WriteAsync<T>(ParseResult parse, T json, Func<Spectre.Console.Rendering.IRenderable> table)
    {
        if (IsJson(parse))
        {
            await Commands.Output.WriteJsonAsync(Env, json);
        }
        else
        {
            Commands.Output.Console(Env).Write(table());
            await Env.Output.FlushAsync();
        }
    }

    /// <summary>Writes a one-line confirmation for people, or <paramref name="json"/> for scripts.</summary>
    public async Task WriteMessageAsync<T>(ParseResult parse, T json, string message)
    {
        if (IsJson(parse))
        {
            await Commands.Output.WriteJsonAsync(Env, json);
        }
        else
        {
            await Env.Output.WriteLineAsync(message);
        }
    }
}
