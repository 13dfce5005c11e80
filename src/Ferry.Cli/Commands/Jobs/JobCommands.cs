using System.CommandLine;

namespace Ferry.Cli.Commands.Jobs;

/// <summary><c>ferry job …</c>: classic jobs of one storage account, through <c>ClassicImportExportClient</c>.</summary>
internal static class JobCommands
{
    public static Command Create(CommandContext context)
    {
        var options = new JobOptions();
        var group = new Command("job", "Create, ship, watch and manage classic import/export jobs (management certificate).")
        {
            JobCreateCommand.Create(context, options),
            JobReadCommands.Show(context),
            JobReadCommands.List(context),
            JobUpdateCommands.Update(context, options),
            JobUpdateCommands.Ship(context, options),
            JobUpdateCommands.Cancel(context),
            JobReadCommands.Delete(context),
            JobReadCommands.History(context),
            JobWaitCommand.Create(context),
            JobKeysCommand.Create(context),
        };
        context.Connection.AddCustomerOptions(group);
        group.Options.Add(context.Output);
        return group;
    }
}
