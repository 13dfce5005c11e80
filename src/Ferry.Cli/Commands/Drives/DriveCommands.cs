using System.CommandLine;
using Ferry.Core.Drives;

namespace Ferry.Cli.Commands.Drives;

/// <summary>
/// <c>ferry drive prepare|init|preview-export|repair-import</c>: the WAImportExport tool's work on the customer's side
/// (docs/formats.md §7). Local file work through Ferry.Core.Drives, and Blob service calls for preview and repair; never the
/// Ferry server.
/// </summary>
internal static class DriveCommands
{
    public static Command Create(CommandContext context)
    {
        var group = new Command("drive", "Prepare import drives, initialise export drives, preview exports and repair imports (the WAImportExport tool).")
        {
            DrivePrepareCommand.Create(context),
            DriveInitCommand.Create(context),
            DrivePreviewExportCommand.Create(context),
            DriveRepairCommand.Create(context),
        };
        group.Options.Add(context.Output);
        return group;
    }

    /// <summary>
    /// Sets a drive command's action: Core's refusals become usage errors (exit 2) and file-system failures runtime errors
    /// (exit 1), each reported in one line.
    /// </summary>
    public static void SetAction(Command command, CommandContext context, Func<ParseResult, CancellationToken, Task<int>> action) =>
        CommandAction.Set(command, context.Env, async (parse, cancellationToken) =>
        {
            try
            {
                return await action(parse, cancellationToken);
            }
            catch (DrivePreparationException e)
            {
                throw new CliException(e.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException(e.Message, FerryCli.ServiceError);
            }
        });

    /// <summary>A size option's value in bytes (<c>2GB</c>, <c>1.5TB</c>, <c>500GiB</c>, plain bytes).</summary>
    public static long Size(string text, string option) =>
        DriveSizes.TryParse(text, out var bytes) ? bytes : throw new CliException($"{option}: '{text}' is not a size such as 2GB, 1.5TB, 500GiB or a number of bytes.");
}

/// <summary>An <see cref="IProgress{T}"/> that runs its callback on the reporting thread (progress bars are thread-safe).</summary>
internal sealed class CallbackProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
