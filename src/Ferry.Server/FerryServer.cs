using Ferry.Core;
using Ferry.Core.Emulation;
using Ferry.Core.Persistence;
using Ferry.Core.Security;
using Ferry.Data.Sqlite;
using Ferry.Server.Classic;
using Ferry.Server.Hosting;
using Ferry.Server.Operator;
using Ferry.Server.Workers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Ferry.Server;

/// <summary>
/// The one composition root: <c>Program</c>, <c>ferry serve</c> and the tests all start the server here.
/// </summary>
public static partial class FerryServer
{
    /// <summary>The URL served when none is configured.</summary>
    public const string DefaultUrl = "https://localhost:8443";

    private static readonly Dictionary<string, string> _switches = new()
    {
        ["--data-dir"] = "Ferry:DataDirectory",
        ["--blob-endpoint"] = "Ferry:Transfer:BlobEndpoint",
        ["--tls-certificate"] = "Ferry:TlsCertificate",
        ["--tls-key"] = "Ferry:TlsKey",
    };

    /// <summary>Builds, starts and runs the server until shutdown; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = await BuildAsync(args, configure: null, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or OptionsValidationException or IOException)
        {
            await Console.Error.WriteLineAsync($"ferry: the server cannot start: {e.Message}");
            return 1;
        }

        await using (app)
        {
            await app.RunAsync(cancellationToken);
        }

        return 0;
    }

    /// <summary>
    /// Builds the server: options, data directory (locked), TLS, store (migrated), development credentials and
    /// endpoints. <paramref name="configure"/> runs last on the builder, so tests can replace services (the clock).
    /// </summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, _switches);
        var options = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        var dataDirectory = ServerBootstrap.PrepareDataDirectory(options.DataDirectory);
        var directoryLock = DataDirectoryLock.Acquire(dataDirectory);
        builder.Services.AddSingleton(_ => directoryLock);

        var urls = builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"] ?? DefaultUrl;
        if (urls.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(u => !u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) is { } plain)
        {
            throw new InvalidOperationException($"Ferry serves HTTPS only; '{plain}' is not an https:// URL.");
        }

        builder.WebHost.UseUrls(urls);
        var (serverCertificate, serverCertificatePath) = ServerBootstrap.LoadOrCreateServerCertificate(options, dataDirectory, TimeProvider.System);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ServerCertificate = serverCertificate;
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;

                // Management certificates are self-signed: the classic surface authorises them by registered thumbprint.
                https.AllowAnyClientCertificate();
            });
        });

        builder.Services.AddFerryCore();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (!Enum.IsDefined(database.SqliteSynchronous))
        {
            throw new InvalidOperationException($"{DatabaseOptions.Section}:SqliteSynchronous must be Full or Normal.");
        }

        if (database.JobCacheCapacity is < 0 or > 10_000_000)
        {
            throw new InvalidOperationException($"{DatabaseOptions.Section}:JobCacheCapacity must be between 0 and 10000000.");
        }

        builder.Services.AddSqliteJobStore(Path.Combine(dataDirectory, SqliteJobStoreExtensions.FileName), database.SqliteSynchronous, database.JobCacheCapacity);
        var keys = Directory.CreateDirectory(Path.Combine(dataDirectory, "keys"));
        builder.Services.AddDataProtection().SetApplicationName("Ferry").PersistKeysToFileSystem(keys);
        builder.Services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        var devCredentials = builder.Configuration.GetValue(ServerOptions.Section + ":" + nameof(ServerOptions.DevCredentials), true);
        var developmentOperatorToken = devCredentials ? ServerBootstrap.DevelopmentOperatorToken(dataDirectory) : null;
        builder.Services.AddClassicApi();
        builder.Services.AddOperatorApi(developmentOperatorToken);
        builder.Services.PostConfigure<EmulationOptions>(emulation => emulation.DriveBay = Path.GetFullPath(emulation.DriveBay, dataDirectory));
        builder.Services.AddHostedService<HousekeepingWorker>();
        builder.Services.AddHostedService<EmulationWorker>();
        builder.Services.AddHostedService<WebhookWorker>();
        builder.Services.AddHostedService<TransferWorker>();
        configure?.Invoke(builder);

        var app = builder.Build();

        // Resolved once so that the container owns it: disposing the app then releases the data directory (the container
        // never disposes an instance it was handed, so a second server in the same process could not start).
        app.Services.GetRequiredService<DataDirectoryLock>();
        await app.Services.MigrateSqliteAsync(cancellationToken);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ferry.Server");
        if (devCredentials)
        {
            var time = app.Services.GetRequiredService<TimeProvider>();
            await ServerBootstrap.EnsureDevCredentialsAsync(
                app.Services.GetRequiredService<IJobStore>(), dataDirectory, serverCertificatePath, developmentOperatorToken!, logger, time, cancellationToken);
            app.Lifetime.ApplicationStarted.Register(() => ServerBootstrap.RecordEndpoint(
                dataDirectory, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()));
        }

        app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous();
        app.MapClassicApi();
        app.MapOperatorApi();
        app.MapFerryExtensionsApi();
        return app;
    }
}
