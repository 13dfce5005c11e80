using Microsoft.Extensions.Options;

namespace Ferry.Server.Arm;

/// <summary>Registration and route table of the ARM <c>Microsoft.ImportExport</c> surface (docs/arm-api.md §3).</summary>
internal static class ArmApi
{
    private const string Provider = "/providers/Microsoft.ImportExport";
    private const string Group = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}" + Provider + "/jobs";

    public static IServiceCollection AddArmApi(this IServiceCollection services)
    {
        services.AddOptions<ArmApiOptions>().BindConfiguration(ArmApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider => ArmLocationCatalog.Load(provider.GetRequiredService<IOptions<ArmApiOptions>>().Value.LocationCatalogFile));
        services.AddSingleton<ArmEndpoint>();
        return services;
    }

    public static IEndpointRouteBuilder MapArmApi(this IEndpointRouteBuilder app)
    {
        var endpoint = app.ServiceProvider.GetRequiredService<ArmEndpoint>();

        // Literal segments match case-insensitively (docs/decisions.md D12); methods are checked by the endpoint, so that a known path
        // with another method is a 405 in the ARM envelope rather than the router's bare answer.
        Map(Provider + "/operations", ArmRoute.Operations);
        Map(Provider + "/locations", ArmRoute.Locations);
        Map(Provider + "/locations/{locationName}", ArmRoute.Location);
        Map("/subscriptions/{subscriptionId}" + Provider + "/jobs", ArmRoute.SubscriptionJobs);
        Map(Group, ArmRoute.ResourceGroupJobs);
        Map(Group + "/{jobName}", ArmRoute.Job);
        Map(Group + "/{jobName}/listBitLockerKeys", ArmRoute.BitLockerKeys);
        Map("/providers/{**rest}", ArmRoute.Unknown);
        Map("/subscriptions/{**rest}", ArmRoute.Unknown);
        return app;

        void Map(string pattern, ArmRoute route) => app.Map(pattern, http => endpoint.HandleAsync(http, route));
    }
}
