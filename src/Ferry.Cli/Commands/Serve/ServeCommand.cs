using System.CommandLine;
using Ferry.Server;

namespace Ferry.Cli.Commands.Serve;

/// <summary><c>ferry serve</c>: the same entry point as the server executable, with the same flags.</summary>
internal static class ServeCommand
{
    public static Command Create(string[] args)
    {
        var command = new Command(
            "serve",
            "Run the Ferry server (HTTPS). Any Ferry or ASP.NET Core setting may also follow as --Section:Key value, e.g. --Ferry:Transfer:Enabled false.")
        {
            new Option<string>("--data-dir") { Description = "Data directory (database, keys, certificates). Default ./ferry-data." },
            new Option<string>("--urls") { Description = "HTTPS URLs to listen on, ';'-separated. Default " + FerryServer.DefaultUrl + "." },
            new Option<string>("--tls-certificate") { Description = "PEM certificate to serve instead of the generated development certificate." },
            new Option<string>("--tls-key") { Description = "PEM private key of --tls-certificate." },
            new Option<string>("--database") { Description = "Job store: sqlite (the default, in the data directory) or postgresql." },
            new Option<string>("--connection-string") { Description = "PostgreSQL connection string (or the environment variable Ferry__Database__ConnectionString)." },
            new Option<string>("--roles") { Description = "What this instance runs: api, worker or api,worker (the default)." },
            new Option<string>("--blob-endpoint") { Description = "Blob endpoint template of storage accounts, e.g. http://127.0.0.1:10000/{account} for Azurite. Default https://{account}.blob.core.windows.net." },
            new Option<bool>("--emulation") { Description = "Emulate the data centre: receive shipped drives found in the drive bay and take jobs to the end by themselves (Ferry:Emulation:Enabled)." },
            new Option<string[]>("--config") { Description = "A settings file (JSON, like appsettings.json); repeatable. Later sources win: appsettings.json next to the program, appsettings.json in the working directory, the --config files in order, environment variables (Ferry__Section__Key), the command line." },
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((_, cancellationToken) => FerryServer.RunAsync(args.SkipWhile(a => a != "serve").Skip(1).ToArray(), cancellationToken));
        return command;
    }
}
