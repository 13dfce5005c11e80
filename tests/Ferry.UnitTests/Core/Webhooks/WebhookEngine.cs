using Ferry.Core;
using Ferry.Core.Jobs;
using Ferry.Core.Security;
using Ferry.Core.Webhooks;
using Ferry.UnitTests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.UnitTests.Core.Webhooks;

/// <summary>
/// The Core services of one webhook test on a real store of the run's backend (<see cref="TestJobStore"/>) and a <see cref="FakeTimeProvider"/>, with deliveries
/// going to a <see cref="StubReceiver"/> instead of the network; every webhook host name resolves to a documentation
/// address (<see cref="DocumentationResolver"/>), so registration's check passes. No background loop runs: the test calls
/// <see cref="WebhookDispatcher.RunOnceAsync"/> itself.
/// </summary>
internal sealed class WebhookEngine : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _directory;
    private readonly TestJobStore _store;

    private WebhookEngine(ServiceProvider services, string directory, TestJobStore store, FakeTimeProvider clock, StubReceiver receiver)
    {
        _services = services;
        _directory = directory;
        _store = store;
        Clock = clock;
        Receiver = receiver;
    }

    public FakeTimeProvider Clock { get; }

    public StubReceiver Receiver { get; }

    public IServiceProvider Services => _services;

    public JobService Jobs => _services.GetRequiredService<JobService>();

    public WebhookService Webhooks => _services.GetRequiredService<WebhookService>();

    public WebhookDispatcher Dispatcher => _services.GetRequiredService<WebhookDispatcher>();

    public static async Task<WebhookEngine> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = Directory.CreateTempSubdirectory("ferry-webhooks-").FullName;
        var clock = new FakeTimeProvider(SqliteJobEngine.Start);
        var receiver = new StubReceiver();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ISecretProtector, PrefixReversingProtector>();
        services.AddSingleton<IWebhookHostResolver, DocumentationResolver>();
        services.AddFerryCore();
        services.AddHttpClient(WebhookDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => receiver);
        var store = await TestJobStore.AddAsync(services, directory);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await store.MigrateAsync(provider);
        return new WebhookEngine(provider, directory, store, clock, receiver);
    }

    /// <summary>Registers a webhook of the test subscription; returns its id.</summary>
    public async Task<string> AddWebhookAsync(string url, string secret = "s3cret")
    {
        var added = await Webhooks.AddAsync(JobRequests.Subscription, url, secret, CancellationToken.None);
        Assert.Null(added.Error);
        return added.Value.Webhook.Id;
    }

    /// <summary>The webhook's deliveries, newest first.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(string webhookId)
    {
        var listed = await Webhooks.ListDeliveriesAsync(JobRequests.Subscription, webhookId, CancellationToken.None);
        Assert.Null(listed.Error);
        return [.. listed.Value!.Select(d => d.Delivery)];
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Receiver.Dispose();
        await _store.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A handle the OS still holds; the temp folder is cleaned later.
        }
    }
}
