using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Ferry.Server.Hosting;

/// <summary>
/// The OpenAPI 3.1 documents of the four surfaces (docs/architecture.md §10), served anonymously under
/// <c>/openapi/{name}.json</c> and browsable at <c>/docs</c>. The operator and extensions documents are generated
/// from the endpoints' metadata (group name, <c>Produces</c>, <c>Accepts</c>); the classic and ARM documents are
/// written by hand, describing those surfaces as Ferry serves them, and embedded in this assembly.
/// </summary>
internal static class ApiDescriptions
{
    public const string Classic = "classic";
    public const string Arm = "arm";
    public const string Operator = "operator";
    public const string Extensions = "extensions";

    /// <summary>Where a document is served; <c>{documentName}</c> is one of <see cref="Names"/>.</summary>
    public const string RoutePattern = "/openapi/{documentName}.json";

    /// <summary>Where the browsable reference is served.</summary>
    public const string DocsPath = "/docs";

    /// <summary>Every document, in the order the reference lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [Classic, Arm, Operator, Extensions];

    private static readonly Dictionary<string, string> _titles = new(StringComparer.Ordinal)
    {
        [Classic] = "Ferry classic Import/Export API (2014)",
        [Arm] = "Ferry ARM Microsoft.ImportExport API",
        [Operator] = "Ferry operator API",
        [Extensions] = "Ferry customer extensions",
    };

    /// <summary>The path of a document.</summary>
    public static string PathOf(string name) => RoutePattern.Replace("{documentName}", name, StringComparison.Ordinal);

    /// <summary>The text of a hand-written document (<see cref="Classic"/> or <see cref="Arm"/>), from this assembly.</summary>
    public static string ReadEmbedded(string name)
    {
        using var stream = typeof(ApiDescriptions).Assembly.GetManifestResourceStream($"Ferry.Server.OpenApi.{name}.json")
            ?? throw new InvalidOperationException($"The OpenAPI document '{name}' is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static IServiceCollection AddApiDescriptions(this IServiceCollection services)
    {
        // The generator reads the schemas through these options; the surfaces write enums as their names (FerryJson).
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false)));
        foreach (var name in new[] { Operator, Extensions })
        {
            services.AddOpenApi(name, options =>
            {
                options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
                options.ShouldInclude = description => description.GroupName == name;
                options.AddDocumentTransformer((document, _, _) =>
                {
                    document.Info = new OpenApiInfo { Title = _titles[name], Version = "1", Description = "docs/operator-api.md" };
                    document.Servers = [new OpenApiServer { Url = "/" }];
                    return Task.CompletedTask;
                });
                options.AddSchemaTransformer(CloseFerrySchemaAsync);
            });
        }

        return services;
    }

    public static IEndpointRouteBuilder MapApiDescriptions(this IEndpointRouteBuilder app)
    {
        foreach (var name in new[] { Classic, Arm })
        {
            var text = ReadEmbedded(name);
            app.MapGet(PathOf(name), () => Results.Text(text, "application/json;charset=utf-8")).ExcludeFromDescription().AllowAnonymous();
        }

        app.MapOpenApi(RoutePattern).AllowAnonymous();
        app.MapScalarApiReference(DocsPath, options =>
        {
            options.WithTitle("Ferry API reference").WithOpenApiRoutePattern(RoutePattern);
            foreach (var name in Names)
            {
                options.AddDocument(name, _titles[name], PathOf(name), isDefault: name == Classic);
            }
        }).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Ferry's own views are written with every member, nulls included (FerryJson), and read strictly: so each of
    /// their object schemas requires every property and admits no other.
    /// </summary>
    private static Task CloseFerrySchemaAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type.Namespace?.StartsWith("Ferry.", StringComparison.Ordinal) == true
            && context.JsonTypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object
            && schema.Properties is { Count: > 0 } properties)
        {
            schema.Required = new HashSet<string>(properties.Keys, StringComparer.Ordinal);
            schema.AdditionalPropertiesAllowed = false;
        }

        return Task.CompletedTask;
    }
}
