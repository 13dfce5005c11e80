using System.CommandLine;
using Ferry.Server.Hosting;

namespace Ferry.Cli.Commands.Db;

/// <summary><c>ferry db migrate|status</c>: the job store's schema, outside the server.</summary>
internal static class DbCommands
{
    public static Command Create()
    {
        var migrateArguments = new DatabaseArguments();
        var migrate = new Command("migrate", "Apply the database migrations of this Ferry version (PostgreSQL: run once before starting the new version's instances).");
        migrateArguments.AddTo(migrate);
        migrate.SetAction((parse, cancellationToken) => RunAsync(parse, migrateArguments, migrate: true, cancellationToken));

        var statusArguments = new DatabaseArguments();
        var status = new Command("status", "Say whether the database schema is this Ferry version's (exit code 1 when it is not).");
        statusArguments.AddTo(status);
        status.SetAction((parse, cancellationToken) => RunAsync(parse, statusArguments, migrate: false, cancellationToken));

        return new Command("db", "Manage the job database.") { migrate, status };
    }

    private static async Task<int> RunAsync(ParseResult parse, DatabaseArguments arguments, bool migrate, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        DatabaseOptions database;
        try
        {
            database = arguments.Read(parse);
        }
        catch (InvalidOperationException e)
        {
            await error.WriteLineAsync($"ferry: {e.Message}");
            return FerryCli.UsageError;
        }

        IReadOnlyList<string> applied;
        try
        {
            await using var store = await LocalStore.OpenAsync(parse.GetValue(arguments.DataDirectory)!, database, migrate, cancellationToken);
            applied = store.AppliedMigrations;
        }
        catch (InvalidOperationException e)
        {
            await error.WriteLineAsync($"ferry: {e.Message}");
            return FerryCli.ServiceError;
        }

        if (!migrate)
        {
            await output.WriteLineAsync("The database schema is this Ferry version's.");
        }
        else if (applied.Count == 0)
        {
            await output.WriteLineAsync("The database schema was already up to date; no migration applied.");
        }
        else
        {
            await output.WriteLineAsync($"Applied {applied.Count} migration(s):");
            foreach (var name in applied)
            {
                await output.WriteLineAsync("  " + name);
            }

            await output.WriteLineAsync("The database schema is up to date.");
        }

        return FerryCli.Ok;
    }
}
