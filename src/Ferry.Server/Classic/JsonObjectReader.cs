using System.Text.Json;
using Ferry.Core.Errors;

namespace Ferry.Server.Classic;

/// <summary>
/// Strict reading of one JSON object of a request body: every member must be known (OData v3 rejects undefined
/// members), <c>odata.*</c> annotations and server-owned members are skipped, and each error names its field.
/// JSON <c>null</c> counts as absent.
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly JsonElement _element;
    private readonly string _path;

    private JsonObjectReader(JsonElement element, string path)
    {
        _element = element;
        _path = path;
    }

    /// <summary>The reader of an object, or a 400 when <paramref name="element"/> is not an object.</summary>
    public static Result<JsonObjectReader> Open(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object
            ? new JsonObjectReader(element, path)
            : FerryErrors.Invalid(path, $"'{path}' must be a JSON object.");

    /// <summary>
    /// Checks member names: <paramref name="known"/> and <paramref name="ignored"/> pass; a member of
    /// <paramref name="refused"/> is a 400 with that reason; any other is a 400 naming it.
    /// </summary>
    public FerryError? CheckMembers(IReadOnlySet<string> known, IReadOnlySet<string>? ignored = null, IReadOnlyDictionary<string, string>? refused = null)
    {
        foreach (var member in _element.EnumerateObject())
        {
            var name = member.Name;
            if (name.StartsWith("odata.", StringComparison.Ordinal) || known.Contains(name) || (ignored?.Contains(name) ?? false))
            {
                continue;
            }

            var field = Field(name);
            return refused is not null && refused.TryGetValue(name, out var reason)
                ? FerryErrors.Invalid(field, $"'{field}' {reason}")
                : FerryErrors.Invalid(field, $"'{field}' is not a member of this request.");
        }

        return null;
    }

    /// <summary>Whether the member is present and not null.</summary>
    public bool Has(string name) => _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>A string member: null when absent; a 400 when required and absent, empty, too long or not a string.</summary>
    public Result<string?> String(string name, bool required = false, int? maxLength = null)
    {
        var field = Field(name);
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? FerryErrors.Invalid(field, $"'{field}' is required.") : Result<string?>.FromValue(null);
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return FerryErrors.Invalid(field, $"'{field}' must be a string.");
        }

        var text = value.GetString()!;
        if (required && text.Length == 0)
        {
            return FerryErrors.Invalid(field, $"'{field}' must not be empty.");
        }

        if (maxLength is { } max && text.Length > max)
        {
            return FerryErrors.Invalid(field, $"'{field}' is longer than {max} characters.");
        }

        return text;
    }

    /// <summary>A Boolean member: null when absent; a 400 when not a JSON Boolean.</summary>
    public Result<bool?> Boolean(string name)
    {
        var field = Field(name);
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return Result<bool?>.FromValue(null);
        }

        return value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : FerryErrors.Invalid(field, $"'{field}' must be a Boolean (true or false).");
    }

    /// <summary>An Int32 member: null when absent; a 400 when not an integer in range.</summary>
    public Result<int?> Int32(string name, int minimum)
    {
        var field = Field(name);
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return Result<int?>.FromValue(null);
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            return FerryErrors.Invalid(field, $"'{field}' must be a 32-bit integer.");
        }

        return number >= minimum ? number : FerryErrors.Invalid(field, $"'{field}' must be at least {minimum}.");
    }

    /// <summary>A nested value, or null when absent or null.</summary>
    public JsonElement? Element(string name) =>
        _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>The dotted path of a member, for messages.</summary>
    public string Field(string name) => _path.Length == 0 ? name : $"{_path}.{name}";
}
