using System.CommandLine;
using Ferry.Server.Hosting;

namespace Ferry.Cli.Commands.Db;

/// <summary>
/// The options that choose the job store for the commands that open it directly (<c>ferry db</c>,
/// <c>ferry subscription</c>): <c>--data-dir</c>, <c>--database</c> and <c>--connection-string</c>. Without the last two
/// the server's environment variables apply (<c>Ferry__Database__Provider</c>, <c>Ferry__Database__ConnectionString</c>),
/// so a connection string with a password need not appear on a command line.
/// </summary>
internal sealed class DatabaseArguments
{
    public Option<string> DataDirectory { get; } = new("--data-dir") { Description = "Data directory of the server (the SQLite database).", DefaultValueFactory = _ => "ferry-data" };

    public Option<string> Provider { get; } = new("--database") { Description = "sqlite (the default) or postgresql." };

    public Option<string> ConnectionString { get; } = new("--connection-string") { Description = "PostgreSQL connection string (or Ferry__Database__ConnectionString)." };

    public void AddTo(Command command)
    {
        command.Options.Add(DataDirectory);
        command.Options.Add(Provider);
        command.Options.Add(ConnectionString);
    }

    /// <summary>The chosen store; throws <see cref="InvalidOperationException"/> for a bad choice.</summary>
    public DatabaseOptions Read(ParseResult parse)
    {
        var provider = parse.GetValue(Provider) ?? Environment.GetEnvironmentVariable("Ferry__Database__Provider");
        var database = new DatabaseOptions
        {
            ConnectionString = parse.GetValue(ConnectionString) ?? Environment.GetEnvironmentVariable("Ferry__Database__ConnectionString"),
        };
        if (!string.IsNullOrWhiteSpace(provider))
        {
            database.Provider = Enum.TryParse<DatabaseProvider>(provider, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new InvalidOperationException($"--database must be sqlite or postgresql, not '{provider}'.");
        }

        return DatabaseSetup.Check(database);
    }
}
