using System.CommandLine;
using Ferry.Client.Classic;
using Ferry.Client.Models;

namespace Ferry.Cli.Commands.Jobs;

/// <summary><c>job show|list|delete|history</c>.</summary>
internal static class JobReadCommands
{
    public static Command Show(CommandContext context)
    {
        var (name, account) = (JobOptions.NewName(), JobOptions.NewAccount());
        var command = new Command("show", "Show a job with its drives.") { name, account };
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var client = await context.Connection.ClassicClientAsync(parse, ct);
            var response = await client.GetJobAsync(parse.GetValue(account)!, parse.GetValue(name)!, ct);
            var view = JobView.From(parse.GetValue(account)!, response.Value, response.GetRawResponse().Headers.ETag?.ToString());
            await context.WriteAsync(parse, view, view.ToTables);
            return FerryCli.Ok;
        });
        return command;
    }

    public static Command List(CommandContext context)
    {
        var account = JobOptions.NewAccount();
        var type = new Option<string>("--type") { Description = "Only jobs of this type." }.AcceptOnlyFromAmong("Import", "Export");
        var states = new Option<string[]>("--state") { Description = "Only jobs in this state (repeatable), e.g. Creating." };
        var top = new Option<int?>("--top") { Description = "At most this many jobs." };
        var command = new Command("list", "List the jobs of a storage account, by name.") { account, type, states, top };
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var client = await context.Connection.ClassicClientAsync(parse, ct);
            var filter = new JobListOptions { Type = parse.GetValue(type), Top = parse.GetValue(top) };
            foreach (var state in parse.GetValue(states) ?? [])
            {
                filter.States.Add(state);
            }

            var views = new List<JobView>();
            await foreach (var job in client.GetJobsAsync(parse.GetValue(account)!, filter, ct))
            {
                views.Add(JobView.From(parse.GetValue(account)!, job, withDrives: false));
            }

            await context.WriteAsync(parse, views, () =>
            {
                var table = Output.Table("Name", "Type", "State", "Location", "Progress", "Cancel requested");
                foreach (var v in views)
                {
                    table.Row(v.Name, v.Type, v.State, v.Location, Output.Percent(v.PercentComplete), Output.YesNo(v.CancelRequested));
                }

                return table;
            });
            return FerryCli.Ok;
        });
        return command;
    }

    public static Command Delete(CommandContext context)
    {
        var (name, account) = (JobOptions.NewName(), JobOptions.NewAccount());
        var command = new Command("delete", "Delete a job (allowed in Creating, Completed and Closed).") { name, account };
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var client = await context.Connection.ClassicClientAsync(parse, ct);
            await client.DeleteJobAsync(parse.GetValue(account)!, parse.GetValue(name)!, ct);
            await context.WriteMessageAsync(parse, new { name = parse.GetValue(name), storageAccount = parse.GetValue(account), deleted = true }, $"Deleted job {parse.GetValue(name)}.");
            return FerryCli.Ok;
        });
        return command;
    }

    public static Command History(CommandContext context)
    {
        var name = JobOptions.NewName();
        var command = new Command("history", "Show a job's chain of custody: every state change, oldest first.") { name };
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var client = await context.Connection.ClassicClientAsync(parse, ct);
            IReadOnlyList<AuditEntry> entries = (await client.GetJobHistoryAsync(parse.GetValue(name)!, ct)).Value;
            await context.WriteAsync(parse, entries, () => HistoryTable.Create(entries));
            return FerryCli.Ok;
        });
        return command;
    }
}
