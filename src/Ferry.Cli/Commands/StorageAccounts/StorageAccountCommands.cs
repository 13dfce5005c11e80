using System.CommandLine;
using Ferry.Client.Models;

namespace Ferry.Cli.Commands.StorageAccounts;

/// <summary>
/// <c>ferry storage-account add|list|remove</c>: the credentials ARM jobs' transfers use, registered per storage account
/// resource id through the operator surface (operator token). Secrets are sent, never printed.
/// </summary>
internal static class StorageAccountCommands
{
    /// <summary>The environment variable a key is read from when neither <c>--key</c> nor <c>--sas</c> is given.</summary>
    public const string KeyVariable = "FERRY_STORAGE_ACCOUNT_KEY";

    public static Command Create(CommandContext context)
    {
        var group = new Command("storage-account", "Credentials of the storage accounts ARM jobs name by resource id (operator token).")
        {
            Add(context), List(context), Remove(context),
        };
        context.Connection.AddOperatorOptions(group);
        group.Options.Add(context.Output);
        return group;
    }

    private static Option<string> IdOption() => new("--id")
    {
        Description = "The account's resource id: /subscriptions/<s>/resourceGroups/<g>/providers/Microsoft.Storage/storageAccounts/<name>.",
        Required = true,
    };

    private static Command Add(CommandContext context)
    {
        var id = IdOption();
        var key = new Option<string>("--key")
        {
            Description = "The account key (Base64). '-' reads it from standard input; without --key and --sas it is read from $"
                + KeyVariable + ". Prefer those: a key on the command line ends up in shell history and process lists.",
        };
        var sas = new Option<string>("--sas")
        {
            Description = "A container SAS instead of a key: <container>?sv=...&sig=... ('-' reads it from standard input).",
        };
        var command = new Command("add", "Register (or replace) the credentials of a storage account for ARM jobs' transfers.") { id, key, sas };
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var credential = await CredentialAsync(context.Env, parse.GetValue(key), parse.GetValue(sas));
            var (client, _) = await context.Connection.OperatorClientAsync(parse, ct);
            var response = await client.RegisterStorageAccountAsync(parse.GetValue(id)!, credential, ct);
            var view = StorageAccountView.From(response.Value, created: response.GetRawResponse().Status == 201);
            await context.WriteAsync(parse, view, () => Output.Properties([
                ("Id", view.Id), ("Account", view.AccountName), ("Credential", view.CredentialType.ToString()),
                ("Registered", Output.Instant(view.RegisteredAt)), ("New", Output.YesNo(view.Created)),
            ]));
            return FerryCli.Ok;
        });
        return command;
    }

    private static Command List(CommandContext context)
    {
        var command = new Command("list", "List the registered storage accounts (never their secrets).");
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var (client, _) = await context.Connection.OperatorClientAsync(parse, ct);
            var views = (await client.GetStorageAccountsAsync(ct)).Value.Select(a => StorageAccountView.From(a, created: null)).ToList();
            await context.WriteAsync(parse, views, () =>
            {
                var table = Output.Table("Id", "Account", "Credential", "Registered");
                foreach (var v in views)
                {
                    table.Row(v.Id, v.AccountName, v.CredentialType.ToString(), Output.Instant(v.RegisteredAt));
                }

                return table;
            });
            return FerryCli.Ok;
        });
        return command;
    }

    private static Command Remove(CommandContext context)
    {
        var id = IdOption();
        var command = new Command("remove", "Remove a storage account's credentials; its ARM jobs' next transfers fail until it is registered again.") { id };
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var (client, _) = await context.Connection.OperatorClientAsync(parse, ct);
            await client.RemoveStorageAccountAsync(parse.GetValue(id)!, ct);
            await context.WriteMessageAsync(parse, new { id = parse.GetValue(id), removed = true }, $"Removed storage account {parse.GetValue(id)}.");
            return FerryCli.Ok;
        });
        return command;
    }

    private static async Task<StorageAccountCredential> CredentialAsync(CliEnvironment env, string? key, string? sas)
    {
        if (key is not null && sas is not null)
        {
            throw new CliException("give --key or --sas, not both.");
        }

        if (sas is not null)
        {
            return StorageAccountCredential.FromContainerSas(await SecretAsync(env, sas, "--sas"));
        }

        if (key is not null)
        {
            return StorageAccountCredential.FromAccountKey(await SecretAsync(env, key, "--key"));
        }

        return env.GetEnvironmentVariable(KeyVariable) is { Length: > 0 } fromEnvironment
            ? StorageAccountCredential.FromAccountKey(fromEnvironment.Trim())
            : throw new CliException($"give --key KEY (or --key - to read it from standard input), --sas SAS, or set ${KeyVariable}.");
    }

    /// <summary>The value of an option, or for <c>-</c> the first line of standard input.</summary>
    private static async Task<string> SecretAsync(CliEnvironment env, string value, string option)
    {
        if (value != "-")
        {
            return value.Length > 0 ? value : throw new CliException($"{option} is empty.");
        }

        var line = (await env.Input.ReadLineAsync())?.Trim();
        return string.IsNullOrEmpty(line) ? throw new CliException($"{option} -: standard input is empty.") : line;
    }

    /// <summary>What the commands print: never a secret.</summary>
    private sealed record StorageAccountView(string Id, string AccountName, StorageAccountCredentialType CredentialType, DateTimeOffset RegisteredAt,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? Created)
    {
        public static StorageAccountView From(RegisteredStorageAccount account, bool? created) =>
            new(account.Id, account.AccountName, account.CredentialType, account.RegisteredAt, created);
    }
}
