using System.CommandLine;
using Ferry.Server.Arm;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.Cli.Commands.Tokens;

/// <summary>
/// <c>ferry token</c>: mints a development bearer token for the ARM surface with the signing key a development server
/// created in its data directory (<c>certs/arm-signing.key</c>). Prints the token alone, or <c>{"token", "expiresOn"}</c>
/// with <c>--output json</c>.
/// </summary>
internal static class TokenCommand
{
    public static Command Create(CommandContext context)
    {
        var subscriptions = new Option<string[]>("--subscription")
        {
            Description = "A subscription the token grants; repeatable (default: the subscriptionId of dev-credentials.json).",
            AllowMultipleArgumentsPerToken = false,
        };
        var all = new Option<bool>("--all-subscriptions") { Description = "Grant every subscription (*)." };
        var lifetime = new Option<TimeSpan?>("--lifetime") { Description = "How long the token is valid, e.g. 30m, 8h, 7d (default 1h).", CustomParser = Durations.Parse };
        var subject = new Option<string>("--subject") { Description = "The token's sub and name.", DefaultValueFactory = _ => ArmTokens.DevelopmentSubject };
        var issuer = new Option<string>("--issuer") { Description = "The token's iss (default: the server's development issuer).", DefaultValueFactory = _ => ArmAuthenticationOptions.DevelopmentIssuer };
        var audience = new Option<string>("--audience") { Description = "The token's aud (default: the server's development audience).", DefaultValueFactory = _ => ArmAuthenticationOptions.DevelopmentAudience };

        var command = new Command("token", "Mint a development bearer token for the ARM surface from a data directory's signing key.")
        {
            subscriptions, all, lifetime, subject, issuer, audience,
        };
        command.Options.Add(context.Connection.DataDir);
        command.Options.Add(context.Output);
        CommandAction.Set(command, context.Env, async (parse, ct) =>
        {
            var dataDirectory = Path.GetFullPath(parse.GetValue(context.Connection.DataDir)!);
            var validFor = parse.GetValue(lifetime) ?? TimeSpan.FromHours(1);
            if (validFor <= TimeSpan.Zero)
            {
                throw new CliException("--lifetime must be longer than zero.");
            }

            var granted = parse.GetValue(subscriptions) ?? [];
            if (parse.GetValue(all))
            {
                granted = granted.Length == 0 ? ["*"] : throw new CliException("give either --subscription or --all-subscriptions, not both.");
            }
            else if (granted.Length == 0)
            {
                var credentials = await DevCredentialsFile.ReadOrNullAsync(dataDirectory, ct);
                granted = [credentials?.SubscriptionId
                    ?? throw new CliException($"no subscription: give --subscription or --all-subscriptions ({dataDirectory} has no development subscription).")];
            }

            var key = LoadKey(dataDirectory);
            // JWT times are whole seconds: expiresOn then says exactly what the token's exp does.
            var notBefore = DateTimeOffset.FromUnixTimeSeconds(context.Env.Time.GetUtcNow().ToUnixTimeSeconds());
            var token = ArmTokens.Mint(key, parse.GetValue(issuer)!, parse.GetValue(audience)!, parse.GetValue(subject)!, granted, notBefore, validFor);
            if (context.IsJson(parse))
            {
                await Output.WriteJsonAsync(context.Env, new TokenView(token, notBefore + validFor));
            }
            else
            {
                await context.Env.Output.WriteLineAsync(token);
            }

            return FerryCli.Ok;
        });
        return command;
    }

    private static SecurityKey LoadKey(string dataDirectory)
    {
        var path = ArmTokens.SigningKeyPath(dataDirectory);
        if (!File.Exists(path))
        {
            throw new CliException($"{dataDirectory} has no ARM signing key ({path}): start the server once with this data directory (with development credentials on).");
        }

        try
        {
            return ArmTokens.LoadSigningKey(path);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException(e.Message);
        }
    }

    private sealed record TokenView(string Token, DateTimeOffset ExpiresOn);
}
