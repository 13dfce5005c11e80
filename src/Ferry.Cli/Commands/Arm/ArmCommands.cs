using System.CommandLine;
using System.Text.Json.Nodes;
using Azure.Core;
using Ferry.Cli.Commands.Jobs;

namespace Ferry.Cli.Commands.Arm;

/// <summary>
/// <c>ferry arm job …</c>: jobs of the ARM <c>Microsoft.ImportExport</c> surface, over HTTPS with a bearer token
/// (<c>--token</c>, <c>$FERRY_ARM_TOKEN</c>, or the data directory's development <c>armToken</c>).
/// </summary>
internal static class ArmCommands
{
    public const string DefaultApiVersion = "2021-01-01";

    public static Command Create(CommandContext context)
    {
        var arm = new ArmOptions(context);
        var jobs = new Command("job", "Create, ship, watch and manage ARM import/export jobs of a resource group.")
        {
            ArmJobCreateCommand.Create(arm),
            Show(arm), List(arm), ArmJobUpdateCommands.Update(arm), ArmJobUpdateCommands.Ship(arm), ArmJobUpdateCommands.Cancel(arm), Delete(arm), Keys(arm), Wait(arm),
        };
        var group = new Command("arm", "The ARM Microsoft.ImportExport API (bearer token).") { jobs };
        context.Connection.AddArmOptions(group);
        group.Options.Add(arm.ApiVersion);
        group.Options.Add(context.Output);
        return group;
    }

    private static Command Show(ArmOptions arm)
    {
        var (name, group) = (ArmOptions.NewName(), ArmOptions.NewResourceGroup());
        var command = new Command("show", "Show a job with its drives.") { name, group };
        arm.Set(command, async (parse, client, ct) =>
        {
            var job = await client.SendAsync(RequestMethod.Get, client.JobPath(parse.GetValue(group)!, parse.GetValue(name)!), null, ct);
            return await arm.WriteJobAsync(parse, job);
        });
        return command;
    }

    private static Command List(ArmOptions arm)
    {
        var group = new Option<string>("--resource-group", "-g") { Description = "The resource group (default: every job of the subscription)." };
        var state = new Option<string>("--state") { Description = "Only jobs in this state, e.g. Creating." };
        var type = new Option<string>("--type") { Description = "Only jobs of this type: Import or Export." };
        var top = new Option<int?>("--top") { Description = "At most this many jobs." };
        var command = new Command("list", "List the jobs of a resource group, or of the subscription without -g.") { group, state, type, top };
        arm.Set(command, async (parse, client, ct) =>
        {
            var clauses = new List<string>();
            if (parse.GetValue(state) is { } s)
            {
                clauses.Add($"state eq '{WaitOutcome.TargetStates([s])[0]}'");
            }

            if (parse.GetValue(type) is { } t)
            {
                clauses.Add($"jobType eq '{ArmJobCreateCommand.ParseType(t)}'");
            }

            var query = new List<string>();
            if (clauses.Count > 0)
            {
                query.Add("$filter=" + Uri.EscapeDataString(string.Join(" and ", clauses)));
            }

            if (parse.GetValue(top) is { } n)
            {
                query.Add("$top=" + n);
            }

            var views = new List<ArmJobView>();
            await foreach (var job in client.ListAsync(client.JobsPath(parse.GetValue(group)) + (query.Count > 0 ? "?" + string.Join("&", query) : string.Empty), ct))
            {
                views.Add(ArmJobView.From(job, withDrives: false));
                if (parse.GetValue(top) is { } limit && views.Count >= limit)
                {
                    break;
                }
            }

            await arm.Context.WriteAsync(parse, views, () =>
            {
                var table = Output.Table("Name", "Resource group", "Type", "State", "Location", "Progress", "Cancel requested");
                foreach (var v in views)
                {
                    table.Row(v.Name, v.ResourceGroup, v.Type, v.State, v.Location, Output.Percent(v.PercentComplete), Output.YesNo(v.CancelRequested));
                }

                return table;
            });
            return FerryCli.Ok;
        });
        return command;
    }

    private static Command Delete(ArmOptions arm)
    {
        var (name, group) = (ArmOptions.NewName(), ArmOptions.NewResourceGroup());
        var command = new Command("delete", "Delete a job (allowed in Creating, Completed and Closed).") { name, group };
        arm.Set(command, async (parse, client, ct) =>
        {
            await client.SendAsync(RequestMethod.Delete, client.JobPath(parse.GetValue(group)!, parse.GetValue(name)!), null, ct);
            await arm.Context.WriteMessageAsync(parse, new { name = parse.GetValue(name), resourceGroup = parse.GetValue(group), deleted = true }, $"Deleted job {parse.GetValue(name)}.");
            return FerryCli.Ok;
        });
        return command;
    }

    private static Command Keys(ArmOptions arm)
    {
        var (name, group) = (ArmOptions.NewName(), ArmOptions.NewResourceGroup());
        var command = new Command("keys", "Print the BitLocker keys of a job's drives (listBitLockerKeys; export drives: once shipped back). Prints secrets.") { name, group };
        arm.Set(command, async (parse, client, ct) =>
        {
            var answer = await client.SendAsync(RequestMethod.Post, client.JobPath(parse.GetValue(group)!, parse.GetValue(name)!) + "/listBitLockerKeys", null, ct);
            var keys = (answer?["value"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(k => new DriveKeyView(ArmJobView.Text(k, "driveId") ?? string.Empty, ArmJobView.Text(k, "bitLockerKey"))).ToList();
            await arm.Context.WriteAsync(parse, keys, () => JobKeysCommand.KeyTable(keys));
            return FerryCli.Ok;
        });
        return command;
    }

    private static Command Wait(ArmOptions arm)
    {
        var (name, group, wait) = (ArmOptions.NewName(), ArmOptions.NewResourceGroup(), new WaitOptions());
        var command = new Command("wait", "Wait for a job to reach a state (default Completed or Closed), showing its progress. " + WaitOutcome.ExitCodesHelp) { name, group };
        wait.AddTo(command);
        arm.Set(command, async (parse, client, ct) =>
        {
            WaitOutcome.TargetStates(parse.GetValue(wait.States));
            ArmJobView? last = null;
            return await wait.WaitAsync(arm.Context, parse, parse.GetValue(name)!, async token =>
            {
                var job = await client.SendAsync(RequestMethod.Get, client.JobPath(parse.GetValue(group)!, parse.GetValue(name)!), null, token);
                last = ArmJobView.From(job as JsonObject ?? []);
                return last.Snapshot();
            }, job => arm.Context.WriteMessageAsync(parse, last!, $"Job {job.Name} is {job.State}."), ct);
        });
        return command;
    }
}
