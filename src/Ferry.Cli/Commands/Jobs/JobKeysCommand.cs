using System.CommandLine;

namespace Ferry.Cli.Commands.Jobs;

/// <summary>
/// <c>job keys NAME --account A</c>: the BitLocker keys of a job's drives as Get Job returns them (an export drive's
/// key only once the drive was shipped back). The one classic command that prints BitLocker keys: the customer needs
/// them to unlock returned export drives.
/// </summary>
internal static class JobKeysCommand
{
    public static Command Create(CommandContext context)
    {
        var (name, account) = (JobOptions.NewName(), JobOptions.NewAccount());
        var command = new Command("keys", "Print the BitLocker keys of a job's drives (export drives: once shipped back). Prints secrets.") { name, account };
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var client = await context.Connection.ClassicClientAsync(parse, ct);
            var job = (await client.GetJobAsync(parse.GetValue(account)!, parse.GetValue(name)!, ct)).Value;
            var keys = (job.DriveList ?? []).Select(d => new DriveKeyView(d.DriveId, d.BitLockerKey)).ToList();
            await context.WriteAsync(parse, keys, () => KeyTable(keys));
            return FerryCli.Ok;
        });
        return command;
    }

    public static Spectre.Console.Table KeyTable(IEnumerable<DriveKeyView> keys)
    {
        var table = Output.Table("Drive", "BitLocker key");
        foreach (var key in keys)
        {
            table.Row(key.DriveId, key.BitLockerKey ?? "(not available yet)");
        }

        return table;
    }
}

/// <summary>A drive and its BitLocker key (<see langword="null"/> while the service does not reveal it).</summary>
internal sealed record DriveKeyView(string DriveId, string? BitLockerKey);
