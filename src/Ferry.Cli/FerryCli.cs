using System.CommandLine;
using Ferry.Cli.Commands;
using Ferry.Cli.Commands.Arm;
using Ferry.Cli.Commands.Completion;
using Ferry.Cli.Commands.Db;
using Ferry.Cli.Commands.Drives;
using Ferry.Cli.Commands.Jobs;
using Ferry.Cli.Commands.Locations;
using Ferry.Cli.Commands.Operator;
using Ferry.Cli.Commands.Serve;
using Ferry.Cli.Commands.StorageAccounts;
using Ferry.Cli.Commands.Subscriptions;
using Ferry.Cli.Commands.Tokens;
using Ferry.Cli.Commands.Webhooks;

namespace Ferry.Cli;

/// <summary>
/// The <c>ferry</c> command tree. Exit codes: 0 success, 1 service or runtime error, 2 usage error; the commands that
/// wait for a job also use 3 (the job finished, but not every drive completed) and 4 (timed out).
/// </summary>
public static class FerryCli
{
    public const int Ok = 0;
    public const int ServiceError = 1;
    public const int UsageError = 2;

    /// <summary>A waited-for job finished otherwise than completed with every drive completed (e.g. Closed).</summary>
    public const int JobUnsuccessful = 3;

    /// <summary>A wait gave up after its <c>--timeout</c>.</summary>
    public const int TimedOut = 4;

    /// <summary>Parses and runs <paramref name="args"/>, writing to the given streams (tests pass their own).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, new CliEnvironment(output, error, Interactive: ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected));

    /// <summary>Parses and runs <paramref name="args"/> in <paramref name="env"/> (tests replace the transport and environment variables).</summary>
    internal static Task<int> RunAsync(string[] args, CliEnvironment env) => RunAsync(CreateRoot(args, env), args, env);

    /// <summary>The whole command tree (<paramref name="args"/> are passed through by <c>ferry serve</c>).</summary>
    internal static RootCommand CreateRoot(string[] args, CliEnvironment env)
    {
        var context = new CommandContext(env, new Connection(env), Output.CreateOption());
        var root = new RootCommand("Ferry: a self-hosted Azure Storage Import/Export service.")
        {
            ServeCommand.Create(args),
            SubscriptionCommands.Create(env),
            DbCommands.Create(),
            JobCommands.Create(context),
            ArmCommands.Create(context),
            LocationCommands.Create(context),
            WebhookCommands.Create(context),
            OperatorCommands.Create(context),
            StorageAccountCommands.Create(context),
            DriveCommands.Create(context),
            TokenCommand.Create(context),
            CompletionCommand.Create(),
        };
        root.Subcommands.Add(HelpCommand(root, env));
        return root;
    }

    /// <summary>
    /// Runs one parse: a usage error (a value that does not convert, an unknown command or option, a missing option) is
    /// reported in plain words with suggestions and the help to read, and exits with <see cref="UsageError"/>.
    /// </summary>
    private static async Task<int> RunAsync(RootCommand root, string[] args, CliEnvironment env)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
        {
            foreach (var line in UsageErrors.Describe(parse))
            {
                await env.Error.WriteLineAsync(line);
            }

            return UsageError;
        }

        // A command that passes unknown tokens on (serve's --Section:Key value) still refuses a bad switch value.
        if (parse.UnmatchedTokens.Count > 0 && UsageErrors.SwitchValue(parse) is { } badSwitch)
        {
            await env.Error.WriteLineAsync("ferry: " + badSwitch);
            await env.Error.WriteLineAsync($"See '{UsageErrors.CommandPath(parse.CommandResult.Command)} --help'.");
            return UsageError;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = env.Output, Error = env.Error }, CancellationToken.None);
    }

    /// <summary><c>ferry help [COMMAND…]</c>: the same as <c>ferry [COMMAND…] --help</c>.</summary>
    private static Command HelpCommand(RootCommand root, CliEnvironment env)
    {
        var path = new Argument<string[]>("command") { Description = "The command to describe, e.g. job create.", Arity = ArgumentArity.ZeroOrMore };
        var help = new Command("help", "Show the help of a command, e.g. 'ferry help job create'.") { path };
        help.SetAction(async (parse, _) =>
        {
            string[] command = parse.GetValue(path) ?? [];
            var target = root.Parse(command);
            if (target.UnmatchedTokens.Count > 0)
            {
                foreach (var line in UsageErrors.Describe(target))
                {
                    await env.Error.WriteLineAsync(line);
                }

                return UsageError;
            }

            return await RunAsync(root, [.. command, "--help"], env);
        });
        return help;
    }
}
