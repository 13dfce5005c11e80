using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Ferry.Cli.Commands.Db;
using Ferry.Core.Subscriptions;
using Ferry.Server.Hosting;

namespace Ferry.Cli.Commands.Subscriptions;

/// <summary>
/// <c>ferry subscription add|list</c>: manage subscriptions and their management certificates in a data
/// directory's database (works beside a running server). A certificate outside its validity period is refused by the
/// classic surface (docs/classic-api.md §2.2), so <c>add</c> refuses to register one unless forced.
/// </summary>
internal static class SubscriptionCommands
{
    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create(CliEnvironment env)
    {
        var database = new DatabaseArguments();
        var output = new Option<string>("--output", "-o") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");

        var id = new Option<Guid>("--id") { Description = "Subscription id (a GUID).", Required = true };
        var certificate = new Option<FileInfo>("--certificate") { Description = "The management certificate, PEM (public part only is needed).", Required = true };
        var force = new Option<bool>("--force") { Description = "Register a certificate that is expired or not yet valid (the server refuses it outside its validity period)." };
        var add = new Command("add", "Register a management certificate for a subscription (creating the subscription).") { id, certificate, force, output };
        database.AddTo(add);
        add.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var file = parse.GetValue(certificate)!;
            X509Certificate2 cert;
            try
            {
                cert = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(file.FullName, cancellationToken));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                await error.WriteLineAsync($"ferry: cannot read certificate '{file.FullName}': {e.Message}");
                return FerryCli.UsageError;
            }

            using (cert)
            {
                var thumbprint = cert.Thumbprint.ToUpperInvariant();
                var now = env.Time.GetUtcNow();
                var validity = CertificateValidity.Of(cert, now);
                if (validity.Status != CertificateValidityStatus.Valid && !parse.GetValue(force))
                {
                    await error.WriteLineAsync($"ferry: {Refusal(thumbprint, validity)}; the server refuses it outside its validity period. "
                        + "Register a certificate that is valid now, or add --force to register this one anyway.");
                    return FerryCli.UsageError;
                }

                if (validity.Status != CertificateValidityStatus.Valid)
                {
                    await error.WriteLineAsync($"ferry: warning: {Refusal(thumbprint, validity)}; registering it anyway (--force). "
                        + "The server refuses it outside its validity period.");
                }
                else if (validity.NotAfter - now <= CertificateValidity.WarningWindow)
                {
                    var days = (int)Math.Floor((validity.NotAfter - now).TotalDays);
                    await error.WriteLineAsync($"ferry: warning: certificate {thumbprint} expires at {CertificateValidity.Format(validity.NotAfter)} "
                        + $"({(days == 0 ? "in less than a day" : $"in {days} day{(days == 1 ? "" : "s")}")}); register its successor before then.");
                }

                var subscriptionId = parse.GetValue(id).ToString();
                await using var local = await OpenAsync(parse, database, cancellationToken);
                if (local is null)
                {
                    return FerryCli.ServiceError;
                }

                var registration = new ManagementCertificate
                {
                    Thumbprint = thumbprint,
                    Subject = cert.Subject,
                    NotAfter = validity.NotAfter,
                };
                if (!await local.Store.RegisterCertificateAsync(subscriptionId, registration, now, cancellationToken))
                {
                    await error.WriteLineAsync($"ferry: certificate {registration.Thumbprint} is already registered to another subscription.");
                    return FerryCli.ServiceError;
                }

                await WriteAsync(env, parse, output, [new SubscriptionView(subscriptionId, true, [CertificateView.From(registration, now)])]);
                return FerryCli.Ok;
            }
        });

        var expiringWithin = new Option<TimeSpan?>("--expiring-within")
        {
            Description = "Only certificates that expire within this period, e.g. 30d (expired ones included).",
            CustomParser = Durations.Parse,
        };
        var list = new Command("list", "List subscriptions and their management certificates, with each certificate's expiry.") { expiringWithin, output };
        database.AddTo(list);
        list.SetAction(async (parse, cancellationToken) =>
        {
            await using var local = await OpenAsync(parse, database, cancellationToken);
            if (local is null)
            {
                return FerryCli.ServiceError;
            }

            var now = env.Time.GetUtcNow();
            var window = parse.GetValue(expiringWithin);
            var limit = window is { } w && w < DateTimeOffset.MaxValue - now ? now + w : DateTimeOffset.MaxValue;
            var subscriptions = await local.Store.ListSubscriptionsAsync(cancellationToken);
            var views = subscriptions
                .Select(s => new SubscriptionView(s.Id, s.Enabled,
                    [.. s.Certificates.Where(c => c.NotAfter <= limit).OrderBy(c => c.NotAfter).Select(c => CertificateView.From(c, now))]))
                .Where(s => window is null || s.Certificates.Count > 0)
                .ToList();
            await WriteAsync(env, parse, output, views);
            return FerryCli.Ok;
        });

        return new Command("subscription", "Manage subscriptions and management certificates.") { add, list };
    }

    private static string Refusal(string thumbprint, CertificateValidity validity) => validity.Status == CertificateValidityStatus.Expired
        ? $"certificate {thumbprint} expired at {CertificateValidity.Format(validity.NotAfter)}"
        : $"certificate {thumbprint} is not valid until {CertificateValidity.Format(validity.NotBefore)}";

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

    private static async Task WriteAsync(CliEnvironment env, ParseResult parse, Option<string> output, IReadOnlyList<SubscriptionView> views)
    {
        if (parse.GetValue(output) == "json")
        {
            await env.Output.WriteLineAsync(JsonSerializer.Serialize(views, _json));
            return;
        }

        var table = Output.Table("Subscription", "Enabled", "Certificate thumbprint", "Subject", "Expires", "Status");
        foreach (var view in views)
        {
            foreach (var cert in view.Certificates.DefaultIfEmpty())
            {
                table.Row(view.Id, Output.YesNo(view.Enabled), cert?.Thumbprint, cert?.Subject, cert is null ? null : Output.Instant(cert.NotAfter), cert?.Status);
            }
        }

        Output.Console(env).Write(table);
        await env.Output.FlushAsync();
    }

    private sealed record SubscriptionView(string Id, bool Enabled, IReadOnlyList<CertificateView> Certificates);

    /// <summary>A registered certificate; <see cref="Status"/> is <c>valid</c>, <c>expiring</c> (within 30 days) or <c>expired</c>.</summary>
    private sealed record CertificateView(string Thumbprint, string Subject, DateTimeOffset NotAfter, string Status)
    {
        public static CertificateView From(ManagementCertificate certificate, DateTimeOffset now) =>
            new(certificate.Thumbprint, certificate.Subject, certificate.NotAfter,
                now > certificate.NotAfter ? "expired" : certificate.NotAfter - now <= CertificateValidity.WarningWindow ? "expiring" : "valid");
    }
}
