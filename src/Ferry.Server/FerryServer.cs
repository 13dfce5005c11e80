using System.Runtime.CompilerServices;
using Ferry.Core;
using Ferry.Core.Emulation;
using Ferry.Core.Persistence;
using Ferry.Core.Security;
using Ferry.Data.PostgreSql;
using Ferry.Server.Arm;
using Ferry.Server.Classic;
using Ferry.Server.Health;
using Ferry.Server.Hosting;
using Ferry.Server.Operator;
using Ferry.Server.Telemetry;
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

    /// <summary>The exit code when the server cannot start (bad settings, data directory, database).</summary>
    public const int StartFailedExitCode = 1;

    /// <summary>
    /// The exit code when a background loop failed in a way it cannot recover from and stopped the server
    /// (docs/architecture.md §8.5): non-zero, so a supervisor that restarts on failure restarts it.
    /// </summary>
    public const int LoopFailedExitCode = 3;

    /// <summary>
    /// Builds, starts and runs the server until shutdown; returns the process exit code: 0 after a requested shutdown,
    /// <see cref="StartFailedExitCode"/> when it cannot start, <see cref="LoopFailedExitCode"/> when a loop failed.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = await BuildAsync(args, configure: null, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or OptionsValidationException or IOException or System.Data.Common.DbException)
        {
            await Console.Error.WriteLineAsync($"ferry: the server cannot start: {e.Message}");
            return StartFailedExitCode;
        }

        await using (app)
        {
            // Taken before running: the host disposes its container when it stops. (Each loop logged its own failure.)
            var loops = app.Services.GetServices<IHostedService>().OfType<LoopWorker>().ToList();
            await app.RunAsync(cancellationToken);
            if (FailedLoops(loops) is { Count: > 0 } failed)
            {
                await Console.Error.WriteLineAsync($"ferry: the server stopped because {string.Join(", ", failed)} failed; exit code {LoopFailedExitCode}.");
                return LoopFailedExitCode;
            }
        }

        return 0;
    }

    /// <summary>The names of the background loops that failed (and stopped the host), if any.</summary>
    internal static IReadOnlyList<string> FailedLoops(IEnumerable<LoopWorker> loops) =>
        [.. loops.Where(loop => loop.Status == WorkerStatus.Failed || loop.ExecuteTask is { IsFaulted: true }).Select(loop => loop.GetType().Name)];

    /// <summary>
    /// Builds the server: options, data directory (locked), TLS, store (migrated), development credentials and
    /// endpoints. <paramref name="configure"/> runs last on the builder, so tests can replace services (the clock).
    /// </summary>
    public static Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure, CancellationToken cancellationToken) =>
        BuildAsync(args, Environment.CurrentDirectory, configure, cancellationToken);

    /// <summary>
    /// Builds the server as <see cref="BuildAsync(string[], Action{WebApplicationBuilder}?, CancellationToken)"/> does, with
    /// <paramref name="workingDirectory"/> as the folder of the local <c>appsettings.json</c> and of relative <c>--config</c> files.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(string[] args, string workingDirectory, Action<WebApplicationBuilder>? configure, CancellationToken cancellationToken)
    {
        args = ServerConfiguration.NormalizeArguments(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        ServerConfiguration.AddSources(builder.Configuration, args, workingDirectory);
        var options = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        var database = DatabaseSetup.Read(builder.Configuration);
        var roles = ParseRoles(builder.Configuration["Ferry:Roles"]);
        var dataDirectory = ServerBootstrap.PrepareDataDirectory(options.DataDirectory);

        // SQLite is one process per file. PostgreSQL instances share the database, not the data directory lock.
        var directoryLock = database.Provider == DatabaseProvider.Sqlite ? DataDirectoryLock.Acquire(dataDirectory) : null;
        if (directoryLock is not null)
        {
            builder.Services.AddSingleton(_ => directoryLock);
        }

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
        builder.Services.AddJobStore(database, dataDirectory);
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("Ferry");
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            // Every instance must unprotect what any other protected (account keys, SAS tokens, BitLocker keys).
            PersistKeysToPostgreSql(dataProtection);
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(Directory.CreateDirectory(Path.Combine(dataDirectory, "keys")));
        }
        builder.Services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        builder.Services.AddSingleton<DatabaseOutage>();
        builder.Services.AddFerryHealthChecks(database, dataDirectory);
        var devCredentials = builder.Configuration.GetValue(ServerOptions.Section + ":" + nameof(ServerOptions.DevCredentials), true);
        var developmentOperatorToken = devCredentials ? ServerBootstrap.DevelopmentOperatorToken(dataDirectory) : null;
        builder.Services.AddClassicApi();
        builder.Services.AddArmApi();
        builder.Services.AddOperatorApi(developmentOperatorToken);
        builder.Services.AddApiDescriptions();
        builder.Services.AddArmAuthentication(builder.Configuration, dataDirectory, devCredentials);
        builder.Services.PostConfigure<EmulationOptions>(emulation => emulation.DriveBay = Path.GetFullPath(emulation.DriveBay, dataDirectory));
        if (roles.HasFlag(ServerRoles.Worker))
        {
            builder.Services.AddBackgroundWorkers();
        }

        builder.AddFerryTelemetry();
        configure?.Invoke(builder);

        var app = builder.Build();

        // Resolved once so that the container owns it: disposing the app then releases the data directory (the container
        // never disposes an instance it was handed, so a second server in the same process could not start).
        if (directoryLock is not null)
        {
            app.Services.GetRequiredService<DataDirectoryLock>();
        }

        try
        {
            await app.Services.PrepareStoreAsync(database, migrate: false, cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ferry.Server");
        if (devCredentials)
        {
            var time = app.Services.GetRequiredService<TimeProvider>();
            await ServerBootstrap.EnsureDevCredentialsAsync(
                app.Services.GetRequiredService<IJobStore>(), dataDirectory, serverCertificatePath, developmentOperatorToken!, logger, time, cancellationToken);
            app.Lifetime.ApplicationStarted.Register(() => ServerBootstrap.RecordEndpoint(
                dataDirectory, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()));
        }

        await ArmAuthenticationSetup.StartAsync(app.Services, dataDirectory, logger, cancellationToken);

        app.UseRequestTelemetry();
        app.MapFerryHealth();
        app.MapMetrics();
        if (roles.HasFlag(ServerRoles.Api))
        {
            app.MapClassicApi();
            app.MapArmApi();
            app.MapOperatorApi();
            app.MapFerryExtensionsApi();
            app.MapApiDescriptions();
        }

        return app;
    }

    /// <summary>
    /// The PostgreSQL key ring, in a method of its own so that the PostgreSQL store's assemblies load only when it is
    /// the provider (docs/architecture.md §11.3).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PersistKeysToPostgreSql(IDataProtectionBuilder dataProtection) =>
        dataProtection.PersistKeysToDbContext<PostgreSqlFerryDbContext>();

    /// <summary>Parses <c>Ferry:Roles</c> (<c>api</c>, <c>worker</c>, comma-separated; both when empty).</summary>
    public static ServerRoles ParseRoles(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ServerRoles.Api | ServerRoles.Worker;
        }

        var roles = (ServerRoles)0;
        foreach (var part in text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            roles |= part.ToUpperInvariant() switch
            {
                "API" => ServerRoles.Api,
                "WORKER" => ServerRoles.Worker,
                _ => throw new InvalidOperationException($"Ferry:Roles: unknown role '{part}' (the roles are api and worker, e.g. --roles api,worker)."),
            };
        }

        return roles;
    }
}
