using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Ferry.Cli.Commands.Db;
using Ferry.Core.Subscriptions;
using Ferry.Server.Hosting;
using Spectre.Console;

namespace Ferry.Cli.Commands.Subscriptions;

/// <summary>
/// <c>ferry subscription add|list</c>: manage subscriptions and their management certificates in a data
/// directory's database (works beside a running server).
/// </summary>
internal static class SubscriptionCommands
{
    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create()
    {
        var database = new DatabaseArguments();
        var output = new Option<string>("--output", "-o") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");

        var id = new Option<Guid>("--id") { Description = "Subscription id (a GUID).", Required = true };
        var certificate = new Option<FileInfo>("--certificate") { Description = "The management certificate, PEM (public part only is needed).", Required = true };
        var add = new Command("add", "Register a management certificate for a subscription (creating the subscription).") { id, certificate, output };
        database.AddTo(add);
        add.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(certificate)!;
            X509Certificate2 cert;
            try
            {
                cert = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(file.FullName, cancellationToken));
            }
            catch (Exception e) when (e is IOException or CryptographicException or ArgumentException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"ferry: cannot read certificate '{file.FullName}': {e.Message}");
                return FerryCli.UsageError;
            }

            var subscriptionId = parse.GetValue(id).ToString();
            await using var local = await OpenAsync(parse, database, cancellationToken);
            if (local is null)
            {
                return FerryCli.ServiceError;
            }

            var registration = new ManagementCertificate
            {
                Thumbprint = cert.Thumbprint.ToUpperInvariant(),
                Subject = cert.Subject,
                NotAfter = new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            };
            if (!await local.Store.RegisterCertificateAsync(subscriptionId, registration, TimeProvider.System.GetUtcNow(), cancellationToken))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"ferry: certificate {registration.Thumbprint} is already registered to another subscription.");
                return FerryCli.ServiceError;
            }

            await WriteAsync(parse, output, [new SubscriptionView(subscriptionId, true, [new CertificateView(registration.Thumbprint, registration.Subject, registration.NotAfter)])]);
            return FerryCli.Ok;
        });

        var list = new Command("list", "List subscriptions and their management certificates.") { output };
        database.AddTo(list);
        list.SetAction(async (parse, cancellationToken) =>
        {
            await using var local = await OpenAsync(parse, database, cancellationToken);
            if (local is null)
            {
                return FerryCli.ServiceError;
            }

            var subscriptions = await local.Store.ListSubscriptionsAsync(cancellationToken);
            await WriteAsync(parse, output, [.. subscriptions.Select(s => new SubscriptionView(s.Id, s.Enabled,
                [.. s.Certificates.Select(c => new CertificateView(c.Thumbprint, c.Subject, c.NotAfter))]))]);
            return FerryCli.Ok;
        });

        return new Command("subscription", "Manage subscriptions and management certificates.") { add, list };
    }

    private static async Task<LocalStore?> OpenAsync(ParseResult parse, DatabaseArguments arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await LocalStore.OpenAsync(parse.GetValue(arguments.DataDirectory)!, arguments.Read(parse), migrate: false, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"ferry: {e.Message}");
            return null;
        }
    }

    private static async Task WriteAsync(ParseResult parse, Option<string> output, IReadOnlyList<SubscriptionView> views)
    {
        var writer = parse.InvocationConfiguration.Output;
        if (parse.GetValue(output) == "json")
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(views, _json));
            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.Detect });
        var table = new Table().AddColumns("Subscription", "Enabled", "Certificate thumbprint", "Subject", "Expires");
        foreach (var view in views)
        {
            foreach (var cert in view.Certificates.DefaultIfEmpty())
            {
                table.AddRow(Markup.Escape(view.Id), view.Enabled ? "yes" : "no", Markup.Escape(cert?.Thumbprint ?? ""),
                    Markup.Escape(cert?.Subject ?? ""), cert?.NotAfter.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }
        }

        console.Write(table);
    }

    private sealed record SubscriptionView(string Id, bool Enabled, IReadOnlyList<CertificateView> Certificates);

    private sealed record CertificateView(string Thumbprint, string Subject, DateTimeOffset NotAfter);
}
