using System.CommandLine;
using Azure;

namespace Ferry.Cli.Commands;

/// <summary>Runs a command's action and maps failures to exit codes: 1 for service errors, 2 for usage errors.</summary>
internal static class CommandAction
{
    public static void Set(Command command, CliEnvironment env, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await action(parse, cancellationToken);
            }
            catch (CliException e)
            {
                await env.Error.WriteLineAsync("ferry: " + e.Message);
                return e.ExitCode;
            }
            catch (RequestFailedException e)
            {
                await env.Error.WriteLineAsync(Describe(e));
                return FerryCli.ServiceError;
            }
            catch (AggregateException e) when (e.InnerExceptions.LastOrDefault() is RequestFailedException last)
            {
                // Azure.Core gives up after its retries with every attempt's failure; the last one says enough.
                await env.Error.WriteLineAsync(Describe(last));
                return FerryCli.ServiceError;
            }
        });

    private static string Describe(RequestFailedException e) => e.Status == 0
        ? $"ferry: cannot reach the server: {e.Message}"
        : $"ferry: {e.ErrorCode ?? "Error"} (HTTP {e.Status}): {e.Message}";
}
