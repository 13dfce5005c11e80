using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ferry.Core;

/// <summary>Registers the job engine. A provider's <c>Add…JobStore()</c> must register the DbContext factory.</summary>
public static class CoreServiceCollectionExtensions
{
    /// <summary>Adds the job engine services, options and the system clock (unless a clock is registered).</summary>
    public static IServiceCollection AddFerryCore(this IServiceCollection services)
    {
        services.AddOptions<JobRulesOptions>().BindConfiguration(JobRulesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(IStoreWriteGate.Open);
        services.AddSingleton<IJobStore, JobStore>();
        services.AddSingleton<JobService>();
        services.AddSingleton<JobSweeper>();
        return services;
    }
}
