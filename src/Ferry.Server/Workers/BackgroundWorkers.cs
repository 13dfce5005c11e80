namespace Ferry.Server.Workers;

/// <summary>Registration of the background loops of the worker role.</summary>
internal static class BackgroundWorkers
{
    /// <summary>
    /// Adds the loops: the sweeper, the emulator and the webhook outbox run on one instance at a time (leader leases),
    /// the transfer engine on every worker instance (drives are claimed one by one).
    /// </summary>
    public static IServiceCollection AddBackgroundWorkers(this IServiceCollection services)
    {
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LeaderLeases>();
        services.AddHostedService<HousekeepingWorker>();
        services.AddHostedService<EmulationWorker>();
        services.AddHostedService<WebhookWorker>();
        services.AddHostedService<TransferWorker>();
        return services;
    }
}
