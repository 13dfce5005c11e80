using System.CommandLine;
using Ferry.Cli.Commands.Serve;
using Ferry.Cli.Commands.Subscriptions;

namespace Ferry.Cli;

/// <summary>The <c>ferry</c> command tree. Exit codes: 0 success, 1 service or runtime error, 2 usage error.</summary>
public static class FerryCli
{
    public const int Ok = 0;
    public const int ServiceError = 1;
    public const int UsageError = 2;

    /// <summary>Parses and runs <paramref name="args"/>, writing to the given streams (tests pass their own).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Ferry: a self-hosted Azure Storage Import/Export service.")
        {
            ServeCommand.Create(args),
            SubscriptionCommands.Create(),
        };
        var parse = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            return UsageError;
        }

        return await parse.InvokeAsync(configuration, CancellationToken.None);
    }
}
