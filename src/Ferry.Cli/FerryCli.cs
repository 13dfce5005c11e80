using System.CommandLine;
using Ferry.Cli.Commands;
using Ferry.Cli.Commands.Arm;
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
    internal static async Task<int> RunAsync(string[] args, CliEnvironment env)
    {
        var context = new CommandContext(env, new Connection(env), Output.CreateOption());
        var root = new RootCommand("Ferry: a self-hosted Azure Storage Import/Export service.")
        {
            ServeCommand.Create(args),
            SubscriptionCommands.Create(),
            DbCommands.Create(),
            JobCommands.Create(context),
            ArmCommands.Create(context),
            LocationCommands.Create(context),
            WebhookCommands.Create(context),
            OperatorCommands.Create(context),
            StorageAccountCommands.Create(context),
            DriveCommands.Create(context),
            TokenCommand.Create(context),
        };
        var parse = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = env.Output, Error = env.Error };
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await env.Error.WriteLineAsync(parseError.Message);
            }

            return UsageError;
        }

        return await parse.InvokeAsync(configuration, CancellationToken.None);
    }
}
