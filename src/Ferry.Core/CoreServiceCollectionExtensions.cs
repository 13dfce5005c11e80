using Ferry.Core.Emulation;
using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Ferry.Core.Subscriptions;
using Ferry.Core.Telemetry;
using Ferry.Core.Transfer;
using Ferry.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ferry.Core;

/// <summary>Registers the job engine. A provider's <c>Add…JobStore()</c> must register the DbContext factory.</summary>
public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds the job engine services, options, the system clock and this instance's <see cref="InstanceIdentity"/> (unless
    /// a clock or an identity is registered), and <see cref="FerryTelemetry"/> on the host's meter factory.
    /// </summary>
    public static IServiceCollection AddFerryCore(this IServiceCollection services)
    {
        services.AddOptions<JobRulesOptions>().BindConfiguration(JobRulesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmulationOptions>().BindConfiguration(EmulationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TransferOptions>().BindConfiguration(TransferOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(IStoreWriteGate.Open);
        services.TryAddSingleton<InstanceIdentity>();
        services.AddMetrics();
        services.TryAddSingleton<FerryTelemetry>();
        services.TryAddSingleton<StoreGauges>();
        services.AddSingleton<IJobStore, JobStore>();
        services.AddSingleton<LeaderLeaseStore>();
        services.AddSingleton<JobChangeSignal>();
        services.AddSingleton<JobService>();
        services.AddSingleton<DataCentre>();
        services.AddSingleton<JobSweeper>();
        services.AddSingleton<EmulationControl>();
        services.AddSingleton<Emulator>();
        services.AddSingleton<TransferStore>();
        services.AddSingleton<StorageAccountStore>();
        services.AddSingleton<StorageAccountRegistry>();
        services.AddSingleton<BlobAccounts>();
        services.AddSingleton<TransferEngine>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookService>();
        services.AddSingleton<WebhookDispatcher>();
        services.TryAddSingleton<IWebhookHostResolver, DnsWebhookHostResolver>();
        services.AddSingleton<WebhookTargetGuard>();

        // docs/architecture.md §8.4: the guard resolves, vets and connects; no proxy (it would be the one vetted),
        // no redirects (a 3xx is a failed attempt); the attempt's timeout is the dispatcher's, on the injected clock.
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = provider.GetRequiredService<WebhookTargetGuard>().ConnectAsync,
            });
        return services;
    }
}
