using System.CommandLine;
using Ferry.Server;

namespace Ferry.Cli.Commands.Serve;

/// <summary><c>ferry serve</c>: the same entry point as the server executable, with the same flags.</summary>
internal static class ServeCommand
{
    public static Command Create(string[] args)
    {
        var command = new Command("serve", "Run the Ferry server (HTTPS). Any ASP.NET Core or Ferry setting may follow as --Section:Key value.")
        {
            new Option<string>("--data-dir") { Description = "Data directory (database, keys, certificates). Default ./ferry-data." },
            new Option<string>("--urls") { Description = "HTTPS URLs to listen on, ';'-separated. Default " + FerryServer.DefaultUrl + "." },
            new Option<string>("--blob-endpoint") { Description = "Blob endpoint template of storage accounts, e.g. http://127.0.0.1:10000/{account} for Azurite. Default https://{account}.blob.core.windows.net." },
            new Option<string>("--tls-certificate") { Description = "PEM certificate to serve instead of the generated development certificate." },
            new Option<string>("--tls-key") { Description = "PEM private key of --tls-certificate." },
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((_, cancellationToken) => FerryServer.RunAsync(args.SkipWhile(a => a != "serve").Skip(1).ToArray(), cancellationToken));
        return command;
    }
}
