using Ferry.Core.Locations;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Classic;

/// <summary>Registration and route table of the classic 2014 surface.</summary>
internal static class ClassicApi
{
    /// <summary>Path prefix after the subscription segment.</summary>
    public const string Prefix = "/{subscriptionId}/services/importexport";

    public static IServiceCollection AddClassicApi(this IServiceCollection services)
    {
        services.AddOptions<ClassicApiOptions>().BindConfiguration(ClassicApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClassicLocationOptions>().BindConfiguration(ClassicLocationOptions.Section);
        services.AddSingleton(provider =>
        {
            var file = provider.GetRequiredService<IOptions<ClassicLocationOptions>>().Value.CatalogFile;
            return file is null ? LocationCatalog.LoadDefault() : LocationCatalog.LoadFile(file);
        });
        services.AddSingleton<ClassicAuthenticator>();
        services.AddSingleton<ClassicEndpoint>();
        return services;
    }

    public static IEndpointRouteBuilder MapClassicApi(this IEndpointRouteBuilder app)
    {
        var endpoint = app.ServiceProvider.GetRequiredService<ClassicEndpoint>();
        app.Map(Prefix, endpoint.HandleAsync);
        app.Map(Prefix + "/{**rest}", endpoint.HandleAsync);
        return app;
    }
}
