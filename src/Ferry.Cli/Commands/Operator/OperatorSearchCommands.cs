using System.CommandLine;
using System.Globalization;
using Ferry.Client.Models;
using Ferry.Client.Operator;

namespace Ferry.Cli.Commands.Operator;

/// <summary>
/// <c>ferry operator jobs list|counts</c> and <c>ferry operator transfers</c>: the operator's view across subscriptions
/// (every subscription unless <c>--subscription</c> is given explicitly).
/// </summary>
internal sealed class OperatorSearchCommands(CommandContext context)
{
    private readonly Option<string[]> _states = new("--state") { Description = "Only jobs in this state (repeatable or comma-separated), e.g. Shipping." };
    private readonly Option<string> _type = new Option<string>("--type") { Description = "Only jobs of this type." }.AcceptOnlyFromAmong("Import", "Export");
    private readonly Option<string> _location = new("--location") { Description = "Only jobs at this location, e.g. \"West US\"." };
    private readonly Option<string> _surface = new Option<string>("--surface") { Description = "Only jobs created through this surface." }.AcceptOnlyFromAmong("classic", "arm");
    private readonly Option<DateTimeOffset?> _createdAfter = new("--created-after") { Description = "Only jobs created at or after this instant (ISO 8601)." };
    private readonly Option<DateTimeOffset?> _createdBefore = new("--created-before") { Description = "Only jobs created at or before this instant (ISO 8601)." };
    private readonly Option<DateTimeOffset?> _updatedAfter = new("--updated-after") { Description = "Only jobs last changed at or after this instant (ISO 8601)." };
    private readonly Option<DateTimeOffset?> _updatedBefore = new("--updated-before") { Description = "Only jobs last changed at or before this instant (ISO 8601)." };
    private readonly Option<string> _tracking = new("--tracking-number") { Description = "Only jobs whose delivery or return package has this tracking number." };
    private readonly Option<string> _driveId = new("--drive-id") { Description = "Only jobs with a drive of this id." };

    public Command Jobs()
    {
        var top = new Option<int?>("--top") { Description = "Jobs per page, 1 to 1000 (default 100); without --all, only the first page." };
        var all = new Option<bool>("--all") { Description = "Follow every page." };
        var list = new Command("list", "Search the jobs of every subscription and surface, newest first (--subscription narrows to one).") { top, all };
        AddFilters(list);
        CommandAction.Set(list, context.Env, async (parse, ct) =>
        {
            var (client, _) = await context.Connection.OperatorClientAsync(parse, ct);
            var query = Query(parse);
            query.PageSize = parse.GetValue(top);
            var jobs = new List<OperatorJob>();
            var more = false;
            await foreach (var page in client.GetJobsAsync(query, ct).AsPages())
            {
                jobs.AddRange(page.Values);
                more = page.ContinuationToken is not null;
                if (!parse.GetValue(all))
                {
                    break;
                }
            }

            await context.WriteAsync(parse, jobs, () =>
            {
                var table = Output.Table("Job", "Surface", "Type", "State", "Location", "Created", "Tracking", "Drives");
                foreach (var j in jobs)
                {
                    var tracking = string.Join(", ", new[] { j.DeliveryPackage?.TrackingNumber, j.ReturnPackage?.TrackingNumber }.Where(t => !string.IsNullOrEmpty(t)));
                    table.Row(j.Reference.ToString(), j.Surface.ToString(), j.Type.ToString(), j.State.ToString(), j.Location, Output.Instant(j.CreatedAt), tracking,
                        string.Join(", ", j.Drives.Select(d => d.DriveId)));
                }

                return table;
            });
            if (more && !parse.GetValue(all))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("ferry: more jobs match; add --all to list them all.");
            }

            return FerryCli.Ok;
        });

        var counts = new Command("counts", "Count the jobs of every subscription and surface by state (the same filters as list).");
        AddFilters(counts);
        CommandAction.Set(counts, context.Env, async (parse, ct) =>
        {
            var (client, _) = await context.Connection.OperatorClientAsync(parse, ct);
            OperatorJobCounts result = await client.GetJobCountsAsync(Query(parse), ct);
            await context.WriteAsync(parse, result, () =>
            {
                var table = Output.Table("State", "Jobs");
                foreach (var (state, count) in result.ByState.OrderBy(p => p.Key))
                {
                    table.Row(state.ToString(), count.ToString(CultureInfo.InvariantCulture));
                }

                return table.Row("Total", result.Total.ToString(CultureInfo.InvariantCulture));
            });
            return FerryCli.Ok;
        });

        return new Command("jobs", "Search and count jobs across subscriptions.") { list, counts };
    }

    public Command Transfers()
    {
        var command = new Command("transfers", "List the drives being copied now, with bytes copied and the average throughput since each copy started.");
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var (client, _) = await context.Connection.OperatorClientAsync(parse, ct);
            IReadOnlyList<OperatorTransfer> transfers = (await client.GetTransfersAsync(ct)).Value;
            await context.WriteAsync(parse, transfers, () =>
            {
                var table = Output.Table("Job", "Drive", "Copied", "Total", "Progress", "Bytes/s", "Started", "Worker");
                foreach (var t in transfers)
                {
                    table.Row(t.Job.ToString(), t.DriveId, t.BytesCopied.ToString(CultureInfo.InvariantCulture), t.BytesTotal?.ToString(CultureInfo.InvariantCulture),
                        Output.Percent(t.PercentComplete), t.BytesPerSecond.ToString(CultureInfo.InvariantCulture), Output.Instant(t.StartedAt), t.Worker);
                }

                return table;
            });
            return FerryCli.Ok;
        });
        return command;
    }

    private void AddFilters(Command command)
    {
        foreach (var option in new Option[] { _states, _type, _location, _surface, _createdAfter, _createdBefore, _updatedAfter, _updatedBefore, _tracking, _driveId })
        {
            command.Options.Add(option);
        }
    }

    private OperatorJobQuery Query(ParseResult parse)
    {
        var query = new OperatorJobQuery
        {
            Type = parse.GetValue(_type) is { } type ? Enum.Parse<JobType>(type) : null,
            Location = parse.GetValue(_location),
            Surface = parse.GetValue(_surface) is { } surface ? Enum.Parse<JobSurface>(surface, ignoreCase: true) : null,
            SubscriptionId = parse.GetValue(context.Connection.Subscription), // only when given: the view spans subscriptions
            CreatedFrom = parse.GetValue(_createdAfter),
            CreatedTo = parse.GetValue(_createdBefore),
            UpdatedFrom = parse.GetValue(_updatedAfter),
            UpdatedTo = parse.GetValue(_updatedBefore),
            TrackingNumber = parse.GetValue(_tracking),
            DriveId = parse.GetValue(_driveId),
        };
        foreach (var name in (parse.GetValue(_states) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            query.States.Add(Enum.TryParse<JobState>(name, ignoreCase: true, out var state) && Enum.IsDefined(state) && !name.Any(char.IsDigit)
                ? state
                : throw new CliException($"--state '{name}' is not a job state; one of {string.Join(", ", Enum.GetNames<JobState>())}."));
        }

        return query;
    }
}
