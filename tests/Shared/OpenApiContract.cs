using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Ferry.TestSupport;

/// <summary>
/// One OpenAPI 3.1 document as a contract for real responses (docs/architecture.md §10): finds the operation by
/// method and path template, the response by status code and the body's media type, and validates a JSON body
/// against the response schema (JSON Schema 2020-12, <c>#/components/schemas</c> resolved as <c>$defs</c>).
/// What the document does not describe is itself a violation. Schemas are built once, on first use.
/// </summary>
public sealed class OpenApiContract
{
    private const string ComponentsPrefix = "#/components/schemas/";
    private readonly JsonObject _document;
    private readonly List<(string Template, string[] Segments, JsonObject Item)> _paths = [];
    private readonly Dictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly string _definitions;

    private OpenApiContract(string name, JsonObject document)
    {
        Name = name;
        _document = document;
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            _paths.Add((template, Split(template), item!.AsObject()));
        }

        _definitions = Prepare((document["components"]?["schemas"] ?? new JsonObject()).ToJsonString());
    }

    public string Name { get; }

    /// <summary>The path templates the document lists.</summary>
    public IEnumerable<string> Templates => _paths.Select(p => p.Template);

    /// <summary>The methods (lowercase) of a path template.</summary>
    public IEnumerable<string> MethodsOf(string template) =>
        _paths.Where(p => p.Template == template).SelectMany(p => p.Item.Select(kv => kv.Key)).Where(IsMethod);

    public static OpenApiContract Parse(string name, string json)
    {
        var document = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidOperationException($"{name}: not a JSON object.");
        if (document["openapi"]?.GetValue<string>() is not { } version || !version.StartsWith("3.1", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{name}: not an OpenAPI 3.1 document.");
        }

        return new OpenApiContract(name, document);
    }

    /// <summary>
    /// The violations of one exchange: empty when the document describes it. <paramref name="path"/> is the
    /// request's path, still percent-encoded; <paramref name="body"/> is null or empty when there is none.
    /// </summary>
    public IReadOnlyList<string> Check(string method, string path, int status, string? mediaType, string? body)
    {
        var what = $"{method} {path} → {status}";
        var operation = FindOperation(method.ToLowerInvariant(), path);
        JsonObject? response;
        if (operation is null)
        {
            // A path or method the document does not list: the surface must refuse it with one of its error answers.
            if (status < 400 || status >= 500)
            {
                return [$"{Name}: {what}: the document has no operation {method} for this path."];
            }

            response = ErrorResponses().FirstOrDefault(r => Content(r, mediaType) is not null) ?? ErrorResponses().FirstOrDefault();
            if (response is null)
            {
                return [$"{Name}: {what}: no operation, and the document describes no error answer."];
            }
        }
        else
        {
            var responses = operation["responses"]?.AsObject();
            response = Resolve(responses?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? responses?[$"{status / 100}XX"] ?? responses?["default"]);
            if (response is null)
            {
                return [$"{Name}: {what}: status {status} is not documented for this operation."];
            }
        }

        if (string.IsNullOrEmpty(body) || method.Equals("HEAD", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var content = Content(response, mediaType);
        if (content is null)
        {
            return [$"{Name}: {what}: a body of type '{mediaType}' is not documented (documented: {string.Join(", ", (response["content"]?.AsObject() ?? []).Select(c => c.Key))})."];
        }

        if (mediaType is null || !(mediaType.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            return [];
        }

        if (content["schema"] is not { } schemaNode)
        {
            return [];
        }

        JsonElement instance;
        try
        {
            using var parsed = JsonDocument.Parse(body);
            instance = parsed.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return [$"{Name}: {what}: the body is not JSON: {e.Message}"];
        }

        var result = SchemaOf(schemaNode).Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
            .Take(12).ToList();
        return [$"{Name}: {what}: the body does not match the documented schema:\n  " + string.Join("\n  ", errors) + "\n  body: " + Shorten(body)];
    }

    /// <summary>
    /// Component references become <c>$defs</c> references. A nullable reference is written by the generator as
    /// <c>oneOf: [{type: null}, {$ref}]</c>, and an enum used nullably also lists <c>null</c> among its values, so that
    /// null would match both branches and fail <c>oneOf</c>; "null or the type" is what is meant, so it is read as <c>anyOf</c>.
    /// </summary>
    private static string Prepare(string schema) => schema
        .Replace(ComponentsPrefix, "#/$defs/", StringComparison.Ordinal)
        .Replace("\"oneOf\":[{\"type\":\"null\"},", "\"anyOf\":[{\"type\":\"null\"},", StringComparison.Ordinal);

    private static string Shorten(string body) => body.Length <= 2000 ? body : body[..2000] + "…";

    private static bool IsMethod(string key) => key is "get" or "put" or "post" or "delete" or "patch" or "head" or "options" or "trace";

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.None)[1..];

    private JsonObject? FindOperation(string method, string path)
    {
        var segments = Split(path.Length > 1 && path.EndsWith('/') ? path[..^1] : path);
        var best = _paths
            .Where(p => p.Item[method] is JsonObject && Matches(p.Segments, segments))
            .OrderByDescending(p => p.Segments.Count(s => !s.StartsWith('{')))
            .Select(p => p.Item[method]!.AsObject())
            .FirstOrDefault();
        return best;
    }

    private static bool Matches(string[] template, string[] segments)
    {
        if (template.Length != segments.Length)
        {
            return false;
        }

        for (var i = 0; i < template.Length; i++)
        {
            var actual = Uri.UnescapeDataString(segments[i]);
            if (template[i].StartsWith('{') && template[i].EndsWith('}'))
            {
                if (actual.Length == 0)
                {
                    return false;
                }
            }
            else if (!string.Equals(template[i], actual, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private IEnumerable<JsonObject> ErrorResponses() =>
        _paths.SelectMany(p => p.Item.Where(kv => IsMethod(kv.Key)).Select(kv => kv.Value!["responses"]?.AsObject()))
            .Where(r => r is not null)
            .SelectMany(r => r!.Where(kv => kv.Key.StartsWith('4')).Select(kv => Resolve(kv.Value)))
            .OfType<JsonObject>();

    private JsonObject? Resolve(JsonNode? node)
    {
        if (node?["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/components/responses/", StringComparison.Ordinal))
        {
            return _document["components"]?["responses"]?[reference["#/components/responses/".Length..]]?.AsObject();
        }

        return node?.AsObject();
    }

    private static JsonObject? Content(JsonObject response, string? mediaType)
    {
        if (mediaType is null || response["content"] is not JsonObject content)
        {
            return null;
        }

        return content.FirstOrDefault(c => string.Equals(c.Key.Split(';')[0].Trim(), mediaType, StringComparison.OrdinalIgnoreCase)).Value?.AsObject();
    }

    private JsonSchema SchemaOf(JsonNode schemaNode)
    {
        var text = Prepare(schemaNode.ToJsonString());
        lock (_lock)
        {
            if (!_schemas.TryGetValue(text, out var schema))
            {
                var wrapped = $$"""{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{{_definitions}},"allOf":[{{text}}]}""";
                schema = JsonSchema.FromText(wrapped, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://ferry.test/openapi/{Name}/{_schemas.Count}"));
                _schemas[text] = schema;
            }

            return schema;
        }
    }
}
