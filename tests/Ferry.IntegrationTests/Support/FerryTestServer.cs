using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Ferry.Core.Persistence;
using Ferry.Core.Subscriptions;
using Ferry.Core.Webhooks;
using Ferry.Server;
using Ferry.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.IntegrationTests.Support;

/// <summary>
/// A real Ferry server for one test: real Kestrel on 127.0.0.1 with real TLS and client certificates, its own
/// temporary data directory and database (the SQLite file in it, or a PostgreSQL database of its own under
/// <c>FERRY_TEST_DATABASE=postgresql</c>; see <see cref="ServerDatabases"/>), and a <see cref="FakeTimeProvider"/> as its clock.
/// </summary>
public sealed class FerryTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsDataDirectory;

    private FerryTestServer(WebApplication app, string dataDirectory, bool ownsDataDirectory, FakeTimeProvider clock, TestHostResolver hosts, DevCredentials credentials, Uri baseAddress)
    {
        _app = app;
        Hosts = hosts;
        _ownsDataDirectory = ownsDataDirectory;
        DataDirectory = dataDirectory;
        Clock = clock;
        Credentials = credentials;
        BaseAddress = baseAddress;
        ServerCertificate = X509Certificate2.CreateFromPem(File.ReadAllText(credentials.ServerCertificate));
        ManagementCertificate = LoadClientCertificate(credentials.ManagementCertificate, credentials.ManagementKey);
    }

    /// <summary>The server's clock; advance it to test time rules.</summary>
    public FakeTimeProvider Clock { get; }

    public string DataDirectory { get; }

    /// <summary>What webhook host names resolve to, for this server (<see cref="TestHostResolver"/>).</summary>
    public TestHostResolver Hosts { get; }

    public DevCredentials Credentials { get; }

    /// <summary><c>https://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress { get; }

    public string SubscriptionId => Credentials.SubscriptionId;

    /// <summary><c>https://127.0.0.1:port/{subscription}/services/importexport</c>.</summary>
    public string ClassicBase => $"{BaseAddress}{SubscriptionId}/services/importexport";

    public X509Certificate2 ServerCertificate { get; }

    /// <summary>The development management certificate (with its key).</summary>
    public X509Certificate2 ManagementCertificate { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server; <paramref name="options"/> adds settings and the clock's start.</summary>
    public static async Task<FerryTestServer> StartAsync(FerryTestServerOptions? options = null)
    {
        options ??= new FerryTestServerOptions();
        var dataDirectory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "ferry-tests", Guid.NewGuid().ToString("N"));
        var clock = new FakeTimeProvider(options.StartTime ?? new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var hosts = new TestHostResolver();
        var args = new List<string> { "--data-dir", dataDirectory, "--urls", "https://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning" };
        var settings = new Dictionary<string, string>(options.Settings ?? new Dictionary<string, string>());

        // The transfer engine copies real data from drive folders into a blob service; tests that want it say so
        // (with an Azurite endpoint), the others keep drives as records only.
        settings.TryAdd("Ferry:Transfer:Enabled", "false");
        foreach (var (key, value) in settings)
        {
            args.Add("--" + key);
            args.Add(value);
        }

        args.AddRange(await ServerDatabases.ArgumentsAsync(dataDirectory, settings.Keys));
        WebApplication app;
        try
        {
            app = await FerryServer.BuildAsync([.. args], builder =>
            {
                builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
                builder.Services.Replace(ServiceDescriptor.Singleton<IWebhookHostResolver>(hosts));
                options.Configure?.Invoke(builder);
            }, CancellationToken.None);
            await app.StartAsync();
        }
        catch when (options.DataDirectory is null)
        {
            await ServerDatabases.ReleaseAsync(dataDirectory);
            throw;
        }

        var address = new Uri(app.Urls.First() + "/");
        var credentials = DevCredentials.ReadOrNull(dataDirectory) ?? throw new InvalidOperationException("No dev credentials were written.");
        return new FerryTestServer(app, dataDirectory, options.DataDirectory is null, clock, hosts, credentials, address);
    }

    /// <summary>
    /// An HTTP client that trusts this server's certificate and presents <paramref name="clientCertificate"/>
    /// (the management certificate unless <paramref name="anonymous"/>). Every response on a surface is checked
    /// against that surface's OpenAPI document (<see cref="OpenApiValidatingHandler"/>) unless
    /// <paramref name="validate"/> is false, for tests that send what no document describes on purpose.
    /// </summary>
    public HttpClient CreateClient(X509Certificate2? clientCertificate = null, bool anonymous = false, bool validate = true)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == ServerCertificate.GetCertHashString(),
            },
        };
        if (!anonymous)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate ?? ManagementCertificate];
        }

        return new HttpClient(validate ? new OpenApiValidatingHandler(handler) : handler) { BaseAddress = BaseAddress };
    }

    /// <summary>An HTTP client for the operator surface, sending <paramref name="token"/> (the development operator token by default) as a bearer token.</summary>
    public HttpClient CreateOperatorClient(string? token = null)
    {
        var client = CreateClient(anonymous: true);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token ?? Credentials.OperatorToken);
        return client;
    }

    /// <summary>The development ARM bearer token of <c>dev-credentials.json</c> (<c>armToken</c>).</summary>
    public string ArmToken => Credentials.ArmToken ?? throw new InvalidOperationException("The server wrote no armToken.");

    /// <summary>
    /// An HTTP client for the ARM surface: trusts this server's certificate, presents no client certificate, and sends
    /// <paramref name="token"/> (the development ARM token by default) as a bearer token.
    /// </summary>
    public HttpClient CreateArmClient(string? token = null)
    {
        var client = CreateClient(anonymous: true);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token ?? ArmToken);
        return client;
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, re-checking after every job change the server commits (its
    /// <see cref="Ferry.Core.Jobs.JobChangeSignal"/>), and fails after <paramref name="timeout"/> of real time (default 30 s).
    /// <paramref name="nudge"/> runs before each wait, e.g. to advance the fake clock.
    /// </summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, Action? nudge = null, TimeSpan? timeout = null)
    {
        var signal = Services.GetRequiredService<Ferry.Core.Jobs.JobChangeSignal>();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var changed = signal.WhenChangedAsync();
            if (await condition())
            {
                return;
            }

            nudge?.Invoke();
            try
            {
                await changed.WaitAsync(nudge is null ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(200), deadline.Token);
            }
            catch (TimeoutException)
            {
                // Nothing changed since the nudge: nudge again.
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("The condition did not hold in time.");
            }
        }
    }

    /// <summary>
    /// Registers a new subscription with a fresh management certificate (valid on the server's clock, or
    /// <paramref name="certificate"/> as it is, whatever its validity period); returns both.
    /// </summary>
    public async Task<(string SubscriptionId, X509Certificate2 Certificate)> AddSubscriptionAsync(X509Certificate2? certificate = null)
    {
        certificate ??= CertificateFactory.CreateClientCertificate("test subscription", Clock);
        var subscriptionId = Guid.NewGuid().ToString();
        await Services.GetRequiredService<IJobStore>().RegisterCertificateAsync(subscriptionId, new ManagementCertificate
        {
            Thumbprint = CertificateFactory.Sha1Thumbprint(certificate),
            Subject = certificate.Subject,
            NotAfter = CertificateValidity.Utc(certificate.NotAfter),
        }, Clock.GetUtcNow(), CancellationToken.None);
        return (subscriptionId, certificate);
    }

    /// <summary>A self-signed client certificate registered nowhere.</summary>
    public static X509Certificate2 UnregisteredCertificate() => CertificateFactory.CreateClientCertificate("stranger", TimeProvider.System);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (!_ownsDataDirectory)
        {
            return;
        }

        await ServerDatabases.ReleaseAsync(DataDirectory);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the OS; the temp folder is cleaned later.
        }
    }

    private static X509Certificate2 LoadClientCertificate(string certificate, string key) => CertificateFactory.LoadPem(certificate, key);
}

/// <summary>
/// Settings for a <see cref="FerryTestServer"/>: configuration keys (e.g. <c>Ferry:Jobs:MaxActiveJobsPerSubscription</c>),
/// the clock's start, and a data directory to reuse (e.g. a restart), which the caller owns and deletes; when null the
/// server gets a fresh temporary one, deleted on dispose (with its PostgreSQL database, if any). A server on a reused
/// data directory gets the same database as the one before it. <see cref="Configure"/> adds to the host (e.g. a log capture).
/// </summary>
public sealed record FerryTestServerOptions(IReadOnlyDictionary<string, string>? Settings = null, DateTimeOffset? StartTime = null, string? DataDirectory = null)
{
    /// <summary>Runs on the server's builder after Ferry's own registrations.</summary>
    public Action<WebApplicationBuilder>? Configure { get; init; }
}
