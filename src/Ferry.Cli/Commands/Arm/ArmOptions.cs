using System.CommandLine;
using System.Text.Json.Nodes;

namespace Ferry.Cli.Commands.Arm;

/// <summary>What the ARM commands share: the context, <c>--api-version</c>, the job argument and options, and the action wrapper.</summary>
internal sealed class ArmOptions(CommandContext context)
{
    public CommandContext Context { get; } = context;

    public Option<string> ApiVersion { get; } = new("--api-version")
    {
        Description = "The ARM api-version: 2016-11-01, 2020-08-01 or 2021-01-01.",
        DefaultValueFactory = _ => ArmCommands.DefaultApiVersion,
        Recursive = true,
    };

    public static Argument<string> NewName() => new("name") { Description = "The job name." };

    public static Option<string> NewResourceGroup() => new("--resource-group", "-g") { Description = "The resource group of the job.", Required = true };

    /// <summary>Sets <paramref name="command"/>'s action with a connected <see cref="ArmClient"/>.</summary>
    public void Set(Command command, Func<ParseResult, ArmClient, CancellationToken, Task<int>> action) =>
        CommandAction.Set(command, Context.Env, async (parse, ct) =>
        {
            var client = await Context.Connection.ArmClientAsync(parse, parse.GetValue(ApiVersion)!, ct);
            return await action(parse, client, ct);
        });

    /// <summary>Writes a job resource as tables or JSON.</summary>
    public async Task<int> WriteJobAsync(ParseResult parse, JsonNode? job)
    {
        var view = ArmJobView.From(job as JsonObject ?? []);
        await Context.WriteAsync(parse, view, view.ToTables);
        return FerryCli.Ok;
    }
}
