using System.CommandLine;
using Azure;
using Ferry.Client.Models;
using Ferry.Client.Operator;

namespace Ferry.Cli.Commands.Operator;

/// <summary><c>ferry operator …</c>: plays the data centre through <c>FerryOperatorClient</c> (operator bearer token).</summary>
internal sealed class OperatorCommands(CommandContext context)
{
    private readonly Option<string> _resourceGroup = new("--resource-group") { Description = "The resource group of an ARM job (classic jobs have none).", Recursive = true };

    public static Command Create(CommandContext context) => new OperatorCommands(context).Build();

    private Command Build()
    {
        var drives = new OperatorDriveCommands(this);
        var search = new OperatorSearchCommands(context);
        var group = new Command("operator", "Play the data centre: receive drives, copy, ship back (operator token).")
        {
            JobStep("show", "Show a job as the operator sees it, with its drives.", (c, job, _, ct) => c.GetJobAsync(job, ct)),
            drives.Receive(), drives.ReceiveDrive(), drives.NeverReceived(),
            JobStep("close", "Close a job whose drives were never received.", (c, job, _, ct) => c.CloseJobAsync(job, ct)),
            drives.StartCopy(), drives.Progress(), drives.CompleteDrive(), drives.FailDrive(), drives.ShipBack(),
            History(), Emulation(), Reset(), Certificates(), search.Jobs(), search.Transfers(),
        };
        context.Connection.AddOperatorOptions(group);
        group.Options.Add(_resourceGroup);
        group.Options.Add(context.Output);
        return group;
    }

    /// <summary>A command on one job (<c>JOB</c> argument plus <paramref name="extra"/>) that answers the job view.</summary>
    public Command JobStep(string name, string description, Func<FerryOperatorClient, OperatorJobReference, ParseResult, CancellationToken, Task<Response<OperatorJob>>> step, params Symbol[] extra)
    {
        var job = new Argument<string>("job") { Description = "The job name." };
        var command = new Command(name, description) { job };
        foreach (var symbol in extra)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
            }
        }

        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var (client, reference) = await ConnectAsync(parse, job, ct);
            OperatorJob result = await step(client, reference, parse, ct);
            await context.WriteAsync(parse, result, () => OperatorJobView.ToTables(result));
            return FerryCli.Ok;
        });
        return command;
    }

    private async Task<(FerryOperatorClient Client, OperatorJobReference Job)> ConnectAsync(ParseResult parse, Argument<string> job, CancellationToken ct)
    {
        var (client, subscription) = await context.Connection.OperatorClientAsync(parse, ct);
        if (subscription is null)
        {
            throw new CliException("no subscription: pass --subscription, or --data-dir pointing at a data directory with " + DevCredentialsFile.FileName + ".");
        }

        return (client, new OperatorJobReference(subscription, parse.GetValue(job)!, parse.GetValue(_resourceGroup)));
    }

    private Command History()
    {
        var job = new Argument<string>("job") { Description = "The job name." };
        var command = new Command("history", "Show a job's chain of custody, oldest first (also after the job was deleted).") { job };
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var (client, reference) = await ConnectAsync(parse, job, ct);
            IReadOnlyList<AuditEntry> entries = (await client.GetJobHistoryAsync(reference, ct)).Value;
            await context.WriteAsync(parse, entries, () => HistoryTable.Create(entries));
            return FerryCli.Ok;
        });
        return command;
    }

    private Command Emulation()
    {
        var progression = new Option<EmulationProgression?>("--progression") { Description = "Change the progression: Immediate, Delayed or Manual." };
        var stepDelay = new Option<TimeSpan?>("--step-delay") { Description = "The wait between steps with Delayed, e.g. 5s.", CustomParser = Durations.Parse };
        var command = new Command("emulation", "Show the data-centre emulator's settings, or change them with --progression.") { progression, stepDelay };
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var (client, _) = await context.Connection.OperatorClientAsync(parse, ct);
            if (parse.GetValue(progression) is null && parse.GetValue(stepDelay) is not null)
            {
                throw new CliException("--step-delay goes with --progression Delayed.");
            }

            EmulationSettings settings = parse.GetValue(progression) is { } p
                ? await client.SetEmulationAsync(p, parse.GetValue(stepDelay), ct)
                : await client.GetEmulationAsync(ct);
            await context.WriteAsync(parse, settings, () => Output.Properties([
                ("Enabled", Output.YesNo(settings.Enabled)), ("Progression", settings.Progression.ToString()),
                ("Step delay", settings.StepDelay?.ToString()), ("Drive bay", settings.DriveBay), ("Never received after", settings.NeverReceivedAfter?.ToString()),
            ]));
            return FerryCli.Ok;
        });
        return command;
    }

    private Command Certificates()
    {
        var expiringWithin = new Option<TimeSpan?>("--expiring-within")
        {
            Description = "Only certificates that expire within this period of the server's clock, e.g. 30d (expired ones included).",
            CustomParser = Durations.Parse,
        };
        var command = new Command("certificates", "List the registered management certificates, soonest expiry first.") { expiringWithin };
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var (client, _) = await context.Connection.OperatorClientAsync(parse, ct);
            IReadOnlyList<RegisteredCertificate> certificates = (await client.GetCertificatesAsync(parse.GetValue(expiringWithin), ct)).Value;
            await context.WriteAsync(parse, certificates, () =>
            {
                var table = Output.Table("Subscription", "Enabled", "Thumbprint", "Subject", "Expires", "Expired");
                foreach (var c in certificates)
                {
                    table.Row(c.SubscriptionId, Output.YesNo(c.SubscriptionEnabled), c.Thumbprint, c.Subject, Output.Instant(c.NotAfter), Output.YesNo(c.Expired));
                }

                return table;
            });
            return FerryCli.Ok;
        });
        return command;
    }

    private Command Reset()
    {
        var yes = new Option<bool>("--yes") { Description = "Confirm: every job of the subscription is deleted." };
        var command = new Command("reset", "Delete every job of the subscription (their history is kept).") { yes };
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var (client, subscription) = await context.Connection.OperatorClientAsync(parse, ct);
            if (subscription is null)
            {
                throw new CliException("no subscription: pass --subscription, or --data-dir pointing at a data directory with " + DevCredentialsFile.FileName + ".");
            }

            if (!parse.GetValue(yes))
            {
                throw new CliException($"this deletes every job of subscription {subscription}; add --yes to confirm.");
            }

            var deleted = (await client.ResetSubscriptionAsync(subscription, ct)).Value;
            await context.WriteMessageAsync(parse, new { subscriptionId = subscription, deleted }, $"Deleted {deleted} job(s) of subscription {subscription}.");
            return FerryCli.Ok;
        });
        return command;
    }
}
